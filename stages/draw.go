package stages

import (
	"image"
	"math"
	"math/rand/v2"
)

// drawAttempts is how many rectangles torchvision's get_params draw before
// they give up (RandomResizedCrop, RandomErasing).
const drawAttempts = 10

// drawShape draws a rectangle's area, as a fraction of a whole area, from
// U(scale), and its aspect ratio from exp(U(log ratio)), as torchvision's
// get_params draw them, and returns the two sides sqrt(area*aspect) and
// sqrt(area/aspect) rounded half to even as Python's round. ok is false,
// and nothing drawn, when scale is not a range lo <= hi of finite numbers
// from 0, or ratio one of finite positive numbers.
func drawShape(rng *rand.Rand, area float64, scale, ratio [2]float64) (long, short int, ok bool) {
	if !(0 <= scale[0] && scale[0] <= scale[1] && 0 < ratio[0] && ratio[0] <= ratio[1]) ||
		math.IsInf(scale[1], 1) || math.IsInf(ratio[1], 1) {
		return 0, 0, false
	}
	uniform := func(lo, hi float64) float64 { return float64(rng.Float64()*(hi-lo)) + lo }
	a := area * uniform(scale[0], scale[1])
	aspect := math.Exp(uniform(math.Log(ratio[0]), math.Log(ratio[1])))
	return int(math.RoundToEven(math.Sqrt(a * aspect))), int(math.RoundToEven(math.Sqrt(a / aspect))), true
}

// RandomResizedCropBox draws the window of torchvision's RandomResizedCrop
// in a w x h image, as its get_params does: up to ten times, an area of
// U(scale) of the image's and an aspect ratio (width/height) of
// exp(U(log ratio)), the sides rounded; the first that fits is placed
// uniformly in the image. When none fits it returns torchvision's
// fallback, the centre crop of the image clipped to the ratio range. The
// draws come from rng in that order (area, aspect, then top and left), so
// one rng state gives one window. When scale or ratio is not a range
// (see RandomErasingBox) the whole image is returned, nothing drawn; an
// empty image gives an empty rectangle.
func RandomResizedCropBox(rng *rand.Rand, w, h int, scale, ratio [2]float64) image.Rectangle {
	if w <= 0 || h <= 0 {
		return image.Rectangle{}
	}
	for range drawAttempts {
		cw, ch, ok := drawShape(rng, float64(w)*float64(h), scale, ratio)
		if !ok {
			return image.Rect(0, 0, w, h)
		}
		if 0 < cw && cw <= w && 0 < ch && ch <= h {
			y := rng.IntN(h - ch + 1)
			x := rng.IntN(w - cw + 1)
			return image.Rect(x, y, x+cw, y+ch)
		}
	}
	cw, ch := w, h
	switch in := float64(w) / float64(h); {
	case in < ratio[0]:
		ch = int(math.RoundToEven(float64(w) / ratio[0]))
	case in > ratio[1]:
		cw = int(math.RoundToEven(float64(h) * ratio[1]))
	}
	x, y := (w-cw)/2, (h-ch)/2
	return image.Rect(x, y, x+cw, y+ch)
}

// RandomErasingBox draws the rectangle of torchvision's RandomErasing in a
// w x h image, as its get_params does: up to ten times, an area of
// U(scale) of the image's and an aspect ratio (height/width, torchvision's
// convention here) of exp(U(log ratio)), the sides rounded; the first that
// is smaller than the image on both sides is placed uniformly in it, and
// returned as Erase's row i, column j, height eh and width ew. ok is false
// when none fits (torchvision then leaves the image as it is), and when
// scale is not a range lo <= hi of finite numbers from 0 or ratio one of
// finite positive numbers (nothing is drawn then). A draw may round a side
// to 0: the rectangle is empty and Erase changes nothing, as torchvision.
func RandomErasingBox(rng *rand.Rand, w, h int, scale, ratio [2]float64) (i, j, eh, ew int, ok bool) {
	for range drawAttempts {
		if w <= 0 || h <= 0 {
			break
		}
		eh, ew, ok = drawShape(rng, float64(w)*float64(h), scale, ratio)
		if !ok {
			break
		}
		if eh < h && ew < w {
			i = rng.IntN(h - eh + 1)
			j = rng.IntN(w - ew + 1)
			return i, j, eh, ew, true
		}
	}
	return 0, 0, 0, 0, false
}
