package jpegdec

import "fmt"

// Arithmetic decoding (T.81 Annex D, with the statistical models of F.1.4.4
// and G.1.3), for sequential (SOF9) and progressive (SOF10) frames. The
// decoder follows the procedures of D.2 with the register layout of
// libjpeg's jdarith.c (a C register whose cut between code base and
// look-ahead bits floats with CT), so that it reads a file exactly as
// libjpeg does; blocks then go through the same dequantisation, IDCT and
// progressive buffers as Huffman-coded ones.

// qeTable is T.81 Table D.2, packed as libjpeg packs it: Qe_Value << 16 |
// Next_Index_MPS << 8 | Switch_MPS << 7 | Next_Index_LPS. Entry 113 is the
// fixed probability 0.5 of T.851 (sign bits and refinement bits).
var qeTable = [114]uint32{
	q(0x5a1d, 1, 1, 1), q(0x2586, 14, 2, 0), q(0x1114, 16, 3, 0), q(0x080b, 18, 4, 0),
	q(0x03d8, 20, 5, 0), q(0x01da, 23, 6, 0), q(0x00e5, 25, 7, 0), q(0x006f, 28, 8, 0),
	q(0x0036, 30, 9, 0), q(0x001a, 33, 10, 0), q(0x000d, 35, 11, 0), q(0x0006, 9, 12, 0),
	q(0x0003, 10, 13, 0), q(0x0001, 12, 13, 0), q(0x5a7f, 15, 15, 1), q(0x3f25, 36, 16, 0),
	q(0x2cf2, 38, 17, 0), q(0x207c, 39, 18, 0), q(0x17b9, 40, 19, 0), q(0x1182, 42, 20, 0),
	q(0x0cef, 43, 21, 0), q(0x09a1, 45, 22, 0), q(0x072f, 46, 23, 0), q(0x055c, 48, 24, 0),
	q(0x0406, 49, 25, 0), q(0x0303, 51, 26, 0), q(0x0240, 52, 27, 0), q(0x01b1, 54, 28, 0),
	q(0x0144, 56, 29, 0), q(0x00f5, 57, 30, 0), q(0x00b7, 59, 31, 0), q(0x008a, 60, 32, 0),
	q(0x0068, 62, 33, 0), q(0x004e, 63, 34, 0), q(0x003b, 32, 35, 0), q(0x002c, 33, 9, 0),
	q(0x5ae1, 37, 37, 1), q(0x484c, 64, 38, 0), q(0x3a0d, 65, 39, 0), q(0x2ef1, 67, 40, 0),
	q(0x261f, 68, 41, 0), q(0x1f33, 69, 42, 0), q(0x19a8, 70, 43, 0), q(0x1518, 72, 44, 0),
	q(0x1177, 73, 45, 0), q(0x0e74, 74, 46, 0), q(0x0bfb, 75, 47, 0), q(0x09f8, 77, 48, 0),
	q(0x0861, 78, 49, 0), q(0x0706, 79, 50, 0), q(0x05cd, 48, 51, 0), q(0x04de, 50, 52, 0),
	q(0x040f, 50, 53, 0), q(0x0363, 51, 54, 0), q(0x02d4, 52, 55, 0), q(0x025c, 53, 56, 0),
	q(0x01f8, 54, 57, 0), q(0x01a4, 55, 58, 0), q(0x0160, 56, 59, 0), q(0x0125, 57, 60, 0),
	q(0x00f6, 58, 61, 0), q(0x00cb, 59, 62, 0), q(0x00ab, 61, 63, 0), q(0x008f, 61, 32, 0),
	q(0x5b12, 65, 65, 1), q(0x4d04, 80, 66, 0), q(0x412c, 81, 67, 0), q(0x37d8, 82, 68, 0),
	q(0x2fe8, 83, 69, 0), q(0x293c, 84, 70, 0), q(0x2379, 86, 71, 0), q(0x1edf, 87, 72, 0),
	q(0x1aa9, 87, 73, 0), q(0x174e, 72, 74, 0), q(0x1424, 72, 75, 0), q(0x119c, 74, 76, 0),
	q(0x0f6b, 74, 77, 0), q(0x0d51, 75, 78, 0), q(0x0bb6, 77, 79, 0), q(0x0a40, 77, 48, 0),
	q(0x5832, 80, 81, 1), q(0x4d1c, 88, 82, 0), q(0x438e, 89, 83, 0), q(0x3bdd, 90, 84, 0),
	q(0x34ee, 91, 85, 0), q(0x2eae, 92, 86, 0), q(0x299a, 93, 87, 0), q(0x2516, 86, 71, 0),
	q(0x5570, 88, 89, 1), q(0x4ca9, 95, 90, 0), q(0x44d9, 96, 91, 0), q(0x3e22, 97, 92, 0),
	q(0x3824, 99, 93, 0), q(0x32b4, 99, 94, 0), q(0x2e17, 93, 86, 0), q(0x56a8, 95, 96, 1),
	q(0x4f46, 101, 97, 0), q(0x47e5, 102, 98, 0), q(0x41cf, 103, 99, 0), q(0x3c3d, 104, 100, 0),
	q(0x375e, 99, 93, 0), q(0x5231, 105, 102, 0), q(0x4c0f, 106, 103, 0), q(0x4639, 107, 104, 0),
	q(0x415e, 103, 99, 0), q(0x5627, 105, 106, 1), q(0x50e7, 108, 107, 0), q(0x4b85, 109, 103, 0),
	q(0x5597, 110, 109, 0), q(0x504f, 111, 107, 0), q(0x5a10, 110, 111, 1), q(0x5522, 112, 109, 0),
	q(0x59eb, 112, 111, 1), q(0x5a1d, 113, 113, 0),
}

