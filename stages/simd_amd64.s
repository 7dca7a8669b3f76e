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

// func transpose8AVX(dst *uint8, dstStride int, src *uint8, srcStride int, blocks int)
TEXT ·transpose8AVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ dstStride+8(FP), R9
	MOVQ src+16(FP), SI
	MOVQ srcStride+24(FP), R8
	MOVQ blocks+32(FP), CX
	LEAQ (R8)(R8*2), R10 // 3 source rows
	LEAQ (R9)(R9*2), R11 // 3 destination rows

tblock:
	TESTQ CX, CX
	JZ    tdone
	LEAQ  (SI)(R8*4), BX // source row 4
	VMOVQ (SI), X0
	VMOVQ (SI)(R8*1), X1
	VMOVQ (SI)(R8*2), X2
	VMOVQ (SI)(R10*1), X3
	VMOVQ (BX), X4
	VMOVQ (BX)(R8*1), X5
	VMOVQ (BX)(R8*2), X6
	VMOVQ (BX)(R10*1), X7

	// Words of rows 2i and 2i+1, column by column.
	VPUNPCKLBW X1, X0, X0
	VPUNPCKLBW X3, X2, X2
	VPUNPCKLBW X5, X4, X4
	VPUNPCKLBW X7, X6, X6

	// Dwords of rows 0-3 and 4-7: columns 0-3, then 4-7.
	VPUNPCKHWD X2, X0, X1
	VPUNPCKLWD X2, X0, X0
	VPUNPCKHWD X6, X4, X5
	VPUNPCKLWD X6, X4, X4

	// Qwords of rows 0-7: two columns a register.
	VPUNPCKHDQ X4, X0, X2
	VPUNPCKLDQ X4, X0, X0
	VPUNPCKHDQ X5, X1, X3
	VPUNPCKLDQ X5, X1, X1

	LEAQ   (DI)(R9*4), DX // destination row 4
	VMOVQ  X0, (DI)
	VPEXTRQ $1, X0, (DI)(R9*1)
	VMOVQ  X2, (DI)(R9*2)
	VPEXTRQ $1, X2, (DI)(R11*1)
	VMOVQ  X1, (DX)
	VPEXTRQ $1, X1, (DX)(R9*1)
	VMOVQ  X3, (DX)(R9*2)
	VPEXTRQ $1, X3, (DX)(R11*1)

	ADDQ $8, SI
	LEAQ (DX)(R9*4), DI
	DECQ CX
	JMP  tblock

tdone:
	RET
