package stages

import (
	"image"
	"image/color"
	"math"
	"math/bits"
	"strconv"
)

// Rotate returns img turned angle degrees counter-clockwise around its
// centre, as Pillow's Image.rotate(angle, resample=Image.BILINEAR,
// expand=expand, fillcolor=fill) does, to the byte on RGB and grey images:
//
//   - the output is img's size, or with expand the size that holds the
//     whole turned image, computed as Pillow does (the turned corners'
//     extent, ceil of the maximum less floor of the minimum, so a quarter
//     turn of a w x h image is h x w);
//   - each output pixel's centre is mapped back through Pillow's affine
//     matrix, whose coefficients Pillow rounds to 15 decimals (which also
//     hides any last-bit difference between Go's and C's sin and cos);
//   - a centre that falls outside the image gets fill (nil is opaque
//     black), one inside is interpolated bilinearly between the four
//     nearest pixels, edges clamped, and truncated to 8 bits as Pillow's
//     bilinear_filter does. Products are rounded before they are added
//     (explicit conversions), so that no architecture fuses them into
//     FMAs, which would change the bytes.
//
// Angles that Pillow turns without resampling (multiples of 180, and of
// 90 when expand is set or the image is square) are exact quarter turns,
// done by moving pixels as Orient does; an angle that is a multiple of 360
// returns img unchanged, and so does a NaN or infinite angle.
//
// Gray, RGBA and opaque NRGBA keep their type (fill converted to it; RGBA
// is premultiplied, as Pillow's rotation of RGBA works on premultiplied
// RGBa). A *image.YCbCr is rotated plane by plane into a 4:4:4 *image.YCbCr,
// each output pixel interpolated from the chroma sample that covers each
// of its four source pixels, and fill converted to YCbCr: bilinear
// interpolation is linear and YCbCr to RGB affine, so this is the rotation
// of its RGB up to rounding, without converting every pixel to RGB and
// back; the output keeps full chroma because the fill's edge is a hard,
// per-pixel one that subsampled chroma would smear into a coloured fringe.
// Other images are converted as by Blur. s supplies the output's memory
// (nil allocates; see Scratch.Reuse).
func Rotate(s *Scratch, img image.Image, angle float64, expand bool, fill color.Color) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	angle, o := rotateAngle(w, h, angle, expand)
	switch {
	case o == 1:
		return img
	case o > 1:
		return orientInto(s, img, o)
	}
	if fill == nil {
		fill = color.Black
	}
	m, nw, nh := rotateGeometry(w, h, angle, expand)
	img = canonical(img)
	if y, ok := img.(*image.YCbCr); ok {
		out := s.NewYCbCr(image.Rect(0, 0, nw, nh), image.YCbCrSubsampleRatio444)
		f := color.YCbCrModel.Convert(fill).(color.YCbCr)
		hs, vs := subsampling(y.SubsampleRatio)
		sy, scb, scr := ycbcrPlanes(y)
		dy, dcb, dcr := ycbcrPlanes(out)
		sh, sv := uint(bits.TrailingZeros(uint(hs))), uint(bits.TrailingZeros(uint(vs)))
		rotatePlane(dy, sy, 0, 0, w, h, m, []uint8{f.Y})
		rotatePlane(dcb, scb, sh, sv, w, h, m, []uint8{f.Cb})
		rotatePlane(dcr, scr, sh, sv, w, h, m, []uint8{f.Cr})
		return out
	}
	var px []uint8
	switch img.(type) {
	case *image.Gray:
		px = []uint8{color.GrayModel.Convert(fill).(color.Gray).Y}
	case *image.NRGBA:
		c := color.NRGBAModel.Convert(fill).(color.NRGBA)
		px = []uint8{c.R, c.G, c.B, c.A}
	default:
		c := color.RGBAModel.Convert(fill).(color.RGBA)
		px = []uint8{c.R, c.G, c.B, c.A}
	}
	src, newImage := interleaved(s, img)
	out, dst := newImage(nw, nh)
	rotatePlane(dst, src, 0, 0, w, h, m, px)
	return out
}

// rotateAngle returns angle modulo 360 in [0, 360), as Python's
// angle % 360.0, and the EXIF orientation of the exact turn Pillow's
// Image.rotate makes of it without resampling: 1 for none (also for an
// empty image and a NaN or infinite angle), 3, 6 or 8 for the quarter
// turns Pillow transposes, 0 when the angle must be resampled.
func rotateAngle(w, h int, angle float64, expand bool) (float64, int) {
	if math.IsNaN(angle) || math.IsInf(angle, 0) || w <= 0 || h <= 0 {
		return angle, 1
	}
	angle = math.Mod(angle, 360)
	if angle < 0 {
		angle += 360
	}
	switch {
	case angle == 0:
		return angle, 1
	case angle == 180:
		return angle, 3
	case angle == 90 && (expand || w == h):
		return angle, 8
	case angle == 270 && (expand || w == h):
		return angle, 6
	}
	return angle, 0
}

