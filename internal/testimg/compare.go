package testimg

import (
	"image"
	"image/color"
	"math"
)

// PSNR is the peak signal-to-noise ratio between two images, in dB, over
// the 8-bit R, G and B of every pixel (as color.NRGBA, so not premultiplied;
// alpha is ignored). Pixels are paired by their offset from each image's
// Bounds().Min. It is +Inf when the samples are all equal.
//
// The images must be of the same size: when they are not, PSNR returns 0,
// the lowest PSNR 8-bit images can have, so that a test asserting a minimum
// fails rather than passes (NaN would compare false with any threshold).
// Use PSNROverlap where sizes may differ by rounding.
func PSNR(a, b image.Image) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 0
	}
	return PSNROverlap(a, b)
}

// PSNROverlap is PSNR over the area both images cover, from their top-left
// corners: for outputs whose sizes may differ by a pixel of rounding. It is
// 0 when that area is empty.
func PSNROverlap(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	w, h := min(ab.Dx(), bb.Dx()), min(ab.Dy(), bb.Dy())
	if w <= 0 || h <= 0 {
		return 0
	}
	var se float64
	for y := range h {
		for x := range w {
			p := color.NRGBAModel.Convert(a.At(ab.Min.X+x, ab.Min.Y+y)).(color.NRGBA)
			q := color.NRGBAModel.Convert(b.At(bb.Min.X+x, bb.Min.Y+y)).(color.NRGBA)
			for _, d := range [3]float64{float64(p.R) - float64(q.R), float64(p.G) - float64(q.G), float64(p.B) - float64(q.B)} {
				se += d * d
			}
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*3*float64(w*h)/se)
}
