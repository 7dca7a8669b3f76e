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
	td, ta [3]uint8 // the numbers of the DC and AC tables (arithmetic coding's too)
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
		s.td[i], s.ta[i] = td, ta
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
//
// At 1/8 scale a progressive AC scan is skipped undecoded, up to the marker
// that ends it, when nothing it holds can reach the output (see
// skipsACScan).
func (d *Decoder) decodeScan(s *scan) error {
	if d.skipsACScan(s) {
		d.br.skipScanData()
		return nil
	}
	return d.decodeScanWith(s, (*Decoder).decodeACRefine)
}

// skipsACScan reports whether scan s is a progressive AC scan that the
// output cannot depend on: at 1/8 scale a block's output sample is its DC
// term alone, unless the block is cut by the component's right or bottom
// edge, where the exact box average needs every coefficient (outputEdge).
// So AC scans are skipped only when no component of the frame has such
// blocks: then every AC scan is, and the end-of-band run that one AC scan
// may leave to the next does not matter. The scan's component must have
// had a DC scan (as T.81 G.1.1.1.1 requires), so that skipping changes
// nothing about which components are output.
func (d *Decoder) skipsACScan(s *scan) bool {
	if !d.progressive || d.scale != 8 || s.ss == 0 || !d.comp[s.comp[0]].scanned {
		return false
	}
	for _, c := range d.comp[:d.nComp] {
		if c.sw%8 != 0 || c.sh%8 != 0 {
			return false
		}
	}
	return true
}

