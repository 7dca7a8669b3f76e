//go:build !amd64 || purego

package stages

// columnStep is columnStepGo: no vectorised version on this build.
func columnStep(out, sub, add, far []uint8, acc []uint32, ww, fw uint32) {
	columnStepGo(out, sub, add, far, acc, ww, fw)
}

// resampleColumnsSIMD reports false: no vectorised version on this build.
func resampleColumnsSIMD(dst, src plane, bounds, coefs []int32, ksize int) bool {
	return false
}

// transposing reports false: without vectorised vertical kernels the
// horizontal passes run along the rows.
func transposing() bool { return false }

// transposeBlocks leaves transposePlane all the work.
func transposeBlocks(dst, src plane) (bh, bw int) { return 0, 0 }
