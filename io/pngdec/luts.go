package pngdec

import (
	"image"
	"image/color"
	"image/draw"
)

// luts map non-premultiplied 8-bit colour to what augpipe's stages make
// of it: composited onto white (stages.Flatten) or premultiplied (their
// conversion to *image.RGBA). Both are image/draw operations; the tables
// are made by running those very operations on every (value, alpha) pair,
// so that shrink-on-load gives the stages' bytes exactly.
type luts struct {
	over, src   [256 * 256]uint8 // [alpha<<8 | value]
	overA, srcA [256]uint8       // the alpha that results
}

// newLUTs builds the tables.
func newLUTs() *luts {
	r := image.Rect(0, 0, 256, 256)
	m := image.NewNRGBA(r)
	for a := 0; a < 256; a++ {
		for v := 0; v < 256; v++ {
			o := m.Pix[a*m.Stride+4*v:]
			o[0], o[1], o[2], o[3] = uint8(v), uint8(v), uint8(v), uint8(a)
		}
	}
	over, src := flattened(m), premultiplied(m)
	t := new(luts)
	for a := 0; a < 256; a++ {
		for v := 0; v < 256; v++ {
			t.over[a<<8|v] = over.Pix[a*over.Stride+4*v]
			t.src[a<<8|v] = src.Pix[a*src.Stride+4*v]
		}
		t.overA[a] = over.Pix[a*over.Stride+3]
		t.srcA[a] = src.Pix[a*src.Stride+3]
	}
	return t
}

// flattened is img composited onto white, as stages.Flatten does it.
func flattened(img image.Image) *image.RGBA {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	return dst
}

// premultiplied is img converted to *image.RGBA, as the stages convert it.
func premultiplied(img image.Image) *image.RGBA {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
	return dst
}

// paletteRGBA is what the stages make of each of the 256 palette entries
// (those beyond PLTE's are image/png's opaque black), as 4 bytes each.
func paletteRGBA(h *header, flatten bool) [256 * 4]uint8 {
	m := image.NewPaletted(image.Rect(0, 0, 256, 1), color.Palette(h.palette[:]))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	var dst *image.RGBA
	if flatten {
		dst = flattened(m)
	} else {
		dst = premultiplied(m)
	}
	var t [256 * 4]uint8
	copy(t[:], dst.Pix)
	return t
}