// rotateGeometry returns the affine matrix and output size of Pillow's
// Image.rotate(angle, expand=expand) for a w x h image: output pixel
// (x, y) samples the input at (m[0]*X + m[1]*Y + m[2], m[3]*X + m[4]*Y +
// m[5]), where X, Y = x+0.5, y+0.5, in continuous coordinates (pixel
// (i, j) covers [i, i+1) x [j, j+1)). Without expand the size is w x h.
func rotateGeometry(w, h int, angle float64, expand bool) (m [6]float64, outW, outH int) {
	pi := math.Pi
	a := -(angle * (pi / 180)) // -math.radians(angle)
	c, sn := round15(math.Cos(a)), round15(math.Sin(a))
	m = [6]float64{c, sn, 0, -sn, c, 0}
	cx, cy := float64(float64(w)/2), float64(float64(h)/2)
	m[2], m[5] = affine(m, -cx, -cy)
	m[2] += cx
	m[5] += cy
	if !expand {
		return m, w, h
	}
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range [4][2]float64{{0, 0}, {float64(w), 0}, {float64(w), float64(h)}, {0, float64(h)}} {
		x, y := affine(m, p[0], p[1])
		minX, maxX = min(minX, x), max(maxX, x)
		minY, maxY = min(minY, y), max(maxY, y)
	}
	outW = int(math.Ceil(maxX) - math.Floor(minX))
	outH = int(math.Ceil(maxY) - math.Floor(minY))
	m[2], m[5] = affine(m, -float64(outW-w)/2, -float64(outH-h)/2)
	return m, outW, outH
}

// affine applies m to (x, y) as Pillow's Python does (a*x + b*y + c,
// left to right), each product rounded before it is added.
func affine(m [6]float64, x, y float64) (float64, float64) {
	return float64(m[0]*x) + float64(m[1]*y) + m[2], float64(m[3]*x) + float64(m[4]*y) + m[5]
}

// round15 is Python's round(v, 15): v rounded to 15 decimals, correctly.
func round15(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 15, 64), 64)
	return r
}

// rotatePlane fills dst by sampling src through m, as Pillow's
// ImagingGenericTransform with bilinear_filter does. The source image is
// w x h pixels; src holds one sample per 1<<hs x 1<<vs of them (chroma),
// and fill is the value of a pixel whose centre maps outside the image.
func rotatePlane(dst, src plane, hs, vs uint, w, h int, m [6]float64, fill []uint8) {
	W, H := float64(w), float64(h)
	pix, stride, ch := src.pix, src.stride, src.ch
	for y := 0; y < dst.h; y++ {
		out := dst.row(y)
		yin := float64(y) + 0.5
		bx, by := float64(m[1]*yin), float64(m[4]*yin)
		for x := 0; x < dst.w; x++ {
			xin := float64(x) + 0.5
			sx := float64(m[0]*xin) + bx + m[2]
			sy := float64(m[3]*xin) + by + m[5]
			if sx < 0 || sx >= W || sy < 0 || sy >= H {
				copy(out[x*ch:x*ch+ch], fill)
				continue
			}
			sx, sy = sx-0.5, sy-0.5 // from -0.5: Pillow's FLOOR is then this
			ix, iy := int(sx), int(sy)
			if sx < 0 {
				ix = -1
			}
			if sy < 0 {
				iy = -1
			}
			dx, dy := sx-float64(ix), sy-float64(iy)
			x0, x1 := max(ix, 0)>>hs, min(ix+1, w-1)>>hs
			// Pillow reuses row iy past the bottom: the same as clamping.
			r0, r1 := max(iy, 0)>>vs*stride, min(iy+1, h-1)>>vs*stride
			if ch == 1 {
				out[x] = bilinear(pix, r0+x0, r0+x1, r1+x0, r1+x1, dx, dy)
				continue
			}
			x0, x1 = 4*x0, 4*x1
			o := out[4*x : 4*x+4 : 4*x+4]
			for c := range o {
				o[c] = bilinear(pix, r0+x0+c, r0+x1+c, r1+x0+c, r1+x1+c, dx, dy)
			}
		}
	}
}

// bilinear is Pillow's BILINEAR_BODY on one sample: the samples at
// offsets a, b (a row) and c, d (the next) of pix, interpolated by dx
// along the rows, then dy between them, and truncated to 8 bits as C
// does (the value is in [0, 255]).
func bilinear(pix []uint8, a, b, c, d int, dx, dy float64) uint8 {
	v1 := lerp(pix[a], pix[b], dx)
	v2 := lerp(pix[c], pix[d], dx)
	return uint8(int32(v1 + float64((v2-v1)*dy)))
}

// lerp is Pillow's BILINEAR(v, a, b, d): a + (b - a) * d.
func lerp(a, b uint8, d float64) float64 {
	return float64(a) + float64(float64(int(b)-int(a))*d)
}

// RotatedSize returns the size of Rotate's output for a w x h image:
// w x h itself, or with expand the size Pillow's Image.rotate(angle,
// expand=True) gives.
func RotatedSize(w, h int, angle float64, expand bool) (int, int) {
	angle, o := rotateAngle(w, h, angle, expand)
	switch {
	case o > 1:
		return OrientedSize(w, h, o)
	case o == 1 || !expand:
		return w, h
	}
	_, w, h = rotateGeometry(w, h, angle, expand)
	return w, h
}
