package pngdec

import (
	"image"
	"image/color"
)

// decodeFull decodes the image at full size into the image type image/png
// gives it, with the same pixels; an interlaced one pass by pass, each
// pass's pixels then put in their places.
func (d *Decoder) decodeFull(z []byte, h *header) (image.Image, error) {
	img, row, done := newFull(h)
	if h.interlace == 0 {
		if err := d.readRows(z, h, row); err != nil {
			return nil, err
		}
		done()
		return img, nil
	}
	if err := d.inflate.reset(z); err != nil {
		return nil, dataError(err)
	}
	for _, p := range adam7() {
		ph := *h
		ph.width = (h.width - p.x0 + p.dx - 1) / p.dx
		ph.height = (h.height - p.y0 + p.dy - 1) / p.dy
		if ph.width == 0 || ph.height == 0 {
			continue // an empty pass has no rows, not even filter bytes
		}
		pass, row, done := newFull(&ph)
		if err := d.readPass(&ph, row); err != nil {
			return nil, err
		}
		done()
		mergePass(img, pass, p)
	}
	if err := d.endOfData(); err != nil {
		return nil, err
	}
	return img, nil
}

// An adamPass places the pixels of one pass of an interlaced image: pass
// pixel (x, y) is image pixel (x0 + x*dx, y0 + y*dy).
type adamPass struct{ x0, y0, dx, dy int }

// adam7 returns the seven passes of Adam7 interlacing, in order.
func adam7() [7]adamPass {
	return [7]adamPass{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
}

// mergePass copies the pixels of pass p into their places in img, which
// is of the same type.
func mergePass(img, pass image.Image, p adamPass) {
	var dst, src []uint8
	var stride, srcStride, size int
	switch m := img.(type) {
	case *image.Gray:
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 1, pass.(*image.Gray).Pix, pass.(*image.Gray).Stride
	case *image.Gray16:
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 2, pass.(*image.Gray16).Pix, pass.(*image.Gray16).Stride
	case *image.RGBA:
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 4, pass.(*image.RGBA).Pix, pass.(*image.RGBA).Stride
	case *image.NRGBA:
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 4, pass.(*image.NRGBA).Pix, pass.(*image.NRGBA).Stride
	case *image.RGBA64:
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 8, pass.(*image.RGBA64).Pix, pass.(*image.RGBA64).Stride
	case *image.NRGBA64:
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 8, pass.(*image.NRGBA64).Pix, pass.(*image.NRGBA64).Stride
	case *image.Paletted:
		q := pass.(*image.Paletted)
		dst, stride, size, src, srcStride = m.Pix, m.Stride, 1, q.Pix, q.Stride
		if len(q.Palette) > len(m.Palette) {
			m.Palette = q.Palette
		}
	}
	b := pass.Bounds()
	for y := 0; y < b.Dy(); y++ {
		s := src[y*srcStride : y*srcStride+b.Dx()*size]
		o := (p.y0+y*p.dy)*stride + p.x0*size
		for x := 0; x < b.Dx(); x++ {
			copy(dst[o+x*p.dx*size:o+x*p.dx*size+size], s[x*size:x*size+size])
		}
	}
}

// newFull returns a new image of h's size of the type image/png gives h's
// kind of PNG, the function that stores an unfiltered row in it, and the
// one to call once every row is stored.
func newFull(h *header) (img image.Image, row func(y int, cdat []byte), done func()) {
	w, ht := h.width, h.height
	r := image.Rect(0, 0, w, ht)
	ty, tr, tg, tb := h.transparent[1], h.transparent[1], h.transparent[3], h.transparent[5]
	t16 := [3]uint16{
		uint16(h.transparent[0])<<8 | uint16(h.transparent[1]),
		uint16(h.transparent[2])<<8 | uint16(h.transparent[3]),
		uint16(h.transparent[4])<<8 | uint16(h.transparent[5]),
	}
	done = func() {}
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
		done = func() { m.Palette = append(color.Palette(nil), pal[:size]...) }
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
	return img, row, done
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
