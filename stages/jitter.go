package stages

import (
	"image"
	"image/color"
	"math"
	"math/bits"
)

// Brightness returns img with its brightness scaled by factor, as Pillow's
// ImageEnhance.Brightness (and so torchvision's adjust_brightness on a PIL
// image) does it: a blend with black, each sample factor*v in single
// precision, clipped to 0..255 and truncated as Image.blend does. 0 gives
// black, 1 the image unchanged.
//
// Scaling R, G and B by factor scales Y by factor and Cb and Cr by factor
// around 128, so for factor in 0..1 a *image.YCbCr is worked on plane by
// plane and stays one: Y truncated as Pillow truncates L, Cb and Cr
// rounded, differing from Pillow on its RGB by the rounding of the channels
// only. Above 1 Pillow clips each of R, G and B, which the planes cannot
// do, so a *image.YCbCr is converted to RGB and a *image.RGBA returned
// (docs/design.md gives the PSNR of each choice). A *image.Gray is Pillow's mode L, exactly;
// *image.RGBA and opaque *image.NRGBA keep their type, alpha kept, and equal
// Pillow's RGB to the byte; other images are converted as by Blur. img is
// not modified; s supplies the memory of the result (nil allocates).
func Brightness(s *Scratch, img image.Image, factor float64) image.Image {
	if img.Bounds().Empty() {
		return img
	}
	img = jitterInput(s, img, factor)
	return mapPlanes(s, img, blendLUT(0, float32(factor)), chromaLUT(factor))
}

// Contrast returns img with its contrast scaled by factor, as Pillow's
// ImageEnhance.Contrast (torchvision's adjust_contrast on a PIL image) does
// it: a blend with the mean grey of the image's convert("L"), rounded as
// Pillow rounds it (int(mean + 0.5)), with Image.blend's clipping and
// truncation. 0 gives a flat grey, 1 the image unchanged.
//
// Blending R, G and B towards a grey m moves Y towards m and Cb and Cr
// towards 128 by the same factor, so for factor in 0..1 a *image.YCbCr is
// worked on plane by plane, the mean taken over Y (the L that Pillow would
// compute, to rounding). Above 1 it is converted to RGB. The types are
// handled as by Brightness, with the same exactness.
func Contrast(s *Scratch, img image.Image, factor float64) image.Image {
	if img.Bounds().Empty() {
		return img
	}
	img = jitterInput(s, img, factor)
	var sum, n uint64
	if m, ok := img.(*image.YCbCr); ok {
		y, _, _ := ycbcrPlanes(m)
		sum, n = planeSum(y), uint64(y.w*y.h)
	} else {
		p, _ := interleaved(nil, img)
		n = uint64(p.w * p.h)
		if p.ch == 1 {
			sum = planeSum(p)
		} else {
			for y := range p.h {
				r := p.row(y)
				for x := 0; x < len(r); x += 4 {
					sum += uint64(luma(r[x], r[x+1], r[x+2]))
				}
			}
		}
	}
	mean := uint8(math.Floor(float64(sum)/float64(n) + 0.5))
	return mapPlanes(s, img, blendLUT(mean, float32(factor)), chromaLUT(factor))
}