// q packs a row of Table D.2: Qe, Next_Index_LPS, Next_Index_MPS,
// Switch_MPS.
func q(qe, nextLPS, nextMPS, switchMPS uint32) uint32 {
	return qe<<16 | nextMPS<<8 | switchMPS<<7 | nextLPS
}

// fixedBin is the index of the fixed 0.5 estimate in qeTable.
const fixedBin = 113

// arith is the state of the arithmetic decoder across a scan.
type arith struct {
	c  int64 // code register: base and look-ahead bits, cut at ct
	a  int64 // interval size
	ct int   // bits of look-ahead in c; -16 before the first two bytes
	// hitMarker is set once the data reached a marker: zero bytes are
	// fed from then on (D.2.6); hitEnd once it reached the end of the
	// file without one.
	hitMarker, hitEnd bool
	bad               bool // the data decoded to an impossible value

	dcStats [4][64]uint8
	acStats [4][256]uint8
	fixed   uint8
	// Conditioning (DAC, B.2.4.3): DC lower and upper bounds, AC Kx.
	dcL, dcU, acK [4]uint8
	dcContext     [3]int
}

// processDAC reads arithmetic conditioning tables (T.81 B.2.4.3).
func (d *Decoder) processDAC(seg []byte) error {
	if len(seg)%2 != 0 {
		return FormatError("DAC has wrong length")
	}
	a := d.arithState()
	for ; len(seg) > 0; seg = seg[2:] {
		tc, tb, cs := seg[0]>>4, seg[0]&15, seg[1]
		if tb > 3 || tc > 1 {
			return FormatError("bad DAC table")
		}
		if tc == 0 {
			l, u := cs&15, cs>>4
			if l > u {
				return FormatError("bad DAC DC bounds")
			}
			a.dcL[tb], a.dcU[tb] = l, u
		} else {
			if cs < 1 || cs > 63 {
				return FormatError("bad DAC Kx value")
			}
			a.acK[tb] = cs
		}
	}
	return nil
}

