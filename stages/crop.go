package stages

import "math"

// A Region is a rectangle of an image in continuous pixel coordinates:
// pixel (x, y) covers [x, x+1) x [y, y+1), and the whole w x h image is
// {0, 0, w, h}. Its edges need not fall on whole pixels.
type Region struct {
	X0, Y0, X1, Y1 float64
}

// Dx and Dy are the region's width and height.
func (r Region) Dx() float64 { return r.X1 - r.X0 }

// Dy is the region's height.
func (r Region) Dy() float64 { return r.Y1 - r.Y0 }

// WholeRegion is the region of a whole w x h image.
func WholeRegion(w, h int) Region {
	return Region{0, 0, float64(w), float64(h)}
}

// FillSize returns the output size, and the size of the window of the
// image it is made from, for a w x h image that fills a boxW x boxH box and
// is cropped to it (both sides of the box must be positive).
//
// The image is scaled by the larger of boxW/w and boxH/h, but never
// enlarged unless upscale is set: the output is then the box, or, for an
// image too small to fill it, the part of the box that the image covers
// at its own size (as vipsthumbnail's crop does). The window has the
// output's aspect ratio and is as large as the image allows, computed as
// Pillow's ImageOps.fit does; CentreWindow and Attention place it.
func FillSize(w, h, boxW, boxH int, upscale bool) (outW, outH int, winW, winH float64) {
	if w <= 0 || h <= 0 || boxW <= 0 || boxH <= 0 {
		return max(w, 0), max(h, 0), float64(max(w, 0)), float64(max(h, 0))
	}
	s := max(float64(boxW)/float64(w), float64(boxH)/float64(h))
	if !upscale && s >= 1 {
		outW, outH = min(boxW, w), min(boxH, h)
		return outW, outH, float64(outW), float64(outH)
	}
	outW = min(boxW, max(1, int(math.Round(float64(w)*s))))
	outH = min(boxH, max(1, int(math.Round(float64(h)*s))))
	// ImageOps.fit's window, to the letter.
	live, ratio := float64(w)/float64(h), float64(outW)/float64(outH)
	switch {
	case live == ratio:
		winW, winH = float64(w), float64(h)
	case live >= ratio:
		winW, winH = ratio*float64(h), float64(h)
	default:
		winW, winH = float64(w), float64(w)/ratio
	}
	return outW, outH, winW, winH
}

// CentreWindow returns the winW x winH region at the centre of a w x h
// image, as Pillow's ImageOps.fit places it (centering 0.5, 0.5). A
// window of a whole number of pixels starts on a whole pixel, as
// vipsthumbnail's centre crop does, so that an unscaled crop copies
// pixels rather than interpolating between them.
func CentreWindow(w, h int, winW, winH float64) Region {
	x0, y0 := (float64(w)-winW)/2, (float64(h)-winH)/2
	if winW == math.Trunc(winW) {
		x0 = math.Floor(x0)
	}
	if winH == math.Trunc(winH) {
		y0 = math.Floor(y0)
	}
	return Region{x0, y0, x0 + winW, y0 + winH}
}
