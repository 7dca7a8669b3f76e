package jpegenc

// The forward DCT is Go's image/jpeg fdct (Go 1.26, src/image/jpeg/dct.go,
// Copyright 2025 The Go Authors, BSD-style licence): Loeffler, Ligtenberg
// and Moschytz's 11-multiplication 8-point factorisation ("Practical Fast
// 1-D DCT Algorithms with 11 Multiplications", ICASSP 1989) in 32-bit
// fixed point, columns first, then rows. It is kept operation for
// operation so that the coefficients, and so the output, are image/jpeg's
// (only the first pass reads the samples straight from their rows);
// dct.go there explains each step's precision and range.

// A block holds the DCT coefficients of an 8x8 block of samples, eight
// times their true value, in natural order (fdctCols leaves its
// intermediate values there).
type block [64]int32

// Fixed-point constants: round(x * 2^60), as in image/jpeg.
const (
	cos1      = 1130768441178740757 // cos(1*pi/16)
	sin1      = 224923827593068887  // sin(1*pi/16)
	cos3      = 958619196450722178  // cos(3*pi/16)
	sin3      = 640528868967736374  // sin(3*pi/16)
	sqrt2     = 1630477228166597777 // sqrt(2)
	sqrt2Cos6 = 623956622067911264  // sqrt(2)*cos(6*pi/16)
	sqrt2Sin6 = 1506364539328854985 // sqrt(2)*sin(6*pi/16)
)

// c rounds a 60-bit fixed-point constant to bits fractional bits; with
// constant arguments it is folded at compile time.
func c(x uint64, bits int) int32 {
	return int32((x + (1 << (59 - bits))) >> (60 - bits))
}

// dctBox rotates (x0, x1) and scales it, given k*cos(theta) and
// k*sin(theta), with three multiplications.
func dctBox(x0, x1, kcos, ksin int32) (y0, y1 int32) {
	ksum := kcos * (x0 + x1)
	y0 = ksum + (ksin-kcos)*x1
	y1 = ksum - (kcos+ksin)*x0
	return y0, y1
}

// fdct puts in b the 2-D DCT coefficients, scaled by 8, in natural order,
// of the 8x8 samples at the start of src, rows stride apart (0..255, taken
// as -128..127).
func fdct(b *block, src []uint8, stride int) {
	fdctCols(b, src, stride)
	fdctRows(b)
}

// fdctCols applies the 1-D DCT to the columns of the samples in src
// (rows stride apart) and stores them in b: samples in, Q10.18 out.
func fdctCols(b *block, src []uint8, stride int) {
	r0 := src[0*stride : 0*stride+8 : 0*stride+8]
	r1 := src[1*stride : 1*stride+8 : 1*stride+8]
	r2 := src[2*stride : 2*stride+8 : 2*stride+8]
	r3 := src[3*stride : 3*stride+8 : 3*stride+8]
	r4 := src[4*stride : 4*stride+8 : 4*stride+8]
	r5 := src[5*stride : 5*stride+8 : 5*stride+8]
	r6 := src[6*stride : 6*stride+8 : 6*stride+8]
	r7 := src[7*stride : 7*stride+8 : 7*stride+8]
	for i := range 8 {
		x0 := int32(r0[i])
		x1 := int32(r1[i])
		x2 := int32(r2[i])
		x3 := int32(r3[i])
		x4 := int32(r4[i])
		x5 := int32(r5[i])
		x6 := int32(r6[i])
		x7 := int32(r7[i])

		x0, x7 = x0+x7, x0-x7
		x1, x6 = x1+x6, x1-x6
		x2, x5 = x2+x5, x2-x5
		x3, x4 = x3+x4, x3-x4

		x4, x7 = dctBox(x4, x7, c(cos3, 18), c(sin3, 18))
		x5, x6 = dctBox(x5, x6, c(cos1, 18), c(sin1, 18))
		x0, x3 = x0+x3, x0-x3
		x1, x2 = x1+x2, x1-x2

		x2, x3 = dctBox(x2, x3, c(sqrt2Cos6, 18), c(sqrt2Sin6, 18))
		x0, x1 = x0+x1, x0-x1

		// Subtracting 128*8 from the DC term is subtracting 128 from
		// every sample.
		b[0*8+i] = (x0 - 128*8) << 18
		b[4*8+i] = x1 << 18
		b[2*8+i] = x2
		b[6*8+i] = x3

		x4, x6 = x4+x6, x4-x6
		x7, x5 = x7+x5, x7-x5
		x5 = (x5 >> 12) * c(sqrt2, 12)
		x6 = (x6 >> 12) * c(sqrt2, 12)
		x7, x4 = x7+x4, x7-x4

		b[1*8+i] = x7
		b[3*8+i] = x5
		b[5*8+i] = x6
		b[7*8+i] = x4
	}
}

// fdctRows applies the 1-D DCT to b's rows: Q10.18 in, Q13.0 out.
func fdctRows(b *block) {
	for i := range 8 {
		x := b[8*i : 8*i+8 : 8*i+8]
		x0 := x[0]
		x1 := x[1]
		x2 := x[2]
		x3 := x[3]
		x4 := x[4]
		x5 := x[5]
		x6 := x[6]
		x7 := x[7]

		x0, x7 = x0+x7, x0-x7
		x1, x6 = x1+x6, x1-x6
		x2, x5 = x2+x5, x2-x5
		x3, x4 = x3+x4, x3-x4

		x4, x7 = dctBox(x4>>14, x7>>14, c(cos3, 14), c(sin3, 14))
		x5, x6 = dctBox(x5>>14, x6>>14, c(cos1, 14), c(sin1, 14))
		x0, x3 = x0+x3, x0-x3
		x1, x2 = x1+x2, x1-x2

		x2, x3 = dctBox(x2>>14, x3>>14, c(sqrt2Cos6, 14), c(sqrt2Sin6, 14))
		x0, x1 = x0+x1, x0-x1
		x4, x6 = x4+x6, x4-x6
		x7, x5 = x7+x5, x7-x5

		x5 = (x5 >> 14) * c(sqrt2, 14)
		x6 = (x6 >> 14) * c(sqrt2, 14)
		x7, x4 = x7+x4, x7-x4

		x0 = (x0 + 1<<17) >> 18
		x1 = (x1 + 1<<17) >> 18
		x2 = (x2 + 1<<17) >> 18
		x3 = (x3 + 1<<17) >> 18
		x4 = (x4 + 1<<17) >> 18
		x5 = (x5 + 1<<17) >> 18
		x6 = (x6 + 1<<17) >> 18
		x7 = (x7 + 1<<17) >> 18

		x[0] = x0
		x[1] = x7
		x[2] = x2
		x[3] = x5
		x[4] = x1
		x[5] = x6
		x[6] = x3
		x[7] = x4
	}
}
