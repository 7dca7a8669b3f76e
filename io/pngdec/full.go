package pngdec

import (
	"image"
	"image/color"
)

// decodeFull decodes the image at full size into the image type image/png
// gives it, with the same pixels.
func (d *Decoder) decodeFull(z []byte, h *header) (image.Image, error) {
	w, ht := h.width, h.height
	r := image.Rect(0, 0, w, ht)
	ty, tr, tg, tb := h.transparent[1], h.transparent[1], h.transparent[3], h.transparent[5]
	t16 := [3]uint16{
		uint16(h.transparent[0])<<8 | uint16(h.transparent[1]),
		uint16(h.transparent[2])<<8 | uint16(h.transparent[3]),
		uint16(h.transparent[4])<<8 | uint16(h.transparent[5]),
	}
	var img image.Image
	var row func(y int, cdat []byte)
	switch {
	case h.colorType == ctGray && h.depth <= 8 && !h.trns:
		m := image.NewGray(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+w]
			if h.depth == 8 {
				copy(out, cdat)
				return
			}
			expandGray(out, cdat, h.depth)
		}
	case h.colorType == ctGray && h.depth <= 8:
		m := image.NewNRGBA(r)
		img = m
		g := make([]byte, w)
		row = func(y int, cdat []byte) {
			expandGray(g, cdat, h.depth)
			out := m.Pix[y*m.Stride : y*m.Stride+4*w]
			for x, v := range g {
				a := uint8(0xff)
				if v == ty {
					a = 0
				}
				o := out[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = v, v, v, a
			}
		}
	case h.colorType == ctGrayAlpha && h.depth == 8:
		m := image.NewNRGBA(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+4*w]
			for x := 0; x < w; x++ {
				v := cdat[2*x]
				o := out[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = v, v, v, cdat[2*x+1]
			}
		}
	case h.colorType == ctTrueColor && h.depth == 8 && !h.trns:
		m := image.NewRGBA(r)
		img = m
		row = func(y int, cdat []byte) {
			rgbToRGBA(m.Pix[y*m.Stride:y*m.Stride+4*w], cdat)
		}
	case h.colorType == ctTrueColor && h.depth == 8:
		m := image.NewNRGBA(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+4*w]
			for x := 0; x < w; x++ {
				p := cdat[3*x : 3*x+3 : 3*x+3]
				a := uint8(0xff)
				if p[0] == tr && p[1] == tg && p[2] == tb {
					a = 0
				}
				o := out[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = p[0], p[1], p[2], a
			}
		}
	case h.colorType == ctRGBA && h.depth == 8:
		m := image.NewNRGBA(r)
		img = m
		row = func(y int, cdat []byte) { copy(m.Pix[y*m.Stride:], cdat[:4*w]) }
	case h.colorType == ctPaletted:
		pal := h.palette // extended as image/png extends it
		size := h.paletteSize()
		m := image.NewPaletted(r, nil)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+w]
			expandIndices(out, cdat, h.depth)
			for _, i := range out {
				if int(i) >= size {
					size = int(i) + 1
				}
			}
		}
		defer func() { m.Palette = append(color.Palette(nil), pal[:size]...) }()
	case h.colorType == ctGray && !h.trns: // 16-bit
		m := image.NewGray16(r)
		img = m
		row = func(y int, cdat []byte) { copy(m.Pix[y*m.Stride:], cdat[:2*w]) }
	case h.colorType == ctGray: // 16-bit, tRNS
		m := image.NewNRGBA64(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+8*w]
			for x := 0; x < w; x++ {
				v0, v1 := cdat[2*x], cdat[2*x+1]
				a := uint8(0xff)
				if uint16(v0)<<8|uint16(v1) == t16[0] {
					a = 0
				}
				o := out[8*x : 8*x+8 : 8*x+8]
				o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = v0, v1, v0, v1, v0, v1, a, a
			}
		}
	case h.colorType == ctGrayAlpha: // 16-bit
		m := image.NewNRGBA64(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+8*w]
			for x := 0; x < w; x++ {
				p := cdat[4*x : 4*x+4 : 4*x+4]
				o := out[8*x : 8*x+8 : 8*x+8]
				o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = p[0], p[1], p[0], p[1], p[0], p[1], p[2], p[3]
			}
		}
	case h.colorType == ctTrueColor && !h.trns: // 16-bit
		m := image.NewRGBA64(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+8*w]
			for x := 0; x < w; x++ {
				p := cdat[6*x : 6*x+6 : 6*x+6]
				o := out[8*x : 8*x+8 : 8*x+8]
				copy(o, p)
				o[6], o[7] = 0xff, 0xff
			}
		}
	case h.colorType == ctTrueColor: // 16-bit, tRNS
		m := image.NewNRGBA64(r)
		img = m
		row = func(y int, cdat []byte) {
			out := m.Pix[y*m.Stride : y*m.Stride+8*w]
			for x := 0; x < w; x++ {
				p := cdat[6*x : 6*x+6 : 6*x+6]
				o := out[8*x : 8*x+8 : 8*x+8]
				copy(o, p)
				a := uint8(0xff)
				if uint16(p[0])<<8|uint16(p[1]) == t16[0] && uint16(p[2])<<8|uint16(p[3]) == t16[1] &&
					uint16(p[4])<<8|uint16(p[5]) == t16[2] {
					a = 0
				}
				o[6], o[7] = a, a
			}
		}
	default: // RGBA, 16-bit
		m := image.NewNRGBA64(r)
		img = m
		row = func(y int, cdat []byte) { copy(m.Pix[y*m.Stride:], cdat[:8*w]) }
	}
	if err := d.readRows(z, h, row); err != nil {
		return nil, err
	}
	return img, nil
}

// expandGray writes the grey levels of the packed depth-bit samples of
// cdat (depth 1, 2, 4 or 8) into out, scaled to 8 bits.
func expandGray(out, cdat []byte, depth int) {
	if depth == 8 {
		copy(out, cdat)
		return
	}
	expandIndices(out, cdat, depth)
	scale := uint8(0xff / (1<<depth - 1))
	for i, v := range out {
		out[i] = v * scale
	}
}

// expandIndices writes the packed depth-bit samples of cdat (depth 1, 2, 4
// or 8), most significant first, into out, one a byte.
func expandIndices(out, cdat []byte, depth int) {
	if depth == 8 {
		copy(out, cdat[:len(out)])
		return
	}
	perByte := 8 / depth
	mask := uint8(1<<depth - 1)
	for x := range out {
		b := cdat[x/perByte]
		shift := uint(8 - depth*(x%perByte+1))
		out[x] = b >> shift & mask
	}
}

// rgbToRGBA copies 3-byte pixels into 4-byte ones, opaque.
func rgbToRGBA(out, cdat []byte) {
	n := len(out) / 4
	cdat = cdat[:3*n]
	for x := 0; x < n; x++ {
		p := cdat[3*x : 3*x+3 : 3*x+3]
		o := out[4*x : 4*x+4 : 4*x+4]
		o[0], o[1], o[2], o[3] = p[0], p[1], p[2], 0xff
	}
}
