package jpegenc

import "testing"

// TestZigzagInvertsUnzig checks that the two orders are each other's
// inverse and are permutations of the 64 positions.
func TestZigzagInvertsUnzig(t *testing.T) {
	for k := range 64 {
		if int(zigzag[unzig[k]]) != k {
			t.Errorf("zigzag[unzig[%d]] = %d", k, zigzag[unzig[k]])
		}
	}
}

// TestCodesArePrefixFree checks that the code tables built from the
// standard Huffman specifications give every symbol a code, and that no
// code is the start of another (T.81 Annex C's assignment).
func TestCodesArePrefixFree(t *testing.T) {
	for i := range stdHuffman {
		spec := &stdHuffman[i]
		tab := codes(spec)
		for _, s := range spec.symbols {
			if tab[s]>>16 == 0 {
				t.Fatalf("table %d: symbol %#x has no code", i, s)
			}
		}
		for _, a := range spec.symbols {
			for _, b := range spec.symbols {
				la, lb := tab[a]>>16, tab[b]>>16
				if a == b || la > lb {
					continue
				}
				if (tab[b]&0xFFFF)>>(lb-la) == tab[a]&0xFFFF {
					t.Fatalf("table %d: the code of %#x starts the code of %#x", i, a, b)
				}
			}
		}
	}
}

// TestBitWriterStuffsFF checks the bit writer against a bit-by-bit model:
// the bits in order, a zero after every 0xFF byte, one bits to pad.
func TestBitWriterStuffsFF(t *testing.T) {
	var w bitWriter
	w.reset(nil)
	var bitsIn []byte
	codes := []struct {
		code uint64
		size uint
	}{{0xFF, 8}, {0x1, 1}, {0x7FFFFFFF, 31}, {0x3, 2}, {0xFFFFFFFF, 32}, {0, 5}, {0xABCDE, 20}, {0xFF, 8}, {0xFF, 8}}
	for range 9 { // enough to cross several 64-bit stores
		for _, c := range codes {
			w.emit(c.code, c.size)
			for i := int(c.size) - 1; i >= 0; i-- {
				bitsIn = append(bitsIn, byte(c.code>>uint(i))&1)
			}
		}
	}
	for len(bitsIn)%8 != 0 {
		bitsIn = append(bitsIn, 1)
	}
	var want []byte
	for i := 0; i < len(bitsIn); i += 8 {
		var b byte
		for _, bit := range bitsIn[i : i+8] {
			b = b<<1 | bit
		}
		want = append(want, b)
		if b == 0xFF {
			want = append(want, 0)
		}
	}
	if got := w.finish(); string(got) != string(want) {
		t.Errorf("wrote % x\nwant  % x", got, want)
	}
}

// TestScaledQuant checks quality scaling at the ends and the middle:
// quality 50 is the standard table, 100 all ones, 1 the table times 50
// capped at 255, and quality below 1 or above 100 is clamped.
func TestScaledQuant(t *testing.T) {
	if q := scaledQuant(50); q != baseQuant {
		t.Errorf("quality 50: %v, want the standard tables", q)
	}
	for _, row := range scaledQuant(100) {
		for _, v := range row {
			if v != 1 {
				t.Fatalf("quality 100: an entry %d, want all 1", v)
			}
		}
	}
	q1 := scaledQuant(1)
	for i := range baseQuant {
		for j, v := range baseQuant[i] {
			if want := min(255, int(v)*50); int(q1[i][j]) != want {
				t.Fatalf("quality 1: entry %d,%d = %d, want %d", i, j, q1[i][j], want)
			}
		}
	}
	if scaledQuant(0) != q1 || scaledQuant(101) != scaledQuant(100) {
		t.Errorf("qualities outside 1..100 are not clamped")
	}
}

// TestQuantiseMatchesDivision checks the divisors of every quantiser the
// qualities 1..100 give against image/jpeg's division (rounding half away
// from zero) for every coefficient |x| < 2^15, and the zero test against
// the quotient: it is set exactly when x quantises to 0.
func TestQuantiseMatchesDivision(t *testing.T) {
	div := func(a, b int32) int32 { // image/jpeg's div
		if a >= 0 {
			return (a + b>>1) / b
		}
		return -((-a + b>>1) / b)
	}
	var e Encoder
	seen := map[uint8]bool{}
	for quality := 1; quality <= 100; quality++ {
		e.setQuality(quality)
		for i := range e.quant {
			dv := &e.div[i]
			for k, q := range e.quant[i] {
				if seen[q] {
					continue
				}
				seen[q] = true
				n := unzig[k]
				for x := int32(-1<<15 + 1); x < 1<<15; x++ {
					want := div(x, 8*int32(q))
					if got := quantise(x, dv.recip[k], dv.half[k]); got != want {
						t.Fatalf("q %d: quantise(%d) = %d, want %d", q, x, got, want)
					}
					zero := (uint64(uint32(x)+dv.zeroLo[n])-dv.zeroN[n])>>63 == 1
					if zero != (want == 0) {
						t.Fatalf("q %d, x %d: zero test %v, quotient %d", q, x, zero, want)
					}
				}
			}
		}
	}
	if len(seen) < 200 {
		t.Errorf("only %d quantisers tested", len(seen))
	}
}
