//go:build !purego

#include "textflag.h"

// Pass 1 constants, broadcast to every lane: the idct4 multipliers, the
// pass 1 rounding term and the pass 2 bias (see idct.go).
DATA idct4k<>+0(SB)/4, $7568   // fixCa
DATA idct4k<>+4(SB)/4, $3135   // fixCb
DATA idct4k<>+8(SB)/4, $10498  // fixK11
DATA idct4k<>+12(SB)/4, $2088  // fixK17
DATA idct4k<>+16(SB)/4, $3686  // fixK33
DATA idct4k<>+20(SB)/4, $2463  // fixK35
DATA idct4k<>+24(SB)/4, $4348  // fixK31
DATA idct4k<>+28(SB)/4, $865   // fixK37
DATA idct4k<>+32(SB)/4, $8900  // fixK13
DATA idct4k<>+36(SB)/4, $5946  // fixK15
DATA idct4k<>+40(SB)/4, $1024  // 1 << (pass1Shift-1)
DATA idct4k<>+44(SB)/4, $4112  // pass2Bias
GLOBL idct4k<>(SB), RODATA|NOPTR, $48

// Pass 2 multipliers: the low four lanes weigh one input (w1, w2 or w3 of
// each row), the high four its partner (w5, w6 or w7).
#define PAIR(off, lo, hi) \
	DATA idct4p<>+(off+0)(SB)/4, lo \
	DATA idct4p<>+(off+4)(SB)/4, lo \
	DATA idct4p<>+(off+8)(SB)/4, lo \
	DATA idct4p<>+(off+12)(SB)/4, lo \
	DATA idct4p<>+(off+16)(SB)/4, hi \
	DATA idct4p<>+(off+20)(SB)/4, hi \
	DATA idct4p<>+(off+24)(SB)/4, hi \
	DATA idct4p<>+(off+28)(SB)/4, hi

PAIR(0, $7568, $-3135)    // w2*fixCa - w6*fixCb
PAIR(32, $10498, $-2463)  // w1*fixK11 - w5*fixK35
PAIR(64, $3686, $-2088)   // w3*fixK33 - w7*fixK17
PAIR(96, $4348, $5946)    // w1*fixK31 + w5*fixK15
PAIR(128, $-8900, $-865)  // -w3*fixK13 - w7*fixK37
GLOBL idct4p<>(SB), RODATA|NOPTR, $160

// Bytes of the four output columns (four rows each) into rows.
DATA idct4shuf<>+0(SB)/8, $0x0d0905010c080400
DATA idct4shuf<>+8(SB)/8, $0x0f0b07030e0a0602
GLOBL idct4shuf<>(SB), RODATA|NOPTR, $16

// ODD sets dst to the odd part of pass 1, row 1 * k1 - row 7 * k7, then
// op3 row 3 * k3 and op5 row 5 * k5 (offsets of the constants in idct4k),
// using tmp.
#define ODD(k1, k7, k3, k5, op3, op5, dst, tmp) \
	VPBROADCASTD idct4k<>+k1(SB), dst; \
	VPMULLD      dst, Y1, dst;        \
	VPBROADCASTD idct4k<>+k7(SB), tmp; \
	VPMULLD      tmp, Y7, tmp;        \
	VPSUBD       tmp, dst, dst;       \
	VPBROADCASTD idct4k<>+k3(SB), tmp; \
	VPMULLD      tmp, Y3, tmp;        \
	op3          tmp, dst, dst;       \
	VPBROADCASTD idct4k<>+k5(SB), tmp; \
	VPMULLD      tmp, Y5, tmp;        \
	op5          tmp, dst, dst

