package jpegenc

import "encoding/binary"

// A bitWriter appends entropy-coded bits to out, most significant bit
// first, with a zero byte stuffed after every 0xFF byte (T.81 F.1.2.3).
// It collects 64 bits in acc and stores them together, byte by byte only
// when one of the eight is 0xFF. reset readies it.
type bitWriter struct {
	// acc holds the 64-free bits not yet stored in its low bits. The bits
	// above them are stale: each emit shifts them further up, and they
	// are gone by the time the 64 bits are stored.
	acc  uint64
	free uint // 1..64
	out  []byte
}

// reset empties w and makes it append to out.
func (w *bitWriter) reset(out []byte) {
	w.acc, w.free, w.out = 0, 64, out
}

// emit writes the size low bits of code (size 1..32, code no wider). Its
// common case is small enough to be inlined; spill does the rest.
func (w *bitWriter) emit(code uint64, size uint) {
	if size < w.free {
		w.acc = w.acc<<size | code
		w.free -= size
		return
	}
	w.spill(code, size)
}

// spill is emit when acc fills up: it stores acc completed with code's
// high bits, and keeps the rest.
func (w *bitWriter) spill(code uint64, size uint) {
	rest := size - w.free // 0..31: the bits that do not fit
	w.store(w.acc<<w.free | code>>rest)
	w.acc = code // the high bits are stale; see acc
	w.free = 64 - rest
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

// finish pads the last byte with one bits (T.81 F.1.2.3), stores what is
// left and returns out.
func (w *bitWriter) finish() []byte {
	w.emit(0x7F, 7)
	for n := 64 - w.free; n >= 8; n -= 8 {
		b := byte(w.acc >> (n - 8))
		w.out = append(w.out, b)
		if b == 0xFF {
			w.out = append(w.out, 0)
		}
	}
	out := w.out
	w.reset(nil)
	return out
}