// Saturation returns img with its colour saturation scaled by factor, as
// Pillow's ImageEnhance.Color (torchvision's adjust_saturation on a PIL
// image) does it: each pixel blended with its own grey, convert("L"), with
// Image.blend's clipping and truncation. 0 gives the greys, 1 the image
// unchanged; a *image.Gray is returned as it is.
//
// Pillow's L is R*0.299 + G*0.587 + B*0.114, which is the Y of JPEG's
// YCbCr: a blend with it leaves Y as it is and scales Cb and Cr by factor
// around 128. So for factor in 0..1 a *image.YCbCr is worked on plane by
// plane (Y copied, Cb and Cr rounded), differing from Pillow on its RGB by
// the rounding of the channels only. Above 1 Pillow clips vivid colours
// channel by channel, so a *image.YCbCr is converted to RGB and a
// *image.RGBA returned.
// *image.RGBA and opaque *image.NRGBA keep their type and equal Pillow to
// the byte.
func Saturation(s *Scratch, img image.Image, factor float64) image.Image {
	b := img.Bounds()
	if _, ok := img.(*image.Gray); ok || b.Empty() {
		return img
	}
	img = jitterInput(s, img, factor)
	if _, ok := img.(*image.Gray); ok {
		return img
	}
	if _, ok := img.(*image.YCbCr); ok {
		var id [256]uint8
		for v := range id {
			id[v] = uint8(v)
		}
		return mapPlanes(s, img, &id, chromaLUT(factor))
	}
	// blend(l, v, a) is clipTrunc(float32(l) + a*(v-l)), the product
	// rounded to single precision: tabulated for each v-l.
	a := float32(factor)
	var prod [511]float32
	for i := range prod {
		prod[i] = a * float32(i-255)
	}
	return mapRGB(s, img, func(d, r []uint8) {
		d = d[:len(r)]
		for x := 0; x+4 <= len(r); x += 4 {
			p, q := r[x:x+4:x+4], d[x:x+4:x+4]
			l := luma(p[0], p[1], p[2])
			fl := float32(l)
			q[0] = clipTrunc(fl + prod[int(p[0])-int(l)+255])
			q[1] = clipTrunc(fl + prod[int(p[1])-int(l)+255])
			q[2] = clipTrunc(fl + prod[int(p[2])-int(l)+255])
			q[3] = p[3]
		}
	})
}

// Hue returns img with its hues turned by hueFactor of a full turn, as
// torchvision 0.14's adjust_hue does it on a PIL image: the image converted
// to HSV by Pillow (H, S and V as bytes), trunc(hueFactor*255) added to H
// modulo 256, and converted back with Pillow's arithmetic. torchvision
// accepts hueFactor in -0.5..0.5; outside it the shift still wraps. A
// *image.Gray is returned as it is (torchvision returns mode L unchanged).
//
// A hue turn mixes R, G and B in a way that no scaling of Cb and Cr
// reproduces (Pillow's HSV is piecewise linear in hue, with byte rounding
// at each step), so a *image.YCbCr is converted to RGB and a *image.RGBA is
// returned. *image.RGBA and opaque *image.NRGBA keep their type, alpha
// kept, and equal torchvision to the byte.
func Hue(s *Scratch, img image.Image, hueFactor float64) image.Image {
	b := img.Bounds()
	if _, ok := img.(*image.Gray); ok || b.Empty() {
		return img
	}
	img = canonical(img)
	t := newHSVTables(uint8(int(hueFactor * 255)))
	var tab *hsvTable
	if s != nil && b.Dx()*b.Dy() >= hsvTableMinPixels {
		if s.hsv == nil {
			s.hsv = newHSVTable()
		}
		tab = s.hsv
	}
	turn := func(d, r []uint8) {
		d = d[:len(r)]
		for x := 0; x+4 <= len(r); x += 4 {
			p, q := r[x:x+4:x+4], d[x:x+4:x+4]
			var h, sat, v uint8
			if tab != nil {
				h, sat, v = tab.rgbToHSV(p[0], p[1], p[2])
			} else {
				h, sat, v = rgbToHSV(p[0], p[1], p[2])
			}
			q[0], q[1], q[2] = t.hsvToRGB(h, sat, v)
			q[3] = p[3]
		}
	}
	switch m := img.(type) {
	case *image.Gray:
		return img
	case *image.YCbCr:
		out := ycbcrRGBA(s, m)
		for y := range m.Rect.Dy() {
			d := out.Pix[y*out.Stride : y*out.Stride+out.Stride]
			turn(d, d)
		}
		return out
	}
	return mapRGB(s, img, turn)
}

