package stages

import (
	"image"
	"math"
	"math/rand/v2"
)

// Noise returns img with Gaussian noise added, as torchvision's
// GaussianNoise adds it to a tensor: each sample v becomes v + sigma*n, n
// drawn from rng by NormFloat64, rounded to the nearest integer and clipped
// to 0..255. sigma is in grey levels (torchvision's sigma times 255). The
// draws are taken in a fixed order (plane by plane, row by row, left to
// right, channel by channel), so the same rng state gives the same image.
// A sigma of zero or less returns img unchanged and draws nothing.
//
// A *image.YCbCr gets its noise plane by plane and stays one: every Y, Cb
// and Cr sample its own draw of standard deviation sigma, chroma at its own
// resolution. That is not the noise of R, G and B drawn independently
// (which, converted, would be about 0.67*sigma in Y and correlated
// between the planes), but it is noise of the stated deviation in the
// samples the pipeline holds, with no conversion. *image.RGBA and opaque
// *image.NRGBA get noise in R, G and B, alpha kept; *image.Gray in its one
// channel; other images are converted as by Blur. img is not modified; s
// supplies the memory of the result (nil allocates).
func Noise(s *Scratch, img image.Image, sigma float64, rng *rand.Rand) image.Image {
	if sigma <= 0 || img.Bounds().Empty() {
		return img
	}
	img = canonical(img)
	out, dst, src := newPlanes(s, img)
	for k, p := range src {
		colours := min(p.ch, 3)
		for y := range p.h {
			d, r := dst[k].row(y), p.row(y)
			copy(d, r)
			for x := 0; x < len(r); x += p.ch {
				for c := range colours {
					v := math.Round(float64(r[x+c]) + float64(sigma*rng.NormFloat64()))
					d[x+c] = uint8(min(max(v, 0), 255))
				}
			}
		}
	}
	return out
}
