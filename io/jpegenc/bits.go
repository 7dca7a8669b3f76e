package jpegenc

import "encoding/binary"

// A bitWriter appends entropy-coded bits to out, most significant bit
// first, with a zero byte stuffed after every 0xFF byte (T.81 F.1.2.3).
// It collects 64 bits in acc and stores them together, byte by byte only
// when one of the eight is 0xFF.
type bitWriter struct {
	// acc holds the n bits not yet stored in its low n bits. The bits above
	// them are stale: each emit shifts them further up, and they are gone
	// by the time the 64 bits are stored.
	acc uint64
	n   uint // 0..63
	out []byte
}

// emit writes the size low bits of code (size 1..32, code no wider).
func (w *bitWriter) emit(code uint32, size uint) {
	if free := 64 - w.n; size < free {
		w.acc = w.acc<<size | uint64(code)
		w.n += size
		return
	}
	rest := size - (64 - w.n) // 0..31: the bits that do not fit
	w.store(w.acc<<(64-w.n) | uint64(code)>>rest)
	w.acc = uint64(code) // the high bits are stale; see acc
	w.n = rest
}

// store appends the 64 bits of v, stuffing a zero after each 0xFF byte.
func (w *bitWriter) store(v uint64) {
	// Some byte of v is 0xFF when some byte of ^v is zero.
	if x := ^v; (x-0x0101010101010101)&^x&0x8080808080808080 == 0 {
		w.out = binary.BigEndian.AppendUint64(w.out, v)
		return
	}
	for s := 56; s >= 0; s -= 8 {
		b := byte(v >> s)
		w.out = append(w.out, b)
		if b == 0xFF {
			w.out = append(w.out, 0)
		}
	}
}

// finish pads the last byte with one bits (T.81 F.1.2.3) and stores what
// is left.
func (w *bitWriter) finish() {
	w.emit(0x7F, 7)
	for ; w.n >= 8; w.n -= 8 {
		b := byte(w.acc >> (w.n - 8))
		w.out = append(w.out, b)
		if b == 0xFF {
			w.out = append(w.out, 0)
		}
	}
	w.acc, w.n = 0, 0
}
