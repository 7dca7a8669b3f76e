package jpegdec

// lutBits is how many bits of look-ahead the Huffman tables index.
const lutBits = 9

// huffTable is a Huffman decoding table built from a DHT segment (T.81
// Annex C: BITS and HUFFVAL give canonical codes assigned in order of
// length).
type huffTable struct {
	defined bool
	bad     bool // over-subscribed code lengths: not a prefix code

	// lut maps the next lutBits bits to symbol<<8 | code length, or 0 when
	// the code is longer than lutBits (or no code has that prefix).
	lut [1 << lutBits]uint16
	// fast maps the next lutBits bits, when they hold a whole code and the
	// magnitude bits that follow it, to
	//	value<<16 | codeLen<<12 | run<<8 | codeLen+size
	// where value is the extended coefficient (T.81 F.2.2.1) and run the
	// zero run of an AC symbol; 0 when they do not fit.
	fast [1 << lutBits]int32

	// For codes longer than lutBits (T.81 F.2.2.3, DECODE): maxCode[l] is
	// the largest code of length l (-1 if none) and valPtr[l] the index in
	// vals of the code 0 of length l (which may be negative).
	maxCode [17]int32
	valPtr  [17]int32
	vals    [256]uint8
}

// build derives the decoding tables from BITS (counts[i] codes of length
// i+1) and HUFFVAL. ac selects the interpretation of fast entries.
func (h *huffTable) build(counts *[16]uint8, vals []uint8, ac bool) {
	*h = huffTable{defined: true}
	copy(h.vals[:], vals)
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		h.maxCode[l] = -1
		if n > 0 {
			h.valPtr[l] = k - code
			h.maxCode[l] = code + n - 1
		}
		for ; n > 0; n-- {
			if code >= 1<<l {
				*h = huffTable{defined: true, bad: true} // decode fails
				return
			}
			if l <= lutBits {
				sym := h.vals[k]
				lo, hi := code<<(lutBits-l), (code+1)<<(lutBits-l)
				for i := lo; i < hi; i++ {
					h.lut[i] = uint16(sym)<<8 | uint16(l)
					s := int32(sym & 15)
					run := int32(sym >> 4)
					if !ac {
						if sym > 15 {
							continue
						}
						s, run = int32(sym), 0
					}
					if (ac && s == 0) || int32(l)+s > lutBits {
						continue
					}
					v := (i >> (lutBits - int32(l) - s)) & (1<<s - 1)
					if s > 0 && v < 1<<(s-1) {
						v += -1<<s + 1
					}
					h.fast[i] = v<<16 | int32(l)<<12 | run<<8 | (int32(l) + s)
				}
			}
			code++
			k++
		}
		code <<= 1
	}
}

// err explains why decode failed. Like image/jpeg, a scan fails on an
// undefined table only when it decodes a symbol with it.
func (h *huffTable) err() error {
	switch {
	case !h.defined:
		return errNoHuffTable
	case h.bad:
		return errBadHuffTable
	}
	return errBadCode
}

// decode reads one Huffman-coded symbol. The caller ensures r.n >= 16.
// ok is false for a bit pattern that is no code of the table.
func (h *huffTable) decode(r *bitReader) (sym uint8, ok bool) {
	if e := h.lut[r.acc>>(64-lutBits)]; e != 0 {
		l := uint(e & 0xFF)
		r.acc <<= l & 63
		r.n -= l
		return uint8(e >> 8), true
	}
	if !h.defined || h.bad {
		return 0, false
	}
	code := int32(r.acc >> 48)
	for l := lutBits + 1; l <= 16; l++ {
		c := code >> (16 - l)
		if c <= h.maxCode[l] {
			r.acc <<= uint(l) & 63
			r.n -= uint(l)
			return h.vals[(h.valPtr[l]+c)&0xFF], true
		}
	}
	return 0, false
}
