package stages

import (
	"image"

	"github.com/disintegration/imaging"
)

// Blur applies a Gaussian blur of standard deviation sigma, in pixels of
// img. A sigma of zero or less returns img unchanged.
func Blur(img image.Image, sigma float64) image.Image {
	if sigma <= 0 {
		return img
	}
	return imaging.Blur(img, sigma)
}
