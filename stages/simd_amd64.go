//go:build !purego

package stages

import "golang.org/x/sys/cpu"

// The vertical kernels in AVX2 assembly (simd_amd64.s): eight columns per
// 256-bit register, 32 per step. Their arithmetic is the Go code's, in
// 32-bit lanes that wrap as Go's uint32 and int32 do, so they give the
// same bytes. Columns past the last multiple of 8 go through the Go code.

// columnStepAVX2 is columnStepGo on the first n columns; n is a multiple of 8.
//
//go:noescape
func columnStepAVX2(out, sub, add, far *uint8, acc *uint32, n int, ww, fw uint32)

// resampleColumnAVX2 sets out[i], for i < n (a multiple of 8), to
// clip8(halfPrecision + the sum over t < taps of src[t*stride+i]*coefs[t]);
// taps is at least 1.
//
//go:noescape
func resampleColumnAVX2(out *uint8, n int, src *uint8, stride int, coefs *int32, taps int)

// transpose16AVX2 transposes blocks 16 x 16 blocks side by side: the 16
// rows of 16*blocks bytes from src become 16*blocks rows of 16 bytes at dst.
//
//go:noescape
func transpose16AVX2(dst *uint8, dstStride int, src *uint8, srcStride int, blocks int)

// transposing reports whether the horizontal passes of single-channel
// planes run transposed, through the vectorised vertical kernels.
func transposing() bool { return cpu.X86.HasAVX2 }

// transposeBlocks does transposePlane's work for the first bh rows and bw
// columns of src, whole 16 x 16 blocks, and returns how many it did (0, 0
// without AVX2).
func transposeBlocks(dst, src plane) (bh, bw int) {
	bh, bw = src.h&^15, src.w&^15
	if !cpu.X86.HasAVX2 || bh == 0 || bw == 0 {
		return 0, 0
	}
	// The last row read and the last row written, whole.
	_, _ = src.row(bh - 1)[:bw], dst.row(bw - 1)[:bh]
	// Tiles of tile x tile samples: the destination lines a tile writes
	// stay in the first-level cache until they are full.
	const tile = 64
	for ty := 0; ty < bh; ty += tile {
		for tx := 0; tx < bw; tx += tile {
			blocks := (min(tx+tile, bw) - tx) / 16
			for y := ty; y < min(ty+tile, bh); y += 16 {
				transpose16AVX2(&dst.pix[tx*dst.stride+y], dst.stride, &src.pix[y*src.stride+tx], src.stride, blocks)
			}
		}
	}
	return bh, bw
}

// columnStep is columnStepGo, vectorised where the CPU allows.
func columnStep(out, sub, add, far []uint8, acc []uint32, ww, fw uint32) {
	n := len(out)
	sub, add, far, acc = sub[:n], add[:n], far[:n], acc[:n]
	v := n &^ 7
	if v > 0 && cpu.X86.HasAVX2 {
		columnStepAVX2(&out[0], &sub[0], &add[0], &far[0], &acc[0], v, ww, fw)
		out, sub, add, far, acc = out[v:], sub[v:], add[v:], far[v:], acc[v:]
	}
	columnStepGo(out, sub, add, far, acc, ww, fw)
}

// resampleColumnsSIMD is resampleColumns vectorised; it reports false,
// doing nothing, when the CPU lacks AVX2.
func resampleColumnsSIMD(dst, src plane, bounds, coefs []int32, ksize int) bool {
	if !cpu.X86.HasAVX2 {
		return false
	}
	n := dst.w * dst.ch
	v := n &^ 7
	for y := 0; y < dst.h; y++ {
		ymin, taps := int(bounds[2*y]), int(bounds[2*y+1])
		k := coefs[y*ksize : y*ksize+taps]
		out := dst.row(y)[:n]
		done := 0
		if v > 0 && taps > 0 {
			// The first and last rows read, whole: the assembly trusts
			// these bounds.
			_, _ = src.row(ymin), src.row(ymin+taps-1)
			resampleColumnAVX2(&out[0], v, &src.pix[ymin*src.stride], src.stride, &k[0], taps)
			done = v
		}
		for i := done; i < n; i++ {
			ss := int32(halfPrecision)
			for t, c := range k {
				ss += int32(src.pix[(ymin+t)*src.stride+i]) * c
			}
			out[i] = clip8(ss)
		}
	}
	return true
}
