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
//
// With ycbcr (and flatten) a colour image is converted to 4:2:0 YCbCr row
// by row as it is shrunk (see yccWriter), and never held as RGB.
func (d *Decoder) decodeReduced(z []byte, h *header, kx, ky int, o Options) (image.Image, error) {
	flatten, ycbcr := o.Flatten, o.YCbCr
	w, ht := h.width, h.height
	kx, ky = min(kx, MaxReduce), min(ky, MaxReduce)
	ow, oh := (w+kx-1)/kx, (ht+ky-1)/ky
	gray := h.colorType == ctGray && !h.trns
	ch := 4
	if gray {
		ch = 1
	}
	var pix []byte
	var ycc *yccWriter
	var grayImg *image.Gray
	switch {
	case ycbcr && flatten && !gray:
		ycc = newYCCWriter(o.Alloc, ow, oh)
		pix = grow(&d.out, 4*ow)
	case gray && o.Alloc != nil:
		grayImg = o.Alloc.NewGray(image.Rect(0, 0, ow, oh))
		pix = grayImg.Pix
	default:
		pix = make([]byte, ow*oh*ch)
	}
	// out returns where output row yo goes; done is called once it is
	// written.
	out := func(yo int) []byte {
		if ycc != nil {
			return pix[:4*ow]
		}
		return pix[yo*ow*ch : (yo+1)*ow*ch]
	}
	done := func(yo int) {
		if ycc != nil {
			ycc.row(yo, pix[:4*ow])
		}
	}
	buf := grow(&d.conv, 5*w+8) // conv and 8 bytes of room, or tmp
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
	var pal [256]uint32
	if h.colorType == ctPaletted {
		t := paletteRGBA(h, flatten)
		for i := range pal {
			pal[i] = binary.LittleEndian.Uint32(t[4*i:])
		}
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
			idx := tmp
			if h.depth == 8 {
				idx = cdat[:w]
			} else {
				expandIndices(tmp, cdat, h.depth)
			}
			conv := conv[:4*len(idx)]
			for x, i := range idx {
				binary.LittleEndian.PutUint32(conv[4*x:], pal[i])
			}
		}
	}

	stride := ow * ch
	// Rows are summed as they come, eight bytes at a time in 16-bit lanes
	// (up to 257 rows of 255 fit), and divided once per block row: 8-bit
	// grey and RGB rows as they are (their conversion, adding an opaque
	// alpha, waits for the division), other rows once converted.
	rawCh := rawChannels(h)
	inCh := ch
	if rawCh > 0 {
		inCh = rawCh
	}
	n := inCh * w
	words := (n + 7) / 8
	lanes := grow(&d.lanes, 2*words)
	even, odd := lanes[:words], lanes[words:]
	// col holds the lanes' sums, one a byte, or, for blocks of more than
	// 257 rows, the sums of the converted rows (ch*w of them).
	col := grow(&d.acc, max(8*words, ch*w))
	var row func(y int, cdat []byte)
	switch {
	case kx == 1 && ky == 1:
		row = func(y int, cdat []byte) {
			convert(cdat)
			copy(out(y), conv)
			done(y)
		}
	case ky <= 257:
		row = func(y int, cdat []byte) {
			var p []byte
			if rawCh > 0 {
				// Rows have 8 bytes of room beyond their end: whatever
				// they hold goes into lanes no output reads, and no lane
				// overflows into the next.
				p = cdat[:8*words]
			} else {
				convert(cdat)
				p = buf[:8*words]
			}
			r := y % ky
			if r == 0 {
				clear(lanes)
			}
			addLanes(even, odd, p)
			if r == ky-1 || y == ht-1 {
				unpackLanes(col, even, odd)
				emitRow(out(y/ky), col, w, inCh, ch, kx, r+1)
				done(y / ky)
			}
		}
	default:
		row = func(y int, cdat []byte) {
			convert(cdat)
			acc := col[:len(conv)]
			if y%ky == 0 {
				clear(acc)
			}
			for i, v := range conv {
				acc[i] += uint32(v)
			}
			if r := y % ky; r == ky-1 || y == ht-1 {
				emitRow(out(y/ky), acc, w, ch, ch, kx, r+1)
				done(y / ky)
			}
		}
	}
	if err := d.eachRow(z, h, row); err != nil {
		return nil, err
	}
	rect := image.Rect(0, 0, ow, oh)
	switch {
	case ycc != nil:
		return ycc.m, nil
	case grayImg != nil:
		return grayImg, nil
	case gray:
		return &image.Gray{Pix: pix, Stride: stride, Rect: rect}, nil
	case lut != nil && alphaAll == 0xff:
		return &image.NRGBA{Pix: pix, Stride: stride, Rect: rect}, nil
	}
	return &image.RGBA{Pix: pix, Stride: stride, Rect: rect}, nil
}

// eachRow calls row with each of h's rows, unfiltered, top to bottom, as
// readRows does; an interlaced image's passes are first put together into
// a full-size buffer of rows (h.depth must be 8 or 16).
func (d *Decoder) eachRow(z []byte, h *header, row func(y int, cdat []byte)) error {
	if h.interlace == 0 {
		return d.readRows(z, h, row)
	}
	bpp := h.bitsPerPixel() / 8
	rb := bpp * h.width
	raw := make([]byte, rb*h.height+8)
	if err := d.inflate.reset(z); err != nil {
		return dataError(err)
	}
	for _, p := range adam7() {
		ph := *h
		ph.width = (h.width - p.x0 + p.dx - 1) / p.dx
		ph.height = (h.height - p.y0 + p.dy - 1) / p.dy
		if ph.width == 0 || ph.height == 0 {
			continue
		}
		err := d.readPass(&ph, func(y int, cdat []byte) {
			o := (p.y0+y*p.dy)*rb + p.x0*bpp
			for x := 0; x < ph.width; x++ {
				copy(raw[o+x*p.dx*bpp:o+x*p.dx*bpp+bpp], cdat[x*bpp:x*bpp+bpp])
			}
		})
		if err != nil {
			return err
		}
	}
	if err := d.endOfData(); err != nil {
		return err
	}
	for y := 0; y < h.height; y++ {
		row(y, raw[y*rb:y*rb+rb]) // with room beyond its end, as readRows gives
	}
	return nil
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
