package pngdec

import "image"

// MaxReduce bounds each shrink factor (larger ones are taken as
// MaxReduce), so that a block's sums fit 32 bits.
const MaxReduce = 2048

// decodeReduced decodes the image into the stages' 8-bit form (see
// Decode), shrunk kx x ky, converting and accumulating each row as it is
// unfiltered.
func (d *Decoder) decodeReduced(z []byte, h *header, kx, ky int, flatten bool) (image.Image, error) {
	w, ht := h.width, h.height
	kx, ky = min(kx, MaxReduce), min(ky, MaxReduce)
	ow, oh := (w+kx-1)/kx, (ht+ky-1)/ky
	gray := h.colorType == ctGray && !h.trns
	ch := 4
	if gray {
		ch = 1
	}
	pix := make([]byte, ow*oh*ch)
	buf := grow(&d.conv, 5*w)
	conv, tmp := buf[:ch*w], buf[4*w:5*w]
	alphaAll := uint8(0xff) // AND of every source alpha
	var lut *[256 * 256]uint8
	var lutA *[256]uint8
	if h.trns || h.colorType == ctGrayAlpha || h.colorType == ctRGBA {
		if d.luts == nil {
			d.luts = newLUTs()
		}
		lut, lutA = &d.luts.src, &d.luts.srcA
		if flatten {
			lut, lutA = &d.luts.over, &d.luts.overA
		}
	}
	var pal [256 * 4]uint8
	if h.colorType == ctPaletted {
		pal = paletteRGBA(h, flatten)
	}
	ty, tr, tg, tb := h.transparent[1], h.transparent[1], h.transparent[3], h.transparent[5]

	var convert func(cdat []byte)
	switch {
	case gray && h.depth <= 8:
		convert = func(cdat []byte) { expandGray(conv, cdat, h.depth) }
	case gray: // 16-bit: the high byte
		convert = func(cdat []byte) {
			cdat = cdat[:2*len(conv)]
			for x := range conv {
				conv[x] = cdat[2*x]
			}
		}
	case h.colorType == ctGray: // 8 bits or fewer, tRNS
		convert = func(cdat []byte) {
			expandGray(tmp, cdat, h.depth)
			for x, v := range tmp {
				a := uint8(0xff)
				if v == ty {
					a = 0
				}
				alphaAll &= a
				c := lut[int(a)<<8|int(v)]
				o := conv[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = c, c, c, lutA[a]
			}
		}
	case h.colorType == ctGrayAlpha:
		convert = func(cdat []byte) {
			cdat = cdat[:2*w]
			for x := 0; x < w; x++ {
				v, a := cdat[2*x], cdat[2*x+1]
				alphaAll &= a
				c := lut[int(a)<<8|int(v)]
				o := conv[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = c, c, c, lutA[a]
			}
		}
	case h.colorType == ctTrueColor && !h.trns && h.depth == 8:
		convert = func(cdat []byte) { rgbToRGBA(conv, cdat) }
	case h.colorType == ctTrueColor && !h.trns: // 16-bit: the high bytes
		convert = func(cdat []byte) {
			cdat = cdat[:6*w]
			for x := 0; x < w; x++ {
				p := cdat[6*x : 6*x+6 : 6*x+6]
				o := conv[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = p[0], p[2], p[4], 0xff
			}
		}
	case h.colorType == ctTrueColor: // 8-bit, tRNS
		convert = func(cdat []byte) {
			cdat = cdat[:3*w]
			for x := 0; x < w; x++ {
				p := cdat[3*x : 3*x+3 : 3*x+3]
				a := uint8(0xff)
				if p[0] == tr && p[1] == tg && p[2] == tb {
					a = 0
				}
				alphaAll &= a
				t := lut[int(a)<<8:]
				o := conv[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = t[p[0]], t[p[1]], t[p[2]], lutA[a]
			}
		}
	case h.colorType == ctRGBA: // 8-bit
		convert = func(cdat []byte) {
			cdat = cdat[:4*w]
			for x := 0; x < w; x++ {
				p := cdat[4*x : 4*x+4 : 4*x+4]
				a := p[3]
				alphaAll &= a
				t := lut[int(a)<<8:]
				o := conv[4*x : 4*x+4 : 4*x+4]
				o[0], o[1], o[2], o[3] = t[p[0]], t[p[1]], t[p[2]], lutA[a]
			}
		}
	default: // paletted
		convert = func(cdat []byte) {
			expandIndices(tmp, cdat, h.depth)
			for x, i := range tmp {
				copy(conv[4*x:4*x+4], pal[4*int(i):4*int(i)+4])
			}
		}
	}

	acc := grow(&d.acc, ch*w)
	stride := ow * ch
	row := func(y int, cdat []byte) {
		convert(cdat)
		if kx == 1 && ky == 1 {
			copy(pix[y*stride:], conv)
			return
		}
		r := y % ky
		if r == 0 {
			for i, v := range conv {
				acc[i] = uint32(v)
			}
		} else {
			acc := acc[:len(conv)]
			for i, v := range conv {
				acc[i] += uint32(v)
			}
		}
		if r == ky-1 || y == ht-1 {
			emitRow(pix[(y/ky)*stride:(y/ky+1)*stride], acc, w, ch, kx, r+1)
		}
	}
	if err := d.readRows(z, h, row); err != nil {
		return nil, err
	}
	rect := image.Rect(0, 0, ow, oh)
	switch {
	case gray:
		return &image.Gray{Pix: pix, Stride: stride, Rect: rect}, nil
	case lut != nil && alphaAll == 0xff:
		return &image.NRGBA{Pix: pix, Stride: stride, Rect: rect}, nil
	}
	return &image.RGBA{Pix: pix, Stride: stride, Rect: rect}, nil
}

// emitRow writes into out the means of the kx x rows blocks whose column
// sums acc holds (w pixels of ch channels); the block at the right edge
// averages the columns it has.
func emitRow(out []byte, acc []uint32, w, ch, kx, rows int) {
	full := w / kx
	d := newDivider(kx * rows)
	switch {
	case ch == 4 && kx == 2:
		a := acc[:8*full]
		o := out[:4*full]
		for x := 0; x < full; x++ {
			s := a[8*x : 8*x+8 : 8*x+8]
			q := o[4*x : 4*x+4 : 4*x+4]
			q[0], q[1], q[2], q[3] = d.div(s[0]+s[4]), d.div(s[1]+s[5]), d.div(s[2]+s[6]), d.div(s[3]+s[7])
		}
	case ch == 4 && kx == 3:
		a := acc[:12*full]
		o := out[:4*full]
		for x := 0; x < full; x++ {
			s := a[12*x : 12*x+12 : 12*x+12]
			q := o[4*x : 4*x+4 : 4*x+4]
			q[0], q[1] = d.div(s[0]+s[4]+s[8]), d.div(s[1]+s[5]+s[9])
			q[2], q[3] = d.div(s[2]+s[6]+s[10]), d.div(s[3]+s[7]+s[11])
		}
	default:
		for x := 0; x < full; x++ {
			for c := 0; c < ch; c++ {
				var sum uint32
				for j := 0; j < kx; j++ {
					sum += acc[(x*kx+j)*ch+c]
				}
				out[x*ch+c] = d.div(sum)
			}
		}
	}
	if full*kx < w { // the partial block at the right edge
		d := newDivider((w - full*kx) * rows)
		for c := 0; c < ch; c++ {
			var sum uint32
			for x := full * kx; x < w; x++ {
				sum += acc[x*ch+c]
			}
			out[full*ch+c] = d.div(sum)
		}
	}
}

// divider divides by n, rounding halves up, by a multiplication:
// (sum + n/2) * m >> 48 with m = ceil(2^48/n) is exact for sums of up to
// 255*n when n < 2^20; beyond, it divides.
type divider struct{ n, m, half uint64 }

func newDivider(n int) divider {
	return divider{n: uint64(n), m: (1<<48 + uint64(n) - 1) / uint64(n), half: uint64(n / 2)}
}

func (d divider) div(sum uint32) uint8 {
	if d.n >= 1<<20 {
		return uint8((uint64(sum) + d.half) / d.n)
	}
	return uint8(((uint64(sum) + d.half) * d.m) >> 48)
}
