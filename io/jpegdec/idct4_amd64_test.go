//go:build !purego

package jpegdec

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/sys/cpu"
)

// TestIDCT4AVX2MatchesGo checks that the AVX2 idct4 writes exactly the
// samples of the Go idct4, and nothing else, on coefficient blocks of
// every kind: dense, DC-only columns, sparse, values large enough to
// saturate the output and to wrap 32-bit arithmetic, at several strides.
func TestIDCT4AVX2MatchesGo(t *testing.T) {
	if !cpu.X86.HasAVX2 {
		t.Skip("the CPU has no AVX2")
	}
	rng := rand.New(rand.NewPCG(16, 4))
	kinds := []struct {
		name string
		gen  func() int32
		// density is the chance, out of 8, that a coefficient is non-zero.
		density int
	}{
		{"typical", func() int32 { return rng.Int32N(2001) - 1000 }, 8},
		{"sparse", func() int32 { return rng.Int32N(2001) - 1000 }, 1},
		{"saturating", func() int32 { return rng.Int32N(1<<21) - 1<<20 }, 4},
		{"wrapping", func() int32 { return int32(rng.Uint32()) }, 6},
		{"extremes", func() int32 {
			return []int32{math.MinInt32, math.MaxInt32, -1, 1, 1 << 18, -1 << 18}[rng.IntN(6)]
		}, 3},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			for iter := range 20000 {
				var in [64]int32
				// Some columns only a DC term, some blocks only row 0.
				dcOnly := rng.Uint32()
				for i := range in {
					row, col := i/8, i%8
					if row > 0 && (dcOnly>>col&1 != 0 || iter%7 == 0) {
						continue
					}
					if rng.IntN(8) < k.density {
						in[i] = k.gen()
					}
				}
				stride := []int{4, 5, 8, 13, 64}[iter%5]
				size := 3*stride + 4 + iter%3
				got, want := make([]byte, size), make([]byte, size)
				for i := range got {
					got[i] = byte(i * 7)
				}
				copy(want, got)
				a, b := in, in
				idct4Asm(&a, got, stride)
				idct4(&b, want, stride)
				if !bytes.Equal(got, want) {
					t.Fatalf("stride %d: AVX2 wrote\n%v\nGo wrote\n%v\nfor coefficients %v", stride, got, want, in)
				}
				if a != in {
					t.Fatalf("coefficients changed: %v, were %v", a, in)
				}
			}
		})
	}
}

// TestIDCT4AsmShortDst checks that a destination too short for four rows
// panics, as the Go idct4 does, instead of being written past its end.
func TestIDCT4AsmShortDst(t *testing.T) {
	for _, tc := range []struct{ len, stride int }{{15, 4}, {3*8 + 3, 8}, {0, 4}, {100, 1 << 40}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("len %d, stride %d: no panic", tc.len, tc.stride)
				}
			}()
			var in [64]int32
			dst := make([]byte, tc.len)
			idct4Asm(&in, dst, tc.stride)
		}()
	}
}
