package jpegdec

import (
	"bytes"
	"encoding/binary"
)

// bitReader reads the entropy-coded segment of a scan (T.81 F.2.2.5 and
// B.1.1.5): bytes 0xFF 0x00 stand for a data byte 0xFF, and any other 0xFF
// byte starts a marker, which ends the segment.
//
// Bits are kept MSB-first in a 64-bit accumulator whose bits below the top n
// are always zero. Once the segment ends, fill appends zero bits and counts
// them in pad: a well-formed scan never consumes them, so pad > n after a
// unit of decoding means the data was short, which overrun reports.
type bitReader struct {
	data  []byte
	pos   int    // next byte of data to load
	acc   uint64 // valid bits, left-aligned
	n     uint   // number of valid bits in acc (real and padding)
	pad   uint   // zero bits appended after the segment's end
	atEnd bool   // pos is at a marker (or the end of data)
}

func (r *bitReader) reset(pos int) {
	r.pos = pos
	r.acc, r.n, r.pad, r.atEnd = 0, 0, 0, false
}

// hasFF reports whether any byte of w is 0xFF.
func hasFF(w uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	x := ^w // bytes that were 0xFF are now 0x00
	return (x-lo)&^x&hi != 0
}

// fill loads bytes until at least 57 bits are valid.
func (r *bitReader) fill() {
	if !r.atEnd && r.pos+8 <= len(r.data) {
		w := binary.BigEndian.Uint64(r.data[r.pos:])
		if !hasFF(w) {
			k := (64 - r.n) >> 3 // whole bytes that fit
			r.acc |= w >> r.n
			r.n += k * 8
			r.pos += int(k)
			r.acc &= ^uint64(0) << (64 - r.n)
			return
		}
	}
	r.fillSlow()
}

func (r *bitReader) fillSlow() {
	for r.n <= 56 {
		if r.atEnd {
			r.n += 8
			r.pad += 8
			continue
		}
		if r.pos >= len(r.data) {
			r.atEnd = true
			continue
		}
		b := r.data[r.pos]
		if b == 0xFF {
			if r.pos+1 < len(r.data) && r.data[r.pos+1] == 0 {
				r.pos += 2
			} else {
				r.atEnd = true // a marker (or fill bytes before one)
				continue
			}
		} else {
			r.pos++
		}
		r.acc |= uint64(b) << (56 - r.n)
		r.n += 8
	}
}

// refilled is fill for a caller that keeps acc and n in locals: it takes
// them, fills, and returns them.
func (r *bitReader) refilled(acc uint64, n uint) (uint64, uint) {
	r.acc, r.n = acc, n
	r.fill()
	return r.acc, r.n
}

// overrun reports whether decoding has consumed bits past the segment's end.
func (r *bitReader) overrun() bool { return r.pad > r.n }

// bits returns the next s bits (s <= 32) as an unsigned value.
func (r *bitReader) bits(s uint) uint32 {
	if r.n < s {
		r.fill()
	}
	v := uint32(r.acc >> (64 - s) & (1<<s - 1))
	if s == 0 {
		v = 0
	}
	r.acc <<= s
	r.n -= s
	return v
}

// receiveExtend reads s bits and extends them to a signed value (T.81
// F.2.2.1, RECEIVE and EXTEND).
func (r *bitReader) receiveExtend(s uint) int32 {
	if s == 0 {
		return 0
	}
	v := int32(r.bits(s))
	if v < 1<<(s-1) {
		v += -1<<s + 1
	}
	return v
}

// skipToMarker discards entropy-coded data up to the next marker and
// returns its code with pos after it; ok is false at the end of data. Fill
// bytes (0xFF 0xFF) and stuffed 0xFF 0x00 pairs are skipped.
func (r *bitReader) skipToMarker() (marker byte, ok bool) {
	p := r.pos
	for p+1 < len(r.data) {
		if r.data[p] != 0xFF {
			p++
			continue
		}
		m := r.data[p+1]
		switch m {
		case 0x00:
			p += 2
		case 0xFF:
			p++
		default:
			r.pos = p + 2
			return m, true
		}
	}
	r.pos = len(r.data)
	return 0, false
}

// skipScanData moves pos over entropy-coded data, the restart markers
// within it included, to the 0xFF of the marker that ends it (or to the
// end of data). Stuffed 0xFF 0x00 pairs and fill bytes are data.
func (r *bitReader) skipScanData() {
	p := r.pos
	for {
		i := bytes.IndexByte(r.data[p:], 0xFF)
		if i < 0 || p+i+1 >= len(r.data) {
			r.pos = len(r.data)
			return
		}
		p += i
		switch m := r.data[p+1]; {
		case m == 0x00, 0xD0 <= m && m <= 0xD7:
			p += 2
		case m == 0xFF:
			p++
		default:
			r.pos = p
			return
		}
	}
}
