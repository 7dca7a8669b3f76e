//go:build !purego

package jpegdec

import "golang.org/x/sys/cpu"

// idct4AVX2 is idct4 in AVX2 instructions, writing rows of 4 samples at
// dst, dst+stride, dst+2*stride and dst+3*stride.
//
//go:noescape
func idct4AVX2(in *[64]int32, dst *byte, stride int)

// idct4Asm is idct4 computed by idct4AVX2: the same samples.
func idct4Asm(in *[64]int32, dst []byte, stride int) {
	if stride < 4 || stride > len(dst)/3 || len(dst) < 3*stride+4 {
		idct4(in, dst, stride) // writes or panics as it always did
		return
	}
	idct4AVX2(in, &dst[0], stride)
}

// idct4Func returns the 1/2 scale inverse DCT for this CPU: idct4Asm where
// it has AVX2, idct4 otherwise.
func idct4Func() func(*[64]int32, []byte, int) {
	if cpu.X86.HasAVX2 {
		return idct4Asm
	}
	return idct4
}