// decodeScanWith is decodeScan with acRefine decoding the blocks of
// progressive AC refinement scans (tests compare implementations).
func (d *Decoder) decodeScanWith(s *scan, acRefine blockFunc) error {
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
		block = acRefine
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
	d.pred = [3]int32{}
	var rst byte
	mcu := 0
	if s.n == 1 {
		c := &d.comp[s.comp[0]]
		total := c.cw * c.ch
		for by := 0; by < c.ch; by++ {
			d.mcuRow = by
			for bx := 0; bx < c.cw; bx++ {
				if err := block(d, s, 0, c, bx, by); err != nil {
					return err
				}
				mcu++
				if d.br.overrun() || (d.ri > 0 && mcu%d.ri == 0) {
					if err := d.mcuEnd(mcu, total, &rst); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	var blocks [10]mcuBlock // processSOS bounds the sum of h x v to 10
	nb := 0
	for i := 0; i < s.n; i++ {
		c := &d.comp[s.comp[i]]
		for dy := 0; dy < c.v; dy++ {
			for dx := 0; dx < c.h; dx++ {
				blocks[nb] = mcuBlock{c, i, c.h, c.v, dx, dy}
				nb++
			}
		}
	}
	mcusX, mcusY := d.mcusX, d.mcusY
	total := mcusX * mcusY
	for my := 0; my < mcusY; my++ {
		d.mcuRow = my
		for mx := 0; mx < mcusX; mx++ {
			for j := range blocks[:nb] {
				b := &blocks[j]
				if err := block(d, s, b.i, b.c, mx*b.h+b.dx, my*b.v+b.dy); err != nil {
					return err
				}
			}
			mcu++
			if d.br.overrun() || (d.ri > 0 && mcu%d.ri == 0) {
				if err := d.mcuEnd(mcu, total, &rst); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// mcuEnd follows the mcu-th of a scan's total MCUs when the data ran
// short, which fails, or a restart interval ended: it reads the restart
// marker (rst is the one expected next), but after the last MCU.
func (d *Decoder) mcuEnd(mcu, total int, rst *byte) error {
	if d.br.overrun() {
		return errShortScan
	}
	if mcu < total {
		return d.restart(rst)
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
		fillBlock(c.plane[off:], c.stride, bs, clamp8((d.blk[0]+4+128*8)>>3))
		if ac {
			d.blk = [64]int32{}
		} else {
			d.blk[0] = 0
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

// fillBlock sets the bs x bs block at dst, rows stride apart, to v.
func fillBlock(dst []byte, stride, bs int, v uint8) {
	for y := 0; y < bs; y++ {
		row := dst[y*stride : y*stride+bs]
		for x := range row {
			row[x] = v
		}
	}
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

// fastDC reads a DC difference (T.81 F.2.2.1) whose code and magnitude
// bits fit in lutBits, from h's fast table; it reads nothing and reports
// false for any other, which decodeDCSlow reads. The caller ensures
// r.n >= 32.
func (r *bitReader) fastDC(h *huffTable) (int32, bool) {
	e := h.fast[r.acc>>(64-lutBits)]
	l := uint(e & 0xFF)
	r.acc <<= l & 63
	r.n -= l
	return e >> 16, e != 0
}

// decodeDCSlow reads a DC difference that fastDC does not: its
// Huffman-coded size, then the extended magnitude bits.
func (r *bitReader) decodeDCSlow(h *huffTable) (int32, error) {
	sym, ok := h.decode(r)
	if !ok {
		return 0, h.err()
	}
	if sym > 16 {
		return 0, FormatError("DC difference too large")
	}
	return r.receiveExtend(uint(sym)), nil
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
	diff, ok := r.fastDC(dcT)
	if !ok {
		if diff, err = r.decodeDCSlow(dcT); err != nil {
			return false, err
		}
	}
	*pred += diff
	blk[0] = *pred * q[0]
	acc, n := r.acc, r.n
	for k := 1; k < 64; {
		if n < 32 {
			acc, n = r.refilled(acc, n)
		}
		if e := acT.fast[acc>>(64-lutBits)]; e != 0 {
			k += int(e>>8) & 15
			if k > 63 {
				l := uint(e>>12) & 15
				acc <<= l & 63
				n -= l
				break
			}
			l := uint(e & 0xFF)
			acc <<= l & 63
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

// progBlock returns where block (bx, by) of c keeps its AC coefficients:
// coefficient k in blk[slot[k]], none where slot[k] < 0. At reduced scales
// most blocks keep only those the scale uses; blocks that the component's
// right or bottom edge cuts keep all (see outputEdge), and are found by
// progCutBlock.
func (d *Decoder) progBlock(c *component, bx, by int) (blk []int16, slot *[64]int8) {
	if blk, ok := d.progUncutBlock(c, bx, by); ok {
		return blk, &d.slot
	}
	return d.progCutBlock(c, bx, by)
}

// progUncutBlock is progBlock for a block that no edge cuts, with slot
// &d.slot; ok is false for a cut one. The compiler inlines it.
func (d *Decoder) progUncutBlock(c *component, bx, by int) (blk []int16, ok bool) {
	if bx >= c.cutX || by >= c.cutY {
		return nil, false
	}
	i := (by*c.bw + bx) * d.blockLen
	return c.coef[i : i+d.slots], true
}

// progCutBlock is progBlock for the blocks in c's last column and row.
func (d *Decoder) progCutBlock(c *component, bx, by int) (blk []int16, slot *[64]int8) {
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
	diff, ok := r.fastDC(s.dc[i])
	if !ok {
		var err error
		if diff, err = r.decodeDCSlow(s.dc[i]); err != nil {
			return err
		}
	}
	d.pred[i] += diff
	c.dc[by*c.bw+bx] = int16(d.pred[i] << s.al)
	return nil
}

// decodeDCRefine decodes a successive-approximation bit of the DC
// coefficient of a progressive block (G.1.2.1).
// The bit is random: it is or-ed in shifted, without a branch.
func (d *Decoder) decodeDCRefine(s *scan, _ int, c *component, bx, by int) error {
	r := &d.br
	if r.n < 1 {
		r.fill()
	}
	c.dc[by*c.bw+bx] |= int16(r.acc>>63) << (s.al & 15)
	r.acc <<= 1
	r.n--
	return nil
}

// decodeACFirst decodes the first scan of a band of AC coefficients of a
// progressive block (G.1.2.2), with end-of-band runs.
func (d *Decoder) decodeACFirst(s *scan, _ int, c *component, bx, by int) error {
	if d.eobrun > 0 {
		d.eobrun--
		return nil
	}
	blk, ok := d.progUncutBlock(c, bx, by) // progBlock, its common case inline
	slot := &d.slot
	if !ok {
		blk, slot = d.progCutBlock(c, bx, by)
	}
	mask := &c.nz[by*c.bw+bx]
	r := &d.br
	h := s.ac[0]
	se, al := s.se, s.al
	m := *mask
	acc, n := r.acc, r.n
	var v int32
	for k := s.ss; k <= se; {
		if n < 32 {
			acc, n = r.refilled(acc, n)
		}
		if e := h.fast[acc>>(64-lutBits)]; e != 0 {
			k += int(e>>8) & 15
			if k > se {
				l := uint(e>>12) & 15
				acc <<= l & 63
				n -= l
				break
			}
			l := uint(e & 0xFF)
			acc <<= l & 63
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
		m |= 1 << (uint(k) & 63)
		if j := slot[k&63]; j >= 0 {
			blk[j] = int16(v)
			if int16(v) == 0 {
				m &^= 1 << (uint(k) & 63) // wrapped (see decodeACRefine)
			}
		}
		k++
	}
	r.acc, r.n = acc, n
	*mask = m
	return nil
}

// decodeACRefine decodes a successive-approximation refinement of a band of
// AC coefficients of a progressive block (G.1.2.3): each symbol gives the
// zero run before a newly non-zero coefficient (or an end-of-band run), and
// every coefficient already non-zero that the run passes over, or that the
// band holds after an end of band, takes a correction bit. The bit reader's
// state and the block's non-zero mask are kept in locals, the Huffman
// look-up is inlined, and zero runs are skipped with the mask.
//
// Coefficients are kept in 16 bits, wrapped when they do not fit (no
// conforming 8-bit encoder makes such); one that wraps to 0 is a zero from
// then on, in the mask too.
func (d *Decoder) decodeACRefine(s *scan, _ int, c *component, bx, by int) error {
	blk, ok := d.progUncutBlock(c, bx, by) // progBlock, its common case inline
	slot := &d.slot
	if !ok {
		blk, slot = d.progCutBlock(c, bx, by)
	}
	maskp := &c.nz[by*c.bw+bx]
	m := *maskp
	r := &d.br
	h := s.ac[0]
	se := s.se
	delta := int32(1) << s.al
	k := s.ss
	acc, n := r.acc, r.n
	eobrun := d.eobrun
	if eobrun == 0 {
		for ; k <= se; k++ {
			if n < 32 {
				acc, n = r.refilled(acc, n)
			}
			var sym uint8
			if e := h.lut[acc>>(64-lutBits)]; e != 0 {
				l := uint(e & 0xFF)
				acc <<= l & 63
				n -= l
				sym = uint8(e >> 8)
			} else {
				r.acc, r.n = acc, n
				v, ok := h.decode(r)
				if !ok {
					return h.err()
				}
				acc, n = r.acc, r.n
				sym = v
			}
			nz := int(sym >> 4) // zeros to pass over before the new coefficient
			z := int32(0)
			switch sym & 15 {
			case 0:
				if nz != 15 {
					eobrun = 1 << (uint(nz) & 63)
					if nz > 0 {
						if n < uint(nz) {
							acc, n = r.refilled(acc, n)
						}
						eobrun |= int(acc >> ((64 - uint(nz)) & 63))
						acc <<= uint(nz) & 63
						n -= uint(nz)
					}
					goto eob
				}
			case 1:
				if n < 1 {
					acc, n = r.refilled(acc, n)
				}
				neg := int32(acc>>63) - 1 // 0 for a 1 bit (positive), -1 for a 0
				z = delta ^ neg - neg
				acc <<= 1
				n--
			default:
				return FormatError("bad refinement symbol")
			}
			// Correct the non-zero coefficients up to the (nz+1)th zero.
			for k <= se {
				zeros := min(bits.TrailingZeros64(m>>(uint(k)&63)), se+1-k)
				if nz < zeros {
					k += nz
					goto found
				}
				nz -= zeros
				k += zeros
				if k > se {
					break
				}
				if n == 0 {
					acc, n = r.refilled(acc, n)
				}
				m = correctNonZero(blk, slot, m, k, acc>>63, delta)
				acc <<= 1
				n--
				k++
			}
			return FormatError("too many coefficients")
		found:
			if z != 0 {
				m |= 1 << (uint(k) & 63)
				if j := slot[k&63]; j >= 0 {
					blk[j] = int16(z)
					if int16(z) == 0 {
						m &^= 1 << (uint(k) & 63)
					}
				}
			}
		}
	}
eob:
	if eobrun > 0 {
		eobrun--
		// Correct every non-zero coefficient left in the band. (This loop
		// and the one above differ only in counting zeros; a function
		// that both called, holding the reader's state, costs a call per
		// corrected coefficient: the compiler does not inline it.)
		for k <= se {
			k += bits.TrailingZeros64(m >> (uint(k) & 63))
			if k > se {
				break
			}
			if n == 0 {
				acc, n = r.refilled(acc, n)
			}
			m = correctNonZero(blk, slot, m, k, acc>>63, delta)
			acc <<= 1
			n--
			k++
		}
	}
	r.acc, r.n = acc, n
	*maskp = m
	d.eobrun = eobrun
	return nil
}

// correctNonZero applies correction bit bit (0 or 1) of weight delta to
// the magnitude of coefficient k, which is non-zero, where the scale keeps
// it, and returns the block's mask: without k if its 16 bits wrapped to 0.
// The bit and the coefficient's sign are random: they select by arithmetic,
// not by branches, which the processor would mispredict half the time. (A
// coefficient kept with its bit set in the mask is never 0, so a zero bit
// leaves it and the mask as they were.)
func correctNonZero(blk []int16, slot *[64]int8, m uint64, k int, bit uint64, delta int32) uint64 {
	if j := slot[k&63]; j >= 0 {
		v := int32(blk[j])
		add := delta & -int32(bit) // 0 or delta
		sign := v >> 31            // 0 or -1
		v += add ^ sign - sign     // towards larger magnitude
		blk[j] = int16(v)
		if int16(v) == 0 {
			m &^= 1 << (uint(k) & 63)
		}
	}
	return m
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
			m |= 1 << (uint(k) & 63)
		}
	}
	return m
}

// reconstructProgressive dequantises and transforms the coefficients of
// every component that had a scan.
func (d *Decoder) reconstructProgressive() {
	for i := 0; i < d.nComp; i++ {
		if c := &d.comp[i]; c.scanned {
			d.reconstructComponent(c)
		}
	}
}

// reconstructComponent dequantises and transforms the coefficients of
// component c. Blocks that the component's right or bottom edge cuts go
// through progCutBlock and output; the others, all but a row and a column,
// take output's steps inline: their coefficients are where
// progUncutBlock finds them and output would find them uncut.
func (d *Decoder) reconstructComponent(c *component) {
	bs := d.bs
	q := &d.qt[c.tq]
	blk := &d.blk
	for by := 0; by < c.ch; by++ {
		row := c.plane[by*bs*c.stride:]
		for bx := 0; bx < c.cw; bx++ {
			b := by*c.bw + bx
			blk[0] = int32(c.dc[b]) * q[0]
			if bx >= c.cutX || by >= c.cutY {
				src, slot := d.progCutBlock(c, bx, by)
				m := c.nz[b] &^ 1
				if slot == &d.slot {
					m &= d.relevant
				}
				dequantise(blk, src, slot, q, m)
				d.output(c, bx, by, bs, m != 0)
				continue
			}
			m := c.nz[b] &^ 1 & d.relevant
			if m == 0 {
				fillBlock(row[bx*bs:], c.stride, bs, clamp8((blk[0]+4+128*8)>>3))
				blk[0] = 0
				continue
			}
			dequantise(blk, c.coef[b*d.blockLen:][:d.slots], &d.slot, q, m)
			d.idct(blk, row[bx*bs:], c.stride)
			*blk = [64]int32{}
		}
	}
}

// dequantise sets the AC coefficients of blk, in natural order, that mask
// m has (bit k for zig-zag index k) from src, where progBlock keeps them,
// times their quantiser.
func dequantise(blk *[64]int32, src []int16, slot *[64]int8, q *[64]int32, m uint64) {
	for ; m != 0; m &= m - 1 {
		k := bits.TrailingZeros64(m) & 63
		blk[unzig[k]&63] = int32(src[slot[k]]) * q[k]
	}
}
