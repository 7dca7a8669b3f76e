package tiffdec

import (
	"image"
	"image/color"
	"math"
)

// colorModel is the colour model of the image Decode returns.
func (l *layout) colorModel() color.Model {
	deep := l.depth16()
	switch {
	case l.photometric == pPalette && l.alpha == alphaNone:
		return l.palette()
	case l.photometric == pSeparated:
		return color.CMYKModel
	case l.alpha == alphaUnassociated && deep:
		return color.NRGBA64Model
	case l.alpha == alphaUnassociated:
		return color.NRGBAModel
	case l.colors == 1 && l.alpha == alphaNone && l.photometric != pPalette && deep:
		return color.Gray16Model
	case l.colors == 1 && l.alpha == alphaNone && l.photometric != pPalette:
		return color.GrayModel
	case deep:
		return color.RGBA64Model
	}
	return color.RGBAModel
}

// depth16 reports whether the image is returned with 16-bit samples.
func (l *layout) depth16() bool {
	return l.bps > 8 && l.compression != compJPEG && l.photometric != pPalette &&
		l.photometric != pSeparated && l.photometric != pCIELab
}

// palette is the image's colour map as a palette.
func (l *layout) palette() color.Palette {
	n := 1 << l.bps
	p := make(color.Palette, n)
	for i := range p {
		p[i] = color.RGBA{uint8(l.colorMap[i] >> 8), uint8(l.colorMap[n+i] >> 8), uint8(l.colorMap[2*n+i] >> 8), 0xff}
	}
	return p
}

// toImage makes the image of the decoded samples.
func (l *layout) toImage(s *samples) image.Image {
	r := image.Rect(0, 0, s.w, s.h)
	npx := s.w * s.h
	switch {
	case l.photometric == pPalette && l.alpha == alphaNone:
		return &image.Paletted{Pix: s.b8, Stride: s.w, Rect: r, Palette: l.palette()}
	case l.photometric == pSeparated: // without alpha (parseLayout)
		m := image.NewCMYK(r)
		for i := range npx {
			for c := range 4 {
				m.Pix[4*i+c] = l.level8(s, i*s.spp+c)
			}
		}
		return m
	case l.photometric == pCIELab: // unsigned 8-bit, without alpha (parseLayout)
		m := image.NewRGBA(r)
		for i := range npx {
			p := s.b8[i*s.spp:]
			m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2] = labToSRGB(p[0], int8(p[1]), int8(p[2]))
			m.Pix[4*i+3] = 0xff
		}
		return m
	case l.depth16():
		return l.image16(s, r)
	}
	return l.image8(s, r)
}

// rgba8 returns pixel i's colour and alpha as 8-bit levels.
func (l *layout) rgba8(s *samples, i int) (r, g, b, a uint8) {
	k := i * s.spp
	a = 0xff
	if l.alpha != alphaNone {
		a = l.level8(s, k+l.colors)
	}
	switch l.photometric {
	case pPalette:
		n := 1 << l.bps
		v := int(s.b8[k])
		return uint8(l.colorMap[v] >> 8), uint8(l.colorMap[n+v] >> 8), uint8(l.colorMap[2*n+v] >> 8), a
	case pWhiteIsZero:
		v := l.level8(s, k)
		if l.sampleFormat == fmtUint { // as Pillow, which does not invert others
			v = 0xff - v
		}
		return v, v, v, a
	case pBlackIsZero:
		v := l.level8(s, k)
		return v, v, v, a
	}
	return l.level8(s, k), l.level8(s, k+1), l.level8(s, k+2), a
}

// level8 is sample k as an 8-bit level.
func (l *layout) level8(s *samples, k int) uint8 {
	if s.b8 == nil {
		return uint8(s.b16[k] >> 8)
	}
	v := s.b8[k]
	if l.bps >= 8 {
		return v
	}
	maxv := uint(1)<<l.bps - 1
	return uint8((uint(v)*255 + maxv/2) / maxv)
}

// image8 makes the image of samples of at most 8 bits.
func (l *layout) image8(s *samples, r image.Rectangle) image.Image {
	if m := l.image8Fast(s, r); m != nil {
		return m
	}
	npx := s.w * s.h
	if l.colors == 1 && l.alpha == alphaNone {
		m := image.NewGray(r)
		for i := range npx {
			m.Pix[i], _, _, _ = l.rgba8(s, i)
		}
		return m
	}
	m, pix := l.newRGBA(r)
	for i := range npx {
		cr, cg, cb, a := l.rgba8(s, i)
		if l.alpha == alphaAssociated { // premultiplied: no level above alpha
			cr, cg, cb = min(cr, a), min(cg, a), min(cb, a)
		}
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = cr, cg, cb, a
	}
	return m
}

// newRGBA returns an 8-bit colour image of r and its pixels: NRGBA for
// unassociated alpha, RGBA otherwise.
func (l *layout) newRGBA(r image.Rectangle) (image.Image, []uint8) {
	if l.alpha == alphaUnassociated {
		m := image.NewNRGBA(r)
		return m, m.Pix
	}
	m := image.NewRGBA(r)
	return m, m.Pix
}

