//go:build !purego

#include "textflag.h"

// packIndex orders the dwords of VPACKSSDW/VPACKUSWB's lane-wise result
// back into memory order.
DATA packIndex<>+0(SB)/4, $0
DATA packIndex<>+4(SB)/4, $4
DATA packIndex<>+8(SB)/4, $1
DATA packIndex<>+12(SB)/4, $5
DATA packIndex<>+16(SB)/4, $2
DATA packIndex<>+20(SB)/4, $6
DATA packIndex<>+24(SB)/4, $3
DATA packIndex<>+28(SB)/4, $7
GLOBL packIndex<>(SB), RODATA|NOPTR, $32

DATA half24<>+0(SB)/4, $0x800000
GLOBL half24<>(SB), RODATA|NOPTR, $4

DATA halfPrecision<>+0(SB)/4, $0x200000
GLOBL halfPrecision<>(SB), RODATA|NOPTR, $4

// Y0-Y3 (32 dwords of 0 to 255, or any int32 to saturate) packed into 32
// bytes at (DI). Y14 holds packIndex.
#define STORE32(packdw) \
	packdw    Y1, Y0, Y0 \
	packdw    Y3, Y2, Y2 \
	VPACKUSWB Y2, Y0, Y0 \
	VPERMD    Y0, Y14, Y0 \
	VMOVDQU   Y0, (DI)

// Y0 (8 dwords) packed into 8 bytes at (DI); clobbers X1.
#define STORE8(packdw) \
	VEXTRACTI128 $1, Y0, X1 \
	packdw       X1, X0, X0 \
	VPACKUSWB    X0, X0, X0 \
	VMOVQ        X0, (DI)

// One box step on eight columns at byte offset off: acc += add - sub,
// stored; dst = (acc*ww + (sub+far)*fw + half24) >> 24.
#define BOXSTEP(off, accoff, dst) \
	VPMOVZXBD off(SI), Y4 \
	VPMOVZXBD off(BX), Y5 \
	VPMOVZXBD off(DX), Y6 \
	VPADDD    accoff(R8), Y5, Y5 \
	VPSUBD    Y4, Y5, Y5 \
	VMOVDQU   Y5, accoff(R8) \
	VPMULLD   Y13, Y5, Y5 \
	VPADDD    Y6, Y4, Y4 \
	VPMULLD   Y12, Y4, Y4 \
	VPADDD    Y4, Y5, Y5 \
	VPADDD    Y15, Y5, Y5 \
	VPSRLD    $24, Y5, dst

// func columnStepAVX2(out, sub, add, far *uint8, acc *uint32, n int, ww, fw uint32)
TEXT ·columnStepAVX2(SB), NOSPLIT, $0-56
	MOVQ out+0(FP), DI
	MOVQ sub+8(FP), SI
	MOVQ add+16(FP), BX
	MOVQ far+24(FP), DX
	MOVQ acc+32(FP), R8
	MOVQ n+40(FP), CX
	MOVL         ww+48(FP), AX
	VMOVD        AX, X13
	VPBROADCASTD X13, Y13
	MOVL         fw+52(FP), AX
	VMOVD        AX, X12
	VPBROADCASTD X12, Y12
	VPBROADCASTD half24<>(SB), Y15
	VMOVDQU      packIndex<>(SB), Y14

loop32:
	CMPQ CX, $32
	JLT  loop8
	BOXSTEP(0, 0, Y0)
	BOXSTEP(8, 32, Y1)
	BOXSTEP(16, 64, Y2)
	BOXSTEP(24, 96, Y3)
	STORE32(VPACKUSDW)
	ADDQ      $32, SI
	ADDQ      $32, BX
	ADDQ      $32, DX
	ADDQ      $128, R8
	ADDQ      $32, DI
	SUBQ      $32, CX
	JMP       loop32

loop8:
	CMPQ CX, $8
	JLT  done
	BOXSTEP(0, 0, Y0)
	STORE8(VPACKUSDW)
	ADDQ         $8, SI
	ADDQ         $8, BX
	ADDQ         $8, DX
	ADDQ         $32, R8
	ADDQ         $8, DI
	SUBQ         $8, CX
	JMP          loop8

done:
	VZEROUPPER
	RET

