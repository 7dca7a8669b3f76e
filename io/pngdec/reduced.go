package pngdec

import (
	"encoding/binary"
	"image"
)

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
	// 8-bit grey and RGB rows are summed as they come, eight bytes at a
	// time in 16-bit lanes (up to 257 rows of 255 fit), and converted once
	// per block row.
	if rawCh := rawChannels(h); rawCh > 0 && ky <= 257 && (kx > 1 || ky > 1) {
		n := rawCh * w
		words := (n + 7) / 8
		lanes := grow(&d.lanes, 2*words)
		even, odd := lanes[:words], lanes[words:]
		col := grow(&d.acc, 8*words)
		row := func(y int, cdat []byte) {
			p := cdat[:8*words] // zero-padded beyond n: see readRows
			r := y % ky
			if r == 0 {
				clear(lanes)
			}
			addLanes(even, odd, p)
			if r == ky-1 || y == ht-1 {
				unpackLanes(col, even, odd)
				emitRow(pix[(y/ky)*stride:(y/ky+1)*stride], col, w, rawCh, ch, kx, r+1)
			}
		}
		if err := d.readRows(z, h, row); err != nil {
			return nil, err
		}
		if gray {
			return &image.Gray{Pix: pix, Stride: stride, Rect: image.Rect(0, 0, ow, oh)}, nil
		}
		return &image.RGBA{Pix: pix, Stride: stride, Rect: image.Rect(0, 0, ow, oh)}, nil
	}
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
			emitRow(pix[(y/ky)*stride:(y/ky+1)*stride], acc, w, ch, ch, kx, r+1)
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
// sums acc holds (w pixels of inCh channels), as pixels of outCh channels:
// inCh 3 and outCh 4 add an opaque alpha. The block at the right edge
// averages the columns it has.
func emitRow(out []byte, acc []uint32, w, inCh, outCh, kx, rows int) {
	full := w / kx
	d := newDivider(kx * rows)
	switch {
	case inCh == 4 && kx == 2:
		a := acc[:8*full]
		o := out[:4*full]
		for x := 0; x < full; x++ {
			s := a[8*x : 8*x+8 : 8*x+8]
			q := o[4*x : 4*x+4 : 4*x+4]
			q[0], q[1], q[2], q[3] = d.div(s[0]+s[4]), d.div(s[1]+s[5]), d.div(s[2]+s[6]), d.div(s[3]+s[7])
		}
	case inCh == 3 && kx == 2:
		a := acc[:6*full]
		o := out[:4*full]
		for x := 0; x < full; x++ {
			s := a[6*x : 6*x+6 : 6*x+6]
			q := o[4*x : 4*x+4 : 4*x+4]
			q[0], q[1], q[2], q[3] = d.div(s[0]+s[3]), d.div(s[1]+s[4]), d.div(s[2]+s[5]), 0xff
		}
	case inCh == 3 && kx == 3:
		a := acc[:9*full]
		o := out[:4*full]
		for x := 0; x < full; x++ {
			s := a[9*x : 9*x+9 : 9*x+9]
			q := o[4*x : 4*x+4 : 4*x+4]
			q[0], q[1], q[2], q[3] = d.div(s[0]+s[3]+s[6]), d.div(s[1]+s[4]+s[7]), d.div(s[2]+s[5]+s[8]), 0xff
		}
	default:
		for x := 0; x < full; x++ {
			for c := 0; c < inCh; c++ {
				var sum uint32
				for j := 0; j < kx; j++ {
					sum += acc[(x*kx+j)*inCh+c]
				}
				out[x*outCh+c] = d.div(sum)
			}
			if outCh > inCh {
				out[x*outCh+3] = 0xff
			}
		}
	}
	if full*kx < w { // the partial block at the right edge
		d := newDivider((w - full*kx) * rows)
		for c := 0; c < inCh; c++ {
			var sum uint32
			for x := full * kx; x < w; x++ {
				sum += acc[x*inCh+c]
			}
			out[full*outCh+c] = d.div(sum)
		}
		if outCh > inCh {
			out[full*outCh+3] = 0xff
		}
	}
}

// rawChannels is the number of 8-bit channels of h's rows when they are
// already the stages' form but for alpha (grey, or RGB without tRNS), or 0.
func rawChannels(h *header) int {
	switch {
	case h.trns || h.depth != 8:
		return 0
	case h.colorType == ctGray:
		return 1
	case h.colorType == ctTrueColor:
		return 3
	}
	return 0
}

// addLanes adds the bytes of p, eight a word, to the 16-bit lanes of even
// (bytes 0, 2, 4, 6 of each word) and odd (1, 3, 5, 7).
func addLanes(even, odd []uint64, p []byte) {
	const lanes = 0x00FF00FF00FF00FF
	odd = odd[:len(even)]
	p = p[:8*len(even)]
	for j := range even {
		a := binary.LittleEndian.Uint64(p[8*j:])
		even[j] += a & lanes
		odd[j] += (a >> 8) & lanes
	}
}

// unpackLanes writes the lane sums into col, one a byte position.
func unpackLanes(col []uint32, even, odd []uint64) {
	odd = odd[:len(even)]
	col = col[:8*len(even)]
	for j, e := range even {
		o := col[8*j : 8*j+8 : 8*j+8]
		d := odd[j]
		o[0], o[1] = uint32(e&0xFFFF), uint32(d&0xFFFF)
		o[2], o[3] = uint32(e>>16&0xFFFF), uint32(d>>16&0xFFFF)
		o[4], o[5] = uint32(e>>32&0xFFFF), uint32(d>>32&0xFFFF)
		o[6], o[7] = uint32(e>>48), uint32(d>>48)
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
