package stages

import (
	"image"
	"image/color"
	"image/draw"
)

// opaque reports whether every pixel of img is fully opaque. Images whose
// type cannot hold transparency answer at once.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// Flatten composites img onto a white background, as a JPEG cannot hold
// transparency. Opaque images are returned unchanged.
func Flatten(img image.Image) image.Image {
	if opaque(img) {
		return img
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	return dst
}
