package tiffdec

// decodeMH decodes CCITT modified Huffman data (TIFF compression 2): rows
// of alternating white and black run lengths, white first, each row
// starting on a byte, with no EOL codes. It returns rows packed rows of
// width pixels, a bit each, 0 for white when whiteIsZero and 1 otherwise.
func decodeMH(raw []byte, width, rows int, whiteIsZero bool) ([]byte, error) {
	rb := (width + 7) / 8
	out := make([]byte, rb*rows)
	if !whiteIsZero { // white is 1: start all white
		for i := range out {
			out[i] = 0xff
		}
	}
	bit := 0 // position in raw, in bits
	for y := range rows {
		row := out[y*rb:][:rb]
		white := true
		for x := 0; x < width; {
			run, err := mhRun(raw, &bit, white)
			if err != nil {
				return nil, err
			}
			if x+run > width {
				return nil, corruptf("CCITT modified Huffman row %d: runs of %d pixels in a row of %d", y, x+run, width)
			}
			if !white { // black: the other value
				for i := x; i < x+run; i++ {
					row[i>>3] ^= 0x80 >> (i & 7)
				}
			}
			x += run
			white = !white
		}
		bit = (bit + 7) &^ 7
	}
	return out, nil
}

// mhRun reads one run length of the colour white says, its make-up codes
// and terminating code, from raw at *bit.
func mhRun(raw []byte, bit *int, white bool) (int, error) {
	table := blackRuns
	if white {
		table = whiteRuns
	}
	total := 0
	for {
		v, err := mhCode(raw, bit, table)
		if err != nil {
			return 0, err
		}
		total += v
		if v < 64 { // a terminating code ends the run
			return total, nil
		}
	}
}

// mhCode reads one code of table from raw at *bit and returns its run.
func mhCode(raw []byte, bit *int, table map[uint32]uint16) (int, error) {
	key := uint32(1)
	for range 13 {
		if *bit >= 8*len(raw) {
			return 0, truncated("CCITT modified Huffman data", nil)
		}
		key = key<<1 | uint32(raw[*bit>>3]>>(7-*bit&7)&1)
		*bit++
		if v, ok := table[key]; ok {
			return int(v), nil
		}
	}
	return 0, corruptf("CCITT modified Huffman data: no code at bit %d", *bit-13)
}