// func resampleColumnAVX2(out *uint8, n int, src *uint8, stride int, coefs *int32, taps int)
TEXT ·resampleColumnAVX2(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ src+16(FP), SI
	MOVQ stride+24(FP), DX
	MOVQ coefs+32(FP), R9
	MOVQ taps+40(FP), R10
	VPBROADCASTD halfPrecision<>(SB), Y15
	VMOVDQU      packIndex<>(SB), Y14

rloop32:
	CMPQ CX, $32
	JLT  rloop8
	VMOVDQA Y15, Y0
	VMOVDQA Y15, Y1
	VMOVDQA Y15, Y2
	VMOVDQA Y15, Y3
	MOVQ    SI, R11
	MOVQ    R9, R12
	MOVQ    R10, R13

rtap32:
	VPBROADCASTD (R12), Y4
	VPMOVZXBD    (R11), Y5
	VPMOVZXBD    8(R11), Y6
	VPMOVZXBD    16(R11), Y7
	VPMOVZXBD    24(R11), Y8
	VPMULLD      Y4, Y5, Y5
	VPMULLD      Y4, Y6, Y6
	VPMULLD      Y4, Y7, Y7
	VPMULLD      Y4, Y8, Y8
	VPADDD       Y5, Y0, Y0
	VPADDD       Y6, Y1, Y1
	VPADDD       Y7, Y2, Y2
	VPADDD       Y8, Y3, Y3
	ADDQ         DX, R11
	ADDQ         $4, R12
	DECQ         R13
	JNZ          rtap32

	// clip8: >>22 arithmetic, then saturate to int16 and to uint8.
	VPSRAD    $22, Y0, Y0
	VPSRAD    $22, Y1, Y1
	VPSRAD    $22, Y2, Y2
	VPSRAD    $22, Y3, Y3
	STORE32(VPACKSSDW)
	ADDQ      $32, SI
	ADDQ      $32, DI
	SUBQ      $32, CX
	JMP       rloop32

rloop8:
	CMPQ CX, $8
	JLT  rdone
	VMOVDQA Y15, Y0
	MOVQ    SI, R11
	MOVQ    R9, R12
	MOVQ    R10, R13

rtap8:
	VPBROADCASTD (R12), Y4
	VPMOVZXBD    (R11), Y5
	VPMULLD      Y4, Y5, Y5
	VPADDD       Y5, Y0, Y0
	ADDQ         DX, R11
	ADDQ         $4, R12
	DECQ         R13
	JNZ          rtap8

	VPSRAD       $22, Y0, Y0
	STORE8(VPACKSSDW)
	ADDQ         $8, SI
	ADDQ         $8, DI
	SUBQ         $8, CX
	JMP          rloop8

rdone:
	VZEROUPPER
	RET

// Stages two and three of the 8 x 8 unpack network on four registers of
// byte pairs (rows 0-1, 2-3, 4-5, 6-7), in each 128-bit lane: a, b, c, d
// end holding columns 0-1, 2-3, 4-5 and 6-7 of rows 0-7, a column a
// quadword. t1, t2 are scratch.
#define UNPACK8(a, b, c, d, t1, t2) \
	VPUNPCKHWD b, a, t1 \
	VPUNPCKLWD b, a, a \
	VPUNPCKHWD d, c, t2 \
	VPUNPCKLWD d, c, c \
	VPUNPCKHDQ c, a, b \
	VPUNPCKLDQ c, a, a \
	VPUNPCKHDQ t2, t1, d \
	VPUNPCKLDQ t2, t1, c

// Two 16-byte destination rows from y (lane 0: rows 0-7 of the block,
// lane 1: rows 8-15; quadword 0 one column, quadword 1 the next).
#define STORE2(y, x, row0, row1) \
	VPERMQ       $0xd8, y, y \
	VMOVDQU      x, row0 \
	VEXTRACTI128 $1, y, row1

// Four source rows from a (strided by R8, R10 = 3*R8) into the low
// lanes, the four eight rows further, from b, into the high lanes.
#define LOAD4(a, b, x0, y0, x1, y1, x2, y2, x3, y3) \
	VMOVDQU     (a), x0 \
	VINSERTI128 $1, (b), y0, y0 \
	VMOVDQU     (a)(R8*1), x1 \
	VINSERTI128 $1, (b)(R8*1), y1, y1 \
	VMOVDQU     (a)(R8*2), x2 \
	VINSERTI128 $1, (b)(R8*2), y2, y2 \
	VMOVDQU     (a)(R10*1), x3 \
	VINSERTI128 $1, (b)(R10*1), y3, y3

// func transpose16AVX2(dst *uint8, dstStride int, src *uint8, srcStride int, blocks int)
TEXT ·transpose16AVX2(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), R9
	MOVQ src+16(FP), SI
	MOVQ srcStride+24(FP), R8
	MOVQ blocks+32(FP), CX
	LEAQ (R8)(R8*2), R10 // 3 source rows
	LEAQ (R9)(R9*2), R11 // 3 destination rows

t16block:
	TESTQ CX, CX
	JZ    t16done

	// Source row k in lane 0 of Yk, row k+8 in lane 1.
	LEAQ        (SI)(R8*8), R12
	LEAQ        (SI)(R8*4), BX
	LEAQ        (R12)(R8*4), R13
	LOAD4(SI, R12, X0, Y0, X1, Y1, X2, Y2, X3, Y3)
	LOAD4(BX, R13, X4, Y4, X5, Y5, X6, Y6, X7, Y7)

	// Byte pairs: columns 0-7 in Y0, Y2, Y4, Y6; 8-15 in Y8-Y11.
	VPUNPCKHBW Y1, Y0, Y8
	VPUNPCKLBW Y1, Y0, Y0
	VPUNPCKHBW Y3, Y2, Y9
	VPUNPCKLBW Y3, Y2, Y2
	VPUNPCKHBW Y5, Y4, Y10
	VPUNPCKLBW Y5, Y4, Y4
	VPUNPCKHBW Y7, Y6, Y11
	VPUNPCKLBW Y7, Y6, Y6
	UNPACK8(Y0, Y2, Y4, Y6, Y1, Y3)
	UNPACK8(Y8, Y9, Y10, Y11, Y12, Y13)

	LEAQ   (DI)(R9*4), DX
	LEAQ   (DX)(R9*4), R12
	LEAQ   (R12)(R9*4), R13
	STORE2(Y0, X0, (DI), (DI)(R9*1))
	STORE2(Y2, X2, (DI)(R9*2), (DI)(R11*1))
	STORE2(Y4, X4, (DX), (DX)(R9*1))
	STORE2(Y6, X6, (DX)(R9*2), (DX)(R11*1))
	STORE2(Y8, X8, (R12), (R12)(R9*1))
	STORE2(Y9, X9, (R12)(R9*2), (R12)(R11*1))
	STORE2(Y10, X10, (R13), (R13)(R9*1))
	STORE2(Y11, X11, (R13)(R9*2), (R13)(R11*1))

	ADDQ $16, SI
	LEAQ (R13)(R9*4), DI
	DECQ CX
	JMP  t16block

t16done:
	VZEROUPPER
	RET