// arithState returns the arithmetic decoder, made with the default
// conditioning (L = 0, U = 1, Kx = 5) at the first use in an image.
func (d *Decoder) arithState() *arith {
	if d.ar == nil {
		d.ar = &arith{}
		for i := range 4 {
			d.ar.dcL[i], d.ar.dcU[i], d.ar.acK[i] = 0, 1, 5
		}
	}
	return d.ar
}

// arithStart prepares the decoder for scan s, or for the next restart
// interval of it: the statistics the scan codes restart from zero, and
// the DC predictions too (F.1.4.4.1, G.1.3.1).
func (d *Decoder) arithStart(s *scan) {
	a := d.arithState()
	for i := 0; i < s.n; i++ {
		if !d.progressive || (s.ss == 0 && s.ah == 0) {
			a.dcStats[s.td[i]] = [64]uint8{}
			d.pred[i] = 0
			a.dcContext[i] = 0
		}
		if !d.progressive || s.ss != 0 {
			a.acStats[s.ta[i]] = [256]uint8{}
		}
	}
	a.fixed = fixedBin
	a.c, a.a, a.ct = 0, 0, -16
	a.hitMarker, a.bad = false, false
}

// decodeBit decodes one binary decision with the statistics bin st
// (D.2.4, D.2.5, D.2.6).
func (d *Decoder) decodeBit(st *uint8) int {
	a := d.ar
	for a.a < 0x8000 {
		a.ct--
		if a.ct < 0 {
			a.c = a.c<<8 | int64(d.arithByte())
			a.ct += 8
			if a.ct < 0 {
				a.ct++
				if a.ct == 0 {
					a.a = 0x8000 // with the shift below, 0x10000
				}
			}
		}
		a.a <<= 1
	}
	sv := *st
	e := qeTable[sv&0x7F]
	nl, nm, qe := uint8(e), uint8(e>>8), int64(e>>16)
	temp := a.a - qe
	a.a = temp
	temp <<= uint(a.ct)
	if a.c >= temp {
		a.c -= temp
		if a.a < qe { // conditional exchange: MPS
			a.a = qe
			*st = sv&0x80 ^ nm
		} else {
			a.a = qe
			*st = sv&0x80 ^ nl
			sv ^= 0x80
		}
	} else if a.a < 0x8000 {
		if a.a < qe { // conditional exchange: LPS
			*st = sv&0x80 ^ nl
			sv ^= 0x80
		} else {
			*st = sv&0x80 ^ nm
		}
	}
	return int(sv >> 7)
}

// arithByte returns the next byte of entropy-coded data, 0 once a marker
// (left unread at d.br.pos) or the end of the data is reached.
func (d *Decoder) arithByte() byte {
	a, r := d.ar, &d.br
	if a.hitMarker || a.hitEnd {
		return 0
	}
	for {
		if r.pos >= len(r.data) {
			a.hitEnd = true
			return 0
		}
		b := r.data[r.pos]
		if b != 0xFF {
			r.pos++
			return b
		}
		p := r.pos + 1
		for p < len(r.data) && r.data[p] == 0xFF {
			p++
		}
		if p >= len(r.data) {
			a.hitEnd = true
			return 0
		}
		if r.data[p] == 0 {
			r.pos = p + 1
			return 0xFF
		}
		r.pos = p - 1 // at the marker's 0xFF
		a.hitMarker = true
		return 0
	}
}

var (
	errArithCode = FormatError("arithmetic-coded value out of range")
	errArithEnd  = FormatError("arithmetic-coded data ends before the scan")
)

// check reports damage once a unit has been decoded.
func (a *arith) check() error {
	switch {
	case a.bad:
		return errArithCode
	case a.hitEnd:
		return errArithEnd
	}
	return nil
}