// image16 makes the image of samples held on 16 bits.
func (l *layout) image16(s *samples, r image.Rectangle) image.Image {
	npx := s.w * s.h
	level := func(i, c int) uint16 {
		v := s.b16[i*s.spp+c]
		// Pillow inverts WhiteIsZero levels of unsigned samples only.
		if c == 0 && l.photometric == pWhiteIsZero && l.sampleFormat == fmtUint {
			v = 0xffff - v
		}
		return v
	}
	if l.colors == 1 && l.alpha == alphaNone {
		m := image.NewGray16(r)
		for i := range npx {
			v := level(i, 0)
			m.Pix[2*i], m.Pix[2*i+1] = uint8(v>>8), uint8(v)
		}
		return m
	}
	var pix []uint8
	var m image.Image
	if l.alpha == alphaUnassociated {
		n := image.NewNRGBA64(r)
		pix, m = n.Pix, n
	} else {
		n := image.NewRGBA64(r)
		pix, m = n.Pix, n
	}
	for i := range npx {
		var c [4]uint16
		if l.colors == 1 {
			v := level(i, 0)
			c[0], c[1], c[2] = v, v, v
		} else {
			c[0], c[1], c[2] = level(i, 0), level(i, 1), level(i, 2)
		}
		c[3] = 0xffff
		if l.alpha != alphaNone {
			c[3] = level(i, l.colors)
		}
		if l.alpha == alphaAssociated {
			c[0], c[1], c[2] = min(c[0], c[3]), min(c[1], c[3]), min(c[2], c[3])
		}
		for j, v := range c {
			pix[8*i+2*j], pix[8*i+2*j+1] = uint8(v>>8), uint8(v)
		}
	}
	return m
}

// labToSRGB converts a CIELab colour (D50, L* 0..100 as 0..255, a* and b*
// as signed bytes) to 8-bit sRGB as LittleCMS does for Pillow: through
// XYZ, adapted from D50 to D65 by the Bradford transform, then the sRGB
// matrix and transfer curve, clipped.
func labToSRGB(l8 uint8, a8, b8 int8) (uint8, uint8, uint8) {
	L := float64(l8) * 100 / 255
	fy := (L + 16) / 116
	fx := fy + float64(a8)/500
	fz := fy - float64(b8)/200
	finv := func(t float64) float64 {
		if t > 6.0/29 {
			return t * t * t
		}
		return 3 * (6.0 / 29) * (6.0 / 29) * (t - 4.0/29)
	}
	// D50 white point.
	x, y, z := 0.9642*finv(fx), 1.0*finv(fy), 0.8249*finv(fz)
	// Bradford-adapted XYZ(D50) to linear sRGB (D65), as in the sRGB ICC
	// profile's inverse matrix.
	r := 3.1338561*x - 1.6168667*y - 0.4906146*z
	g := -0.9787684*x + 1.9161415*y + 0.0334540*z
	b := 0.0719453*x - 0.2289914*y + 1.4052427*z
	return srgbEncode(r), srgbEncode(g), srgbEncode(b)
}

// srgbEncode applies the sRGB transfer curve to a linear level and makes
// an 8-bit level of it.
func srgbEncode(v float64) uint8 {
	switch {
	case !(v > 0):
		return 0
	case v >= 1:
		return 255
	case v <= 0.0031308:
		v *= 12.92
	default:
		v = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Round(v * 255))
}

// image8Fast is image8 for unsigned 8-bit grey without alpha and RGB with
// or without alpha, or nil for the others.
func (l *layout) image8Fast(s *samples, r image.Rectangle) image.Image {
	if s.b8 == nil || l.bps != 8 || l.sampleFormat != fmtUint {
		return nil
	}
	npx := s.w * s.h
	switch {
	case l.colors == 1 && l.alpha == alphaNone && (l.photometric == pBlackIsZero || l.photometric == pWhiteIsZero):
		m := image.NewGray(r)
		for i := range m.Pix {
			m.Pix[i] = s.b8[i*s.spp]
		}
		if l.photometric == pWhiteIsZero {
			for i, v := range m.Pix {
				m.Pix[i] = 0xff - v
			}
		}
		return m
	case l.colors == 3 && (l.photometric == pRGB || l.photometric == pYCbCr):
		m, pix := l.newRGBA(r)
		if l.alpha == alphaNone {
			for i, j := 0, 0; i < len(pix); i, j = i+4, j+s.spp {
				src := s.b8[j : j+3 : j+3]
				dst := pix[i : i+4 : i+4]
				dst[0], dst[1], dst[2], dst[3] = src[0], src[1], src[2], 0xff
			}
			return m
		}
		for i := range npx {
			src := s.b8[i*s.spp:][:4]
			dst := pix[4*i:][:4]
			a := src[3]
			dst[0], dst[1], dst[2], dst[3] = src[0], src[1], src[2], a
			if l.alpha == alphaAssociated {
				dst[0], dst[1], dst[2] = min(dst[0], a), min(dst[1], a), min(dst[2], a)
			}
		}
		return m
	}
	return nil
}
