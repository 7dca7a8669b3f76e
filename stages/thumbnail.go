package stages

import "math"

// ThumbnailSize returns the size of a w x h image fitted inside a box x box
// square with its aspect ratio kept, never enlarged. Like Pillow's
// Image.thumbnail, the shorter side is rounded to whichever whole number
// keeps the aspect ratio closest (3088x2056 into 1200 gives 1200x799, not
// the 1200x798 of truncation), and is never less than 1.
func ThumbnailSize(w, h, box int) (int, int) {
	if box <= 0 || (w <= box && h <= box) {
		return w, h
	}
	aspect := float64(w) / float64(h)
	if w >= h {
		y := roundAspect(float64(box)/aspect, func(n float64) float64 { return math.Abs(aspect - float64(box)/n) })
		return box, y
	}
	x := roundAspect(float64(box)*aspect, func(n float64) float64 { return math.Abs(aspect - n/float64(box)) })
	return x, box
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