// ycbcrRGBA returns m converted to RGB as m.At does (color.YCbCrToRGB's
// arithmetic), in s's memory, a row at a time.
func ycbcrRGBA(s *Scratch, m *image.YCbCr) *image.RGBA {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	out := &image.RGBA{Pix: s.pixels(4 * w * h), Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	if w == 0 {
		return out
	}
	hs, _ := subsampling(m.SubsampleRatio)
	x0 := m.Rect.Min.X
	for y := range h {
		d := out.Pix[y*out.Stride : y*out.Stride+4*w]
		yy := m.Rect.Min.Y + y
		yi, ci := m.YOffset(x0, yy), m.COffset(x0, yy)
		ys := m.Y[yi : yi+w]
		// The chroma of pixel x is at COffset(x0+x, yy) - ci, which is
		// x/hs when the row starts on a chroma sample's first pixel.
		if hs == 1 || (x0%hs == 0 && x0 >= 0) {
			cw := (w + hs - 1) / hs
			cbs, crs := m.Cb[ci:ci+cw], m.Cr[ci:ci+cw]
			d := d[:4*len(ys)]
			sh := bits.TrailingZeros(uint(hs)) // hs is 1, 2 or 4
			for x, yv := range ys {
				c := x >> sh
				// color.YCbCrToRGB, written out: too long to be inlined.
				yy1 := int32(yv) * 0x10101
				cb1, cr1 := int32(cbs[c])-128, int32(crs[c])-128
				p := d[4*x : 4*x+4 : 4*x+4]
				p[0] = clip16(yy1 + 91881*cr1)
				p[1] = clip16(yy1 - 22554*cb1 - 46802*cr1)
				p[2] = clip16(yy1 + 116130*cb1)
				p[3] = 255
			}
			continue
		}
		for x, yv := range ys {
			c := m.COffset(x0+x, yy)
			d[4*x], d[4*x+1], d[4*x+2] = color.YCbCrToRGB(yv, m.Cb[c], m.Cr[c])
			d[4*x+3] = 255
		}
	}
	return out
}

// clip16 is v >> 16 clipped to 0..255, as color.YCbCrToRGB clips.
func clip16(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}

// jitterInput returns canonical img, converted to RGBA when it is a
// *image.YCbCr and factor is outside 0..1. Inside, the result is a blend of
// two colours of the gamut, never clipped, and the planes give it to
// rounding; outside, Pillow clips each of R, G and B, which the planes
// cannot do.
func jitterInput(s *Scratch, img image.Image, factor float64) image.Image {
	img = canonical(img)
	if m, ok := img.(*image.YCbCr); ok && (factor < 0 || factor > 1) {
		return ycbcrRGBA(s, m)
	}
	return img
}

// rgbToHSV is Pillow's rgb2hsv (Convert.c), single and double precision
// mixed as there, with the same roundings: the two quotients a hue's
// sector needs (the third is zero or unused), and Pillow's fmod(h/6 + 1,
// 1) as one subtraction, exact since h/6 + 1 lies in [5/6, 2).
func rgbToHSV(r, g, b uint8) (h, s, v uint8) {
	maxc, minc := max(r, g, b), min(r, g, b)
	if maxc == minc {
		return 0, 0, maxc
	}
	cr := float32(maxc - minc)
	sf := cr / float32(maxc)
	var hf float32
	switch {
	case r == maxc:
		hf = float32(maxc-b)/cr - float32(maxc-g)/cr
	case g == maxc:
		hf = float32(2.0 + float64(float32(maxc-r)/cr) - float64(float32(maxc-b)/cr))
	default:
		hf = float32(4.0 + float64(float32(maxc-g)/cr) - float64(float32(maxc-r)/cr))
	}
	x := float64(hf)/6.0 + 1.0
	if x >= 1 {
		x--
	}
	return clip8int(int(float64(float32(x)) * 255.0)), clip8int(int(float64(sf) * 255.0)), maxc
}

// hsvTable is rgbToHSV tabulated. Pillow's H depends only on which
// channel is the greatest (r first, then g, then b) and on how far the
// other two are below it; S only on the greatest and the range.
type hsvTable struct {
	h [3][1 << 16]uint8 // [sector][first other's distance<<8 | second's]
	s [1 << 16]uint8    // [range<<8 | greatest]
}

// hsvTableMinPixels is the size of image from which Hue with a Scratch
// looks rgbToHSV up in a table, which the Scratch keeps for every later
// call: filling it computes rgbToHSV for about 2^18 colours, so smaller
// images, with a Scratch perhaps used once, compute it pixel by pixel.
const hsvTableMinPixels = 1 << 14

// newHSVTable fills a hsvTable from rgbToHSV itself.
func newHSVTable() *hsvTable {
	t := new(hsvTable)
	for a := range 256 {
		for b := range 256 {
			i, ca, cb := a<<8|b, uint8(255-a), uint8(255-b)
			if a|b != 0 { // r greatest: g and b are a and b below it
				t.h[0][i], _, _ = rgbToHSV(255, ca, cb)
			}
			if a != 0 { // g greatest, r below it: r and b
				t.h[1][i], _, _ = rgbToHSV(ca, 255, cb)
			}
			if a != 0 && b != 0 { // b greatest: r and g
				t.h[2][i], _, _ = rgbToHSV(ca, cb, 255)
			}
			if a != 0 && a <= b { // range a, greatest b
				_, t.s[i], _ = rgbToHSV(uint8(b), uint8(b-a), uint8(b-a))
			}
		}
	}
	return t
}

// rgbToHSV is rgbToHSV, looked up.
func (t *hsvTable) rgbToHSV(r, g, b uint8) (h, s, v uint8) {
	maxc, minc := max(r, g, b), min(r, g, b)
	if maxc == minc {
		return 0, 0, maxc
	}
	// uint16 indices: no bounds checks.
	s = t.s[uint16(maxc-minc)<<8|uint16(maxc)]
	switch {
	case r == maxc:
		h = t.h[0][uint16(maxc-g)<<8|uint16(maxc-b)]
	case g == maxc:
		h = t.h[1][uint16(maxc-r)<<8|uint16(maxc-b)]
	default:
		h = t.h[2][uint16(maxc-r)<<8|uint16(maxc-g)]
	}
	return h, s, maxc
}

// hsvTables holds what Pillow's hsv2rgb computes from H and from S alone,
// for every byte: the sector i and the fraction f of H (after a turn of
// the hues), and S/255 in single precision.
type hsvTables struct {
	sector [256]uint8
	frac   [256]float32
	fs     [256]float32
}

// newHSVTables tabulates hsv2rgb's terms for hues turned by dh.
func newHSVTables(dh uint8) *hsvTables {
	t := new(hsvTables)
	for h := range 256 {
		hh := float64(float32(uint8(h)+dh)) * 6.0 / 255.0
		i := int(hh) // hh >= 0: truncation is Pillow's floor
		t.sector[h] = uint8(i % 6)
		t.frac[h] = float32(hh - float64(float32(i)))
		t.fs[h] = float32(float64(float32(h)) / 255.0)
	}
	return t
}

// hsvToRGB is Pillow's hsv2rgb (Convert.c) of the hue h turned as t says,
// s and v.
func (t *hsvTables) hsvToRGB(h, s, v uint8) (r, g, b uint8) {
	if s == 0 {
		return v, v, v
	}
	f, fs := t.frac[h], t.fs[s]
	vf := float64(v)
	// The products are converted explicitly so that no architecture
	// fuses them with roundByte's subtraction.
	p := roundByte(float64(vf * (1.0 - float64(fs))))
	q := roundByte(float64(vf * (1.0 - float64(fs*f))))
	u := roundByte(float64(vf * (1.0 - float64(float64(fs)*(1.0-float64(f))))))
	switch t.sector[h] {
	case 0:
		return v, u, p
	case 1:
		return q, v, p
	case 2:
		return p, v, u
	case 3:
		return p, q, v
	case 4:
		return u, p, v
	}
	return v, p, q
}

// roundByte is C's round (half away from zero) of x in 0..255, clipped,
// for the x that hsvToRGB passes it: int(x + 0.5) could differ from it
// only for an x just below a half, which no H, S and V give
// (TestHSVToRGBEveryTriple tries them all).
func roundByte(x float64) uint8 {
	return clip8int(int(x + 0.5))
}

func clip8int(v int) uint8 {
	return uint8(min(max(v, 0), 255))
}

// blend is Image.blend's arithmetic (Pillow's ImagingBlend) for one sample
// of the image im1 = deg and im2 = v: deg + a*(v-deg) in single precision,
// clipped to 0..255 and truncated. The conversions keep the product from
// being fused into a multiply-add, which would change the truncation.
func blend(deg, v uint8, a float32) uint8 {
	return clipTrunc(float32(deg) + float32(a*float32(int(v)-int(deg))))
}

// clipTrunc is Pillow's clip8 of Filter.c and Blend.c: 0..255, truncated.
func clipTrunc(t float32) uint8 {
	if t <= 0 {
		return 0
	}
	if t >= 255 {
		return 255
	}
	return uint8(t)
}

// blendLUT tabulates blend(deg, v, a) for every v.
func blendLUT(deg uint8, a float32) *[256]uint8 {
	var t [256]uint8
	for v := range t {
		t[v] = blend(deg, uint8(v), a)
	}
	return &t
}

// chromaLUT tabulates 128 + factor*(c-128), rounded and clipped: what
// scaling R, G and B towards a grey does to Cb and Cr.
func chromaLUT(factor float64) *[256]uint8 {
	var t [256]uint8
	for c := range t {
		t[c] = clip8int(int(math.Floor(128 + float64(factor*float64(c-128)) + 0.5)))
	}
	return &t
}

// luma is Pillow's convert("L") of an RGB pixel (Convert.c's L24).
func luma(r, g, b uint8) uint8 {
	return uint8((uint32(r)*19595 + uint32(g)*38470 + uint32(b)*7471 + 0x8000) >> 16)
}

func planeSum(p plane) uint64 {
	var sum uint64
	for y := range p.h {
		for _, v := range p.row(y) {
			sum += uint64(v)
		}
	}
	return sum
}

// newPlanes returns a new image of canonical img's type and size, in s's
// memory, with its planes and img's: Y, Cb and Cr for a *image.YCbCr, the
// one interleaved plane otherwise.
func newPlanes(s *Scratch, img image.Image) (out image.Image, dst, src []plane) {
	if m, ok := img.(*image.YCbCr); ok {
		d := s.NewYCbCr(image.Rect(0, 0, m.Rect.Dx(), m.Rect.Dy()), m.SubsampleRatio)
		sy, scb, scr := ycbcrPlanes(m)
		dy, dcb, dcr := ycbcrPlanes(d)
		return d, []plane{dy, dcb, dcr}, []plane{sy, scb, scr}
	}
	p, newImage := interleaved(s, img)
	out, d := newImage(p.w, p.h)
	return out, []plane{d}, []plane{p}
}

// mapPlanes returns canonical img with each sample looked up: Y and gray in
// lut, Cb and Cr in clut, R, G and B in lut (alpha kept).
func mapPlanes(s *Scratch, img image.Image, lut, clut *[256]uint8) image.Image {
	out, dst, src := newPlanes(s, img)
	for k := range src {
		t := lut
		if k > 0 {
			t = clut
		}
		d, p := dst[k], src[k]
		for y := range p.h {
			dr, r := d.row(y), p.row(y)
			if p.ch == 1 {
				for x, v := range r {
					dr[x] = t[v]
				}
				continue
			}
			for x := 0; x < len(r); x += 4 {
				dr[x], dr[x+1], dr[x+2], dr[x+3] = t[r[x]], t[r[x+1]], t[r[x+2]], r[x+3]
			}
		}
	}
	return out
}

// mapRGB returns canonical interleaved img (RGBA or NRGBA) with f applied
// to each row: f(dst, src) writes the row's 4-byte pixels.
func mapRGB(s *Scratch, img image.Image, f func(d, r []uint8)) image.Image {
	out, dst, src := newPlanes(s, img)
	for y := range src[0].h {
		f(dst[0].row(y), src[0].row(y))
	}
	return out
}
