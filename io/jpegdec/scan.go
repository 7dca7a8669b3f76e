package jpegdec

import (
	"fmt"
	"math/bits"
)

// maxScans bounds the number of scans in an image.
const maxScans = 1000

// unzig maps zig-zag order (T.81 Figure A.6) to natural order.
var unzig = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10,
	17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34,
	27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36,
	29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46,
	53, 60, 61, 54, 47, 55, 62, 63,
}

// scan is a parsed scan header (T.81 B.2.3).
type scan struct {
	n      int
	comp   [3]int // indexes into Decoder.comp
	dc, ac [3]*huffTable
	ss, se int
	ah, al uint
}

var (
	errBadCode      = FormatError("bad Huffman code")
	errShortScan    = FormatError("short entropy-coded data")
	errBadHuffTable = FormatError("Huffman table is not a prefix code")
	errNoHuffTable  = FormatError("scan uses an undefined Huffman table")
	errTooManyScans = FormatError(fmt.Sprintf("more than %d scans", maxScans))
)

// processSOS reads a scan header at seg and has decodeScan decode the
// entropy-coded data that starts at pos. It returns the position after the
// data.
func (d *Decoder) processSOS(seg []byte, pos int, decodeScan func(*scan) error) (int, error) {
	if d.nComp == 0 {
		return 0, FormatError("missing SOF marker")
	}
	// Each scan walks every block of its components whatever its size, so
	// a small file with many scans could make decoding take very long.
	// Encoders write a dozen or so.
	d.scans++
	if d.scans > maxScans {
		return 0, errTooManyScans
	}
	n := len(seg)
	if n < 6 || n > 4+2*d.nComp || n%2 != 0 {
		return 0, FormatError("SOS has wrong length")
	}
	s := &d.sos
	*s = scan{n: int(seg[0])}
	if n != 4+2*s.n {
		return 0, FormatError("SOS length inconsistent with number of components")
	}
	totalHV := 0
	for i := 0; i < s.n; i++ {
		cs := seg[1+2*i]
		ci := -1
		for j := 0; j < d.nComp; j++ {
			if d.comp[j].id == cs {
				ci = j
			}
		}
		if ci < 0 {
			return 0, FormatError("unknown component selector")
		}
		for j := 0; j < i; j++ {
			if s.comp[j] == ci {
				return 0, FormatError("repeated component selector")
			}
		}
		s.comp[i] = ci
		totalHV += d.comp[ci].h * d.comp[ci].v
		td, ta := seg[2+2*i]>>4, seg[2+2*i]&15
		if td > 3 || ta > 3 || (d.baseline && (td > 1 || ta > 1)) {
			return 0, FormatError("bad Td or Ta value")
		}
		s.dc[i], s.ac[i] = &d.dcHuff[td], &d.acHuff[ta]
	}
	if d.nComp > 1 && totalHV > 10 {
		return 0, FormatError("total sampling factors too large")
	}
	s.ss, s.se = 0, 63
	if d.progressive {
		s.ss, s.se = int(seg[1+2*s.n]), int(seg[2+2*s.n])
		s.ah, s.al = uint(seg[3+2*s.n]>>4), uint(seg[3+2*s.n]&15)
		if (s.ss == 0 && s.se != 0) || s.ss > s.se || s.se > 63 {
			return 0, FormatError("bad spectral selection bounds")
		}
		if s.ss != 0 && s.n != 1 {
			return 0, FormatError("progressive AC scan with more than one component")
		}
		if s.ah != 0 && s.ah != s.al+1 {
			return 0, FormatError("bad successive approximation values")
		}
	}
	d.br.reset(pos)
	err := decodeScan(s)
	return d.br.pos, err
}

// A blockFunc decodes the part of block (bx, by) of component c, the
// scan's component i, that scan s carries. The decoder's are method
// expressions such as (*Decoder).decodeACFirst, which a call reaches
// directly, where a method value such as d.decodeACFirst goes through a
// wrapper.
type blockFunc func(d *Decoder, s *scan, i int, c *component, bx, by int) error

