package stages

import "image"

// Sharpen returns img sharpened by factor, as Pillow's
// ImageEnhance.Sharpness (torchvision's adjust_sharpness on a PIL image)
// does it: a blend, by Image.blend's arithmetic, of the image with
// ImageFilter.SMOOTH of it, the 3x3 kernel [[1,1,1],[1,5,1],[1,1,1]]/13
// summed in single precision as Pillow's filter does, its border pixels
// those of the image (so the border is never changed). 1 gives the image
// unchanged, 0 the smoothed image, 2 and more sharpen. An image narrower or
// shorter than 3 pixels is returned as a copy, as Pillow returns it.
//
// The kernel is linear and commutes with the conversion from RGB to YCbCr
// up to rounding, but Pillow, given the RGB of a 4:2:0 image, smooths and
// sharpens its chroma at the full resolution, across the 2x2 blocks of the
// upsampling, and clips each channel, which filtering the planes at their
// own resolution (or Y alone) does not reproduce closely enough (see
// docs/design.md). So a *image.YCbCr is converted to RGB, as m.At converts
// it, and a *image.RGBA returned, equal to Pillow's. A *image.Gray is
// Pillow's mode L, exactly; *image.RGBA and opaque *image.NRGBA keep their type, alpha kept,
// and equal Pillow's RGB to the byte; other images are converted as by
// Blur. img is not modified; s supplies the memory of the result (nil
// allocates).
func Sharpen(s *Scratch, img image.Image, factor float64) image.Image {
	if img.Bounds().Empty() {
		return img
	}
	img = canonical(img)
	if m, ok := img.(*image.YCbCr); ok {
		img = ycbcrRGBA(s, m)
	}
	out, dst, src := newPlanes(s, img)
	for k := range src {
		sharpenPlane(dst[k], src[k], float32(factor))
	}
	return out
}

// The SMOOTH kernel's weights as Pillow stores them: each divided by the
// scale in double precision, then kept in single.
var (
	smoothEdge   = float32(1.0 / 13.0)
	smoothCentre = float32(5.0 / 13.0)
)

// sharpenPlane writes into dst the blend of src with its SMOOTH filtering,
// a of src: ImagingFilter3x3 then ImagingBlend, sample by sample. Alpha, the
// fourth of four interleaved channels, is copied.
func sharpenPlane(dst, src plane, a float32) {
	w, h, ch := src.w, src.h, src.ch
	for y := range h {
		copy(dst.row(y), src.row(y))
	}
	if w < 3 || h < 3 {
		return
	}
	colours := min(ch, 3)
	for y := 1; y < h-1; y++ {
		up, mid, dn, d := src.row(y-1), src.row(y), src.row(y+1), dst.row(y)
		for x := 1; x < w-1; x++ {
			for c := range colours {
				i := x*ch + c
				// Pillow's order: offset 0 plus 0.5 for rounding, then
				// the row below, the row, the row above, each summed
				// left to right.
				ss := float32(0.5)
				ss += kernelRow(dn, i, ch, smoothEdge, smoothEdge)
				ss += kernelRow(mid, i, ch, smoothEdge, smoothCentre)
				ss += kernelRow(up, i, ch, smoothEdge, smoothEdge)
				d[i] = blend(clipTrunc(ss), mid[i], a)
			}
		}
	}
}

// kernelRow is Pillow's KERNEL1x3 for a symmetric row of weights (side,
// centre, side) around r[i], neighbours d bytes away. The conversions keep
// each product rounded to single precision, as Pillow's is, rather than
// fused into an add.
func kernelRow(r []uint8, i, d int, side, centre float32) float32 {
	return float32(float32(float32(r[i-d])*side)+float32(float32(r[i])*centre)) + float32(float32(r[i+d])*side)
}