// arithDC decodes a DC difference for component i of scan s (F.1.4.4.1,
// Figure F.19) and adds it to the prediction.
func (d *Decoder) arithDC(s *scan, i int) {
	a := d.ar
	tbl := s.td[i]
	stats := &a.dcStats[tbl]
	st := a.dcContext[i]
	if d.decodeBit(&stats[st]) == 0 {
		a.dcContext[i] = 0
		return
	}
	sign := d.decodeBit(&stats[st+1])
	st += 2 + sign
	m := d.decodeBit(&stats[st])
	if m != 0 {
		var ok bool
		if m, st, ok = d.arithCategory(stats[:], 20, m); !ok {
			return
		}
	}
	switch {
	case m < (1<<a.dcL[tbl])>>1:
		a.dcContext[i] = 0
	case m > (1<<a.dcU[tbl])>>1:
		a.dcContext[i] = 12 + sign*4
	default:
		a.dcContext[i] = 4 + sign*4
	}
	d.pred[i] = int32(int16(d.pred[i] + d.arithBits(stats[st+14:], m, sign)))
}

// arithCategory doubles the magnitude bound m for each decision 1 read
// with the bins from st on (Figure F.23), and returns it with the bin of
// the decision 0 that ends them; ok is false, and the data marked bad,
// for a magnitude past 15 bits.
func (d *Decoder) arithCategory(stats []uint8, st, m int) (int, int, bool) {
	for d.decodeBit(&stats[st]) != 0 {
		m <<= 1
		if m == 0x8000 {
			d.ar.bad = true
			return m, st, false
		}
		st++
	}
	return m, st, true
}

// arithBits decodes the bits below the top one, m, of a magnitude with
// the bin at bins[0] (Figure F.24) and returns the signed value (F.1.4.4.1.2:
// the magnitude is the value's absolute value less one).
func (d *Decoder) arithBits(bins []uint8, m, sign int) int32 {
	v := m
	for m >>= 1; m != 0; m >>= 1 {
		if d.decodeBit(&bins[0]) != 0 {
			v |= m
		}
	}
	v++
	if sign != 0 {
		v = -v
	}
	return int32(v)
}

// arithAC decodes the AC coefficients ss to se of a block with table tbl
// (F.1.4.4.2, Figure F.20), calling put for each non-zero one.
func (d *Decoder) arithAC(tbl uint8, ss, se int, put func(k int, v int32)) {
	a := d.ar
	stats := &a.acStats[tbl]
	for k := ss; k <= se; k++ {
		st := 3 * (k - 1)
		if d.decodeBit(&stats[st]) != 0 {
			return // EOB
		}
		for d.decodeBit(&stats[st+1]) == 0 {
			st += 3
			k++
			if k > se {
				a.bad = true
				return
			}
		}
		sign := d.decodeBit(&a.fixed)
		st += 2
		m := d.decodeBit(&stats[st])
		if m != 0 && d.decodeBit(&stats[st]) != 0 {
			st = 217
			if k <= int(a.acK[tbl]) {
				st = 189
			}
			var ok bool
			if m, st, ok = d.arithCategory(stats[:], st, m<<1); !ok {
				return
			}
		}
		put(k, d.arithBits(stats[st+14:], m, sign))
	}
}

// arithSequential decodes a block of a sequential arithmetic-coded scan
// and writes its samples.
func (d *Decoder) arithSequential(s *scan, i int, c *component, bx, by int) error {
	q := &d.qt[c.tq]
	d.arithDC(s, i)
	d.blk[0] = d.pred[i] * q[0]
	ac := false
	d.arithAC(s.ta[i], 1, 63, func(k int, v int32) {
		d.blk[unzig[k]] = int32(int16(v)) * q[k]
		ac = true
	})
	if err := d.ar.check(); err != nil {
		return err
	}
	d.output(c, bx, by, d.bs, ac)
	return nil
}

// arithDCFirst decodes the first DC scan of a progressive block (G.1.3.1).
func (d *Decoder) arithDCFirst(s *scan, i int, c *component, bx, by int) error {
	d.arithDC(s, i)
	c.dc[by*c.bw+bx] = int16(d.pred[i] << s.al)
	return d.ar.check()
}