// decodeScan decodes the entropy-coded data of scan s: a sequential scan
// into the output image, a progressive one into the coefficient buffers
// (T.81 G.1.2). The first scan allocates them.
func (d *Decoder) decodeScan(s *scan) error {
	if d.ycc == nil && d.gray == nil {
		if d.isRGB() {
			return unsupported("RGB colour transform")
		}
		d.allocate()
	}
	for i := 0; i < s.n; i++ {
		d.comp[s.comp[i]].scanned = true
	}
	var block blockFunc
	switch {
	case !d.progressive:
		block = (*Decoder).decodeSequential
	case s.ss == 0 && s.ah == 0:
		block = (*Decoder).decodeDCFirst
	case s.ss == 0:
		block = (*Decoder).decodeDCRefine
	case s.ah == 0:
		block = (*Decoder).decodeACFirst
	default:
		block = (*Decoder).decodeACRefine
	}
	if d.arithmetic {
		d.arithStart(s)
		block = d.arithBlock(s)
	}
	return d.walk(s, block)
}

// An mcuBlock is a block of an MCU: block (dx, dy) of the h x v blocks
// that the MCU holds of component c, the scan's component i.
type mcuBlock struct {
	c            *component
	i            int
	h, v, dx, dy int
}

// walk calls block for every block of scan s in the order of the
// entropy-coded data, checking after each MCU that the data did not run
// short, and reads the restart marker that ends each restart interval. A
// scan of several components is interleaved: an MCU holds h x v blocks of
// each, and the MCUs cover the MCU-padded grid (T.81 A.2.3). A scan of one
// component is not: an MCU is one block, and the MCUs cover only the blocks
// that hold some of the component (A.2.2).
func (d *Decoder) walk(s *scan, block blockFunc) error {
	var blocks [10]mcuBlock // processSOS bounds the sum of h x v to 10
	nb := 0
	mcusX, mcusY := d.mcusX, d.mcusY
	if s.n == 1 {
		c := &d.comp[s.comp[0]]
		mcusX, mcusY = c.cw, c.ch
		blocks[0] = mcuBlock{c: c, h: 1, v: 1}
		nb = 1
	} else {
		for i := 0; i < s.n; i++ {
			c := &d.comp[s.comp[i]]
			for dy := 0; dy < c.v; dy++ {
				for dx := 0; dx < c.h; dx++ {
					blocks[nb] = mcuBlock{c, i, c.h, c.v, dx, dy}
					nb++
				}
			}
		}
	}
	d.pred = [3]int32{}
	var rst byte
	total := mcusX * mcusY
	mcu := 0
	for my := 0; my < mcusY; my++ {
		d.mcuRow = my
		for mx := 0; mx < mcusX; mx++ {
			for j := range blocks[:nb] {
				b := &blocks[j]
				if err := block(d, s, b.i, b.c, mx*b.h+b.dx, my*b.v+b.dy); err != nil {
					return err
				}
			}
			if d.br.overrun() {
				return errShortScan
			}
			mcu++
			if d.ri > 0 && mcu%d.ri == 0 && mcu < total {
				if err := d.restart(&rst); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// restart handles the end of a restart interval: it expects marker RSTn
// (T.81 F.1.2.3 and B.2.1) and resets the decoder state.
func (d *Decoder) restart(expected *byte) error {
	m, ok := d.br.skipToMarker()
	if !ok || m != 0xD0+*expected {
		return FormatError("bad RST marker")
	}
	*expected = (*expected + 1) & 7
	d.br.reset(d.br.pos)
	d.pred = [3]int32{}
	d.eobrun = 0
	if d.arithmetic {
		d.arithStart(&d.sos)
	}
	return nil
}

// decodeSequential decodes a block of a baseline or extended sequential
// scan and writes its samples.
func (d *Decoder) decodeSequential(s *scan, i int, c *component, bx, by int) error {
	ac, err := d.decodeBlock(s.dc[i], s.ac[i], &d.pred[i], &d.qt[c.tq])
	if err != nil {
		return err
	}
	d.output(c, bx, by, d.bs, ac)
	return nil
}

// output transforms d.blk into block (bx, by) of component c and clears it.
// ac is false when only the DC coefficient may be non-zero.
func (d *Decoder) output(c *component, bx, by, bs int, ac bool) {
	off := by*bs*c.stride + bx*bs
	edge := bs < 8 && (bx*8+8 > c.sw || by*8+8 > c.sh) && bx*8 < c.sw && by*8 < c.sh
	if !ac || (bs == 1 && !edge) {
		v := clamp8((d.blk[0] + 4 + 128*8) >> 3)
		if ac {
			d.blk = [64]int32{}
		} else {
			d.blk[0] = 0
		}
		dst := c.plane[off:]
		for y := 0; y < bs; y++ {
			row := dst[y*c.stride : y*c.stride+bs]
			for x := range row {
				row[x] = v
			}
		}
		return
	}
	if edge {
		d.outputEdge(c, bx, by, bs, c.plane[off:])
	} else {
		d.idct(&d.blk, c.plane[off:], c.stride)
	}
	d.blk = [64]int32{}
}

// outputEdge writes a reduced block that the component's right or bottom
// edge cuts: each output sample is the mean of the full-size samples of
// its box that lie inside the component, as if the full image had been
// decoded and box-averaged, instead of also averaging the encoder's
// padding. Boxes wholly outside get the nearest inside box's value.
func (d *Decoder) outputEdge(c *component, bx, by, bs int, dst []byte) {
	var full [64]byte
	idct8(&d.blk, full[:], 8)
	s := 8 / bs
	vw, vh := min(c.sw-bx*8, 8), min(c.sh-by*8, 8) // valid samples, >= 1
	for oy := 0; oy < bs; oy++ {
		y0 := min(oy*s, (vh-1)/s*s)
		y1 := min(y0+s, vh)
		for ox := 0; ox < bs; ox++ {
			x0 := min(ox*s, (vw-1)/s*s)
			x1 := min(x0+s, vw)
			sum, n := 0, 0
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					sum += int(full[y*8+x])
					n++
				}
			}
			dst[oy*c.stride+ox] = uint8((sum + n/2) / n)
		}
	}
}

// decodeBlock decodes one block of a sequential scan into d.blk,
// dequantised, in natural order (T.81 F.2.2.1 and F.2.2.2). It reports
// whether any AC coefficient was non-zero. The bit reader's state is kept
// in locals in the hot loop.
func (d *Decoder) decodeBlock(dcT, acT *huffTable, pred *int32, q *[64]int32) (ac bool, err error) {
	r := &d.br
	blk := &d.blk
	if r.n < 32 {
		r.fill()
	}
	var diff int32
	if e := dcT.fast[r.acc>>(64-lutBits)]; e != 0 {
		l := uint(e & 0xFF)
		r.acc <<= l
		r.n -= l
		diff = e >> 16
	} else {
		sym, ok := dcT.decode(r)
		if !ok {
			return false, dcT.err()
		}
		if sym > 16 {
			return false, FormatError("DC difference too large")
		}
		diff = r.receiveExtend(uint(sym))
	}
	*pred += diff
	blk[0] = *pred * q[0]
	acc, n := r.acc, r.n
	for k := 1; k < 64; {
		if n < 32 {
			r.acc, r.n = acc, n
			r.fill()
			acc, n = r.acc, r.n
		}
		if e := acT.fast[acc>>(64-lutBits)]; e != 0 {
			k += int(e>>8) & 15
			if k > 63 {
				l := uint(e>>12) & 15
				acc <<= l
				n -= l
				break
			}
			l := uint(e & 0xFF)
			acc <<= l
			n -= l
			blk[unzig[k]] = (e >> 16) * q[k]
			ac = true
			k++
			continue
		}
		r.acc, r.n = acc, n
		sym, ok := acT.decode(r)
		if !ok {
			return false, acT.err()
		}
		run, size := int(sym>>4), uint(sym&15)
		if size == 0 {
			acc, n = r.acc, r.n
			if run != 15 {
				// EOB. T.81 defines no other symbol R0 for sequential
				// scans; like libjpeg we end the block. (image/jpeg
				// instead reads an end-of-band run, as in progressive
				// scans.)
				break
			}
			k += 16
			continue
		}
		k += run
		if k > 63 {
			acc, n = r.acc, r.n
			break
		}
		blk[unzig[k]] = r.receiveExtend(size) * q[k]
		acc, n = r.acc, r.n
		ac = true
		k++
	}
	r.acc, r.n = acc, n
	return ac, nil
}

// storeAC saves the non-zero AC coefficient k of a block, if the scale
// uses it, and keeps the block's non-zero mask. Coefficients are kept in 16
// bits, wrapped when they do not fit (no conforming 8-bit encoder makes
// such); one that wraps to 0 is a zero from then on.
func storeAC(blk []int16, slot *[64]int8, mask *uint64, k int, v int32) {
	*mask |= 1 << uint(k)
	if j := slot[k&63]; j >= 0 {
		blk[j] = int16(v)
		if int16(v) == 0 {
			*mask &^= 1 << uint(k)
		}
	}
}

// progBlock returns where block (bx, by) of c keeps its AC coefficients:
// coefficient k in blk[slot[k]], none where slot[k] < 0. At reduced scales
// most blocks keep only those the scale uses; blocks that the component's
// right or bottom edge cuts keep all (see outputEdge).
func (d *Decoder) progBlock(c *component, bx, by int) (blk []int16, slot *[64]int8) {
	if d.scale > 1 {
		if bx == c.cw-1 && c.sw%8 != 0 && by < c.ch {
			return c.edge[by*63:][:63], &d.slotAll
		}
		if by == c.ch-1 && c.sh%8 != 0 && bx < c.cw {
			return c.edge[(c.ch+bx)*63:][:63], &d.slotAll
		}
	}
	b := by*c.bw + bx
	return c.coef[b*d.blockLen:][:d.slots], &d.slot
}

// decodeDCFirst decodes the first scan of the DC coefficient of a
// progressive block (T.81 G.1.2.1).
func (d *Decoder) decodeDCFirst(s *scan, i int, c *component, bx, by int) error {
	r := &d.br
	if r.n < 32 {
		r.fill()
	}
	sym, ok := s.dc[i].decode(r)
	if !ok {
		return s.dc[i].err()
	}
	if sym > 16 {
		return FormatError("DC difference too large")
	}
	d.pred[i] += r.receiveExtend(uint(sym))
	c.dc[by*c.bw+bx] = int16(d.pred[i] << s.al)
	return nil
}

// decodeDCRefine decodes a successive-approximation bit of the DC
// coefficient of a progressive block (G.1.2.1).
func (d *Decoder) decodeDCRefine(s *scan, _ int, c *component, bx, by int) error {
	if d.br.bit() {
		c.dc[by*c.bw+bx] |= 1 << s.al
	}
	return nil
}

// decodeACFirst decodes the first scan of a band of AC coefficients of a
// progressive block (G.1.2.2), with end-of-band runs.
func (d *Decoder) decodeACFirst(s *scan, _ int, c *component, bx, by int) error {
	if d.eobrun > 0 {
		d.eobrun--
		return nil
	}
	blk, slot := d.progBlock(c, bx, by)
	mask := &c.nz[by*c.bw+bx]
	r := &d.br
	h := s.ac[0]
	se, al := s.se, s.al
	m := *mask
	acc, n := r.acc, r.n
	var v int32
	for k := s.ss; k <= se; {
		if n < 32 {
			r.acc, r.n = acc, n
			r.fill()
			acc, n = r.acc, r.n
		}
		if e := h.fast[acc>>(64-lutBits)]; e != 0 {
			k += int(e>>8) & 15
			if k > se {
				l := uint(e>>12) & 15
				acc <<= l
				n -= l
				break
			}
			l := uint(e & 0xFF)
			acc <<= l
			n -= l
			v = (e >> 16) << al
		} else {
			r.acc, r.n = acc, n
			sym, ok := h.decode(r)
			if !ok {
				return h.err()
			}
			run, size := int(sym>>4), uint(sym&15)
			if size == 0 {
				if run < 15 {
					d.eobrun = 1<<run - 1
					if run > 0 {
						d.eobrun += int(r.bits(uint(run)))
					}
					acc, n = r.acc, r.n
					break
				}
				acc, n = r.acc, r.n
				k += 16
				continue
			}
			k += run
			if k > se {
				acc, n = r.acc, r.n
				break
			}
			v = r.receiveExtend(size) << al
			acc, n = r.acc, r.n
		}
		m |= 1 << uint(k)
		if j := slot[k&63]; j >= 0 {
			blk[j] = int16(v)
			if int16(v) == 0 {
				m &^= 1 << uint(k) // wrapped (see storeAC)
			}
		}
		k++
	}
	r.acc, r.n = acc, n
	*mask = m
	return nil
}

// decodeACRefine decodes a successive-approximation refinement of a band of
// AC coefficients of a progressive block (G.1.2.3).
func (d *Decoder) decodeACRefine(s *scan, _ int, c *component, bx, by int) error {
	blk, slot := d.progBlock(c, bx, by)
	mask := &c.nz[by*c.bw+bx]
	r := &d.br
	h := s.ac[0]
	delta := int32(1) << s.al
	k := s.ss
	if d.eobrun == 0 {
		for ; k <= s.se; k++ {
			if r.n < 32 {
				r.fill()
			}
			sym, ok := h.decode(r)
			if !ok {
				return h.err()
			}
			run, size := int(sym>>4), sym&15
			z := int32(0)
			switch size {
			case 0:
				if run != 15 {
					d.eobrun = 1 << run
					if run > 0 {
						d.eobrun |= int(r.bits(uint(run)))
					}
					goto eob
				}
			case 1:
				z = delta
				if !r.bit() {
					z = -z
				}
			default:
				return FormatError("bad refinement symbol")
			}
			k = d.refineNonZeroes(blk, slot, mask, k, s.se, run, delta)
			if k > s.se {
				return FormatError("too many coefficients")
			}
			if z != 0 {
				storeAC(blk, slot, mask, k, z)
			}
		}
	}
eob:
	if d.eobrun > 0 {
		d.eobrun--
		d.refineNonZeroes(blk, slot, mask, k, s.se, -1, delta)
	}
	return nil
}

// refineNonZeroes adds a correction bit to each non-zero coefficient from
// k on, stopping at the (nz+1)th zero coefficient (never, if nz < 0), whose
// index it returns. It jumps over zero runs with the block's mask.
func (d *Decoder) refineNonZeroes(blk []int16, slot *[64]int8, mask *uint64, k, se, nz int, delta int32) int {
	r := &d.br
	acc, n := r.acc, r.n
	for k <= se {
		z := bits.TrailingZeros64(*mask >> uint(k)) // zeros from k on
		z = min(z, se+1-k)
		if nz >= 0 {
			if nz < z {
				k += nz
				break
			}
			nz -= z
		}
		k += z
		if k > se {
			break
		}
		if n == 0 {
			r.acc, r.n = acc, n
			r.fill()
			acc, n = r.acc, r.n
		}
		bit := acc >> 63
		acc <<= 1
		n--
		if j := slot[k&63]; bit != 0 && j >= 0 {
			v := int32(blk[j])
			if v >= 0 {
				v += delta
			} else {
				v -= delta
			}
			blk[j] = int16(v)
			if int16(v) == 0 {
				*mask &^= 1 << uint(k) // wrapped (see storeAC)
			}
		}
		k++
	}
	r.acc, r.n = acc, n
	return k
}

// relevantCoefs returns the zig-zag positions of the coefficients that
// contribute to the output at the given scale (see idct.go): all at 1,
// those outside row and column 4 at 2, rows and columns 0, 1, 3, 5 and 7 at
// 4, and the DC term at 8.
func relevantCoefs(scale int) uint64 {
	var m uint64
	for k, z := range unzig {
		row, col := int(z/8), int(z%8)
		var ok bool
		switch scale {
		case 1:
			ok = true
		case 2:
			ok = row != 4 && col != 4
		case 4:
			ok = row != 2 && row != 4 && row != 6 && col != 2 && col != 4 && col != 6
		default:
			ok = k == 0
		}
		if ok {
			m |= 1 << uint(k)
		}
	}
	return m
}

// reconstructProgressive dequantises and transforms the coefficients of
// every component that had a scan.
func (d *Decoder) reconstructProgressive() {
	bs := d.bs
	for i := 0; i < d.nComp; i++ {
		c := &d.comp[i]
		if !c.scanned {
			continue
		}
		q := &d.qt[c.tq]
		for by := 0; by < c.ch; by++ {
			for bx := 0; bx < c.cw; bx++ {
				b := by*c.bw + bx
				d.blk[0] = int32(c.dc[b]) * q[0]
				src, slot := d.progBlock(c, bx, by)
				m := c.nz[b] &^ 1
				if slot == &d.slot {
					m &= d.relevant
				}
				ac := m != 0
				for ; m != 0; m &= m - 1 {
					k := bits.TrailingZeros64(m)
					d.blk[unzig[k]] = int32(src[slot[k]]) * q[k]
				}
				d.output(c, bx, by, bs, ac)
			}
		}
	}
}
