package jpegdec

import (
	"math/rand/v2"
	"testing"
)

// idct8Ref is idct8 without the shortcuts for sparse blocks: the general
// path computed for every column and row.
func idct8Ref(in *[64]int32, dst []byte, stride int) {
	var ws [64]int32
	for c := 0; c < 8; c++ {
		ws[c], ws[8+c], ws[16+c], ws[24+c], ws[32+c], ws[40+c], ws[48+c], ws[56+c] =
			llm8(in[c], in[8+c], in[16+c], in[24+c], in[32+c], in[40+c], in[48+c], in[56+c], 0, pass1Shift, true)
	}
	for y := 0; y < 8; y++ {
		w := ws[y*8:]
		v := [8]int32{}
		v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] = llm8(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], pass2Bias, pass2Shift, false)
		for x := range v {
			dst[y*stride+x] = clamp8(v[x])
		}
	}
}

func llm8(f0, f1, f2, f3, f4, f5, f6, f7, bias int32, shift uint, round bool) (a, b, c, d, e, f, g, h int32) {
	z1 := (f2 + f6) * fix0_541196100
	t2 := z1 - f6*fix1_847759065
	t3 := z1 + f2*fix0_765366865
	t0 := (f0 + bias + f4) << constBits
	t1 := (f0 + bias - f4) << constBits
	t10, t13 := t0+t3, t0-t3
	t11, t12 := t1+t2, t1-t2
	o0, o1, o2, o3 := f7, f5, f3, f1
	z1 = o0 + o3
	z2 := o1 + o2
	z3 := o0 + o2
	z4 := o1 + o3
	z5 := (z3 + z4) * fix1_175875602
	o0 *= fix0_298631336
	o1 *= fix2_053119869
	o2 *= fix3_072711026
	o3 *= fix1_501321110
	z1 *= -fix0_899976223
	z2 *= -fix2_562915447
	z3 = z3*-fix1_961570560 + z5
	z4 = z4*-fix0_390180644 + z5
	o0 += z1 + z3
	o1 += z2 + z4
	o2 += z2 + z3
	o3 += z1 + z4
	r := int32(0)
	if round {
		r = 1 << (shift - 1)
	}
	return (t10 + o3 + r) >> shift, (t11 + o2 + r) >> shift, (t12 + o1 + r) >> shift, (t13 + o0 + r) >> shift,
		(t13 - o0 + r) >> shift, (t12 - o1 + r) >> shift, (t11 - o2 + r) >> shift, (t10 - o3 + r) >> shift
}

// TestIDCT8Shortcuts checks that the sparse-block shortcuts of idct8 give
// exactly what the general path gives.
func TestIDCT8Shortcuts(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 20000; iter++ {
		var in [64]int32
		// Random sparsity patterns: a top-left region, plus stray values.
		rows, cols := 1+rng.IntN(8), 1+rng.IntN(8)
		for y := 0; y < rows; y++ {
			for x := 0; x < cols; x++ {
				if rng.IntN(3) > 0 {
					in[y*8+x] = rng.Int32N(2001) - 1000
				}
			}
		}
		if rng.IntN(4) == 0 {
			in[rng.IntN(64)] = rng.Int32N(201) - 100
		}
		got, want := make([]byte, 64), make([]byte, 64)
		a, b := in, in
		idct8(&a, got, 8)
		idct8Ref(&b, want, 8)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("sample %d: %d, general path %d (coefficients %v)", i, got[i], want[i], in)
			}
		}
	}
}