// arithDCRefine decodes a successive-approximation bit of a progressive
// block's DC coefficient (G.1.3.1).
func (d *Decoder) arithDCRefine(s *scan, _ int, c *component, bx, by int) error {
	if d.decodeBit(&d.ar.fixed) != 0 {
		c.dc[by*c.bw+bx] |= 1 << s.al
	}
	return d.ar.check()
}

// arithACFirst decodes the first scan of a band of AC coefficients of a
// progressive block (G.1.3.2).
func (d *Decoder) arithACFirst(s *scan, _ int, c *component, bx, by int) error {
	blk, slot := d.progBlock(c, bx, by)
	mask := &c.nz[by*c.bw+bx]
	d.arithAC(s.ta[0], s.ss, s.se, func(k int, v int32) {
		storeAC(blk, slot, mask, k, int32(int16(v<<s.al)))
	})
	return d.ar.check()
}

// arithACRefine decodes a successive-approximation refinement of a band of
// AC coefficients of a progressive block (G.1.3.3): a correction bit for
// each coefficient already non-zero, and the coefficients that become
// non-zero (+-1 at this bit), up to an end of block after the last
// coefficient that an earlier scan made non-zero.
func (d *Decoder) arithACRefine(s *scan, _ int, c *component, bx, by int) error {
	a := d.ar
	blk, slot := d.progBlock(c, bx, by)
	mask := &c.nz[by*c.bw+bx]
	stats := &a.acStats[s.ta[0]]
	p1 := int32(1) << s.al
	kex := 0 // the end of block of the earlier scans
	for k := s.se; k > 0; k-- {
		if *mask>>uint(k)&1 != 0 {
			kex = k
			break
		}
	}
	for k := s.ss; k <= s.se; k++ {
		st := 3 * (k - 1)
		if k > kex && d.decodeBit(&stats[st]) != 0 {
			break // EOB
		}
		for {
			if *mask>>uint(k)&1 != 0 { // already non-zero: a correction bit
				bit := d.decodeBit(&stats[st+2])
				*mask = correctNonZero(blk, slot, *mask, k, uint64(bit), p1)
				break
			}
			if d.decodeBit(&stats[st+1]) != 0 { // newly non-zero
				v := p1
				if d.decodeBit(&a.fixed) != 0 {
					v = -p1
				}
				storeAC(blk, slot, mask, k, v)
				break
			}
			st += 3
			k++
			if k > s.se {
				a.bad = true
				return a.check()
			}
		}
	}
	return a.check()
}

// arithBlock returns the block decoder of arithmetic-coded scan s.
func (d *Decoder) arithBlock(s *scan) blockFunc {
	switch {
	case !d.progressive:
		return (*Decoder).arithSequential
	case s.ss == 0 && s.ah == 0:
		return (*Decoder).arithDCFirst
	case s.ss == 0:
		return (*Decoder).arithDCRefine
	case s.ah == 0:
		return (*Decoder).arithACFirst
	default:
		return (*Decoder).arithACRefine
	}
}

// sofName names the coding of a frame marker this package does not decode,
// as the words of its refusal.
func sofName(marker byte) string {
	switch marker {
	case 0xC3:
		return "lossless coding (SOF3)"
	case 0xCB:
		return "lossless arithmetic coding (SOF11)"
	case 0xC5, 0xC6, 0xC7:
		return fmt.Sprintf("hierarchical coding (SOF%d)", marker-0xC0)
	}
	return fmt.Sprintf("hierarchical arithmetic coding (SOF%d)", marker-0xC0)
}

// storeAC stores value v of AC coefficient k of a progressive block: bit k
// of mask says it is non-zero (a value that wrapped to 0 in 16 bits clears
// it), and the value goes to blk[slot[k]] when the scale keeps k.
func storeAC(blk []int16, slot *[64]int8, mask *uint64, k int, v int32) {
	*mask |= 1 << uint(k)
	if j := slot[k&63]; j >= 0 {
		blk[j] = int16(v)
		if int16(v) == 0 {
			*mask &^= 1 << uint(k)
		}
	}
}
