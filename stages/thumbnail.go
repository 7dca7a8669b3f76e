package stages

import "math"

// MaxSide is the longest side, in pixels, that a box or an output may
// have: 65535, the most a JPEG can hold.
const MaxSide = 65535

// ThumbnailSize returns the size of a w x h image fitted inside a box x box
// square with its aspect ratio kept, never enlarged. Like Pillow's
// Image.thumbnail, the shorter side is rounded to whichever whole number
// keeps the aspect ratio closest (3088x2056 into 1200 gives 1200x799, not
// the 1200x798 of truncation), and is never less than 1. It is
// FitSize(w, h, box, box, false).
func ThumbnailSize(w, h, box int) (int, int) {
	if box <= 0 {
		return w, h
	}
	return FitSize(w, h, box, box, false)
}

// FitSize returns the size of a w x h image fitted inside a boxW x boxH
// box with its aspect ratio kept, by Pillow's Image.thumbnail rule: the
// side the box binds is the box's, the other is rounded to whichever whole
// number keeps the aspect ratio closest (the lower on a tie), and is never
// less than 1. A side of the box that is 0 or less leaves that side free
// (FitSize(w, h, 800, 0, false) is 800 wide), up to MaxSide; with both
// free the image keeps its size.
//
// An image that already fits is returned at its own size unless upscale
// is set: then it is enlarged until it meets the box.
func FitSize(w, h, boxW, boxH int, upscale bool) (int, int) {
	if w <= 0 || h <= 0 || (boxW <= 0 && boxH <= 0) {
		return w, h
	}
	if boxW <= 0 {
		boxW = MaxSide
	}
	if boxH <= 0 {
		boxH = MaxSide
	}
	if !upscale && w <= boxW && h <= boxH {
		return w, h
	}
	aspect := float64(w) / float64(h)
	if float64(boxW)/float64(boxH) >= aspect { // Pillow's test: the height binds
		y := float64(boxH)
		x := roundAspect(y*aspect, func(n float64) float64 { return math.Abs(aspect - n/y) })
		return x, boxH
	}
	x := float64(boxW)
	y := roundAspect(x/aspect, func(n float64) float64 { return math.Abs(aspect - x/n) })
	return boxW, y
}

// roundAspect picks floor(v) or ceil(v), whichever has the smaller error,
// the floor on a tie, and at least 1.
func roundAspect(v float64, errOf func(float64) float64) int {
	lo, hi := math.Floor(v), math.Ceil(v)
	best := lo
	if lo < 1 || errOf(hi) < errOf(lo) {
		best = hi
	}
	return max(int(best), 1)
}