// func idct4AVX2(in *[64]int32, dst *byte, stride int)
//
// Pass 1 transforms the eight columns at once, one 32-bit lane each;
// pass 2 the four rows at once. The arithmetic is idct4's, in wrapping
// 32-bit integers, and so are its results.
TEXT ·idct4AVX2(SB), NOSPLIT, $0-24
	MOVQ in+0(FP), AX
	MOVQ dst+8(FP), DI
	MOVQ stride+16(FP), CX

	VMOVDQU (AX), Y0    // row 0
	VMOVDQU 32(AX), Y1  // row 1
	VMOVDQU 64(AX), Y2
	VMOVDQU 96(AX), Y3
	VMOVDQU 160(AX), Y5
	VMOVDQU 192(AX), Y6
	VMOVDQU 224(AX), Y7

	// Y8: lanes (columns) whose rows 1-3 and 5-7 are all zero.
	VPOR    Y1, Y2, Y8
	VPOR    Y3, Y8, Y8
	VPOR    Y5, Y8, Y8
	VPOR    Y6, Y8, Y8
	VPOR    Y7, Y8, Y8
	VPXOR   Y9, Y9, Y9
	VPCMPEQD Y9, Y8, Y8

	// Even part: e0 = f0 + e, e1 = f0 - e, with the rounding term.
	VPBROADCASTD idct4k<>+0(SB), Y10
	VPMULLD      Y10, Y2, Y10
	VPBROADCASTD idct4k<>+4(SB), Y11
	VPMULLD      Y11, Y6, Y11
	VPSUBD       Y11, Y10, Y10      // e
	VPSLLD       $13, Y0, Y12       // f0
	VPBROADCASTD idct4k<>+40(SB), Y14
	VPADDD       Y14, Y12, Y12
	VPADDD       Y10, Y12, Y13      // e0 + r
	VPSUBD       Y10, Y12, Y12      // e1 + r

	// Odd part: o0 = f1*K11 - f7*K17 + f3*K33 - f5*K35 and
	// o1 = f1*K31 - f7*K37 - f3*K13 + f5*K15.
	ODD(8, 12, 16, 20, VPADDD, VPSUBD, Y10, Y11)
	ODD(24, 28, 32, 36, VPSUBD, VPADDD, Y11, Y14)

	VPADDD Y10, Y13, Y1
	VPSRAD $11, Y1, Y1              // ws row 0
	VPSUBD Y10, Y13, Y2
	VPSRAD $11, Y2, Y2              // ws row 3
	VPADDD Y11, Y12, Y3
	VPSRAD $11, Y3, Y3              // ws row 1
	VPSUBD Y11, Y12, Y5
	VPSRAD $11, Y5, Y5              // ws row 2

	// Columns with only a DC term: f0 << pass1Bits in every row.
	VPSLLD    $2, Y0, Y6
	VPBLENDVB Y8, Y6, Y1, Y1
	VPBLENDVB Y8, Y6, Y3, Y3
	VPBLENDVB Y8, Y6, Y5, Y5
	VPBLENDVB Y8, Y6, Y2, Y2

	// Transpose: Y10 = w0|w4, Y11 = w1|w5, Y12 = w2|w6, Y13 = w3|w7,
	// each half holding rows 0-3.
	VPUNPCKLDQ  Y3, Y1, Y6
	VPUNPCKHDQ  Y3, Y1, Y7
	VPUNPCKLDQ  Y2, Y5, Y8
	VPUNPCKHDQ  Y2, Y5, Y9
	VPUNPCKLQDQ Y8, Y6, Y10
	VPUNPCKHQDQ Y8, Y6, Y11
	VPUNPCKLQDQ Y9, Y7, Y12
	VPUNPCKHQDQ Y9, Y7, Y13

	// Pass 2: products of both halves, then the halves summed.
	VPMULLD idct4p<>+0(SB), Y12, Y12
	VPMULLD idct4p<>+32(SB), Y11, Y14
	VPMULLD idct4p<>+64(SB), Y13, Y0
	VPADDD  Y0, Y14, Y14
	VPMULLD idct4p<>+96(SB), Y11, Y15
	VPMULLD idct4p<>+128(SB), Y13, Y0
	VPADDD  Y0, Y15, Y15
	VEXTRACTI128 $1, Y12, X0
	VPADDD  X0, X12, X12            // e
	VEXTRACTI128 $1, Y14, X0
	VPADDD  X0, X14, X14            // o0
	VEXTRACTI128 $1, Y15, X0
	VPADDD  X0, X15, X15            // o1

	VPBROADCASTD idct4k<>+44(SB), X0
	VPADDD  X0, X10, X10
	VPSLLD  $13, X10, X10           // f0
	VPADDD  X12, X10, X1            // e0
	VPSUBD  X12, X10, X2            // e1
	VPADDD  X14, X1, X3
	VPSRAD  $18, X3, X3             // column 0
	VPSUBD  X14, X1, X6
	VPSRAD  $18, X6, X6             // column 3
	VPADDD  X15, X2, X4
	VPSRAD  $18, X4, X4             // column 1
	VPSUBD  X15, X2, X5
	VPSRAD  $18, X5, X5             // column 2

	// Saturating packs clamp to 0..255 as clamp8 does.
	VPACKSSDW X4, X3, X3
	VPACKSSDW X6, X5, X5
	VPACKUSWB X5, X3, X3
	VPSHUFB   idct4shuf<>(SB), X3, X3
	VMOVD     X3, (DI)
	VPEXTRD   $1, X3, (DI)(CX*1)
	LEAQ      (DI)(CX*2), DI
	VPEXTRD   $2, X3, (DI)
	VPEXTRD   $3, X3, (DI)(CX*1)
	VZEROUPPER
	RET
