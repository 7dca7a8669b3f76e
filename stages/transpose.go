package stages

// transposeBand is how many rows the transposed horizontal passes take at
// a time: their working memory is two transposed bands, not whole planes,
// and a band's rows (the transposed columns) are long enough that the
// vertical kernels' per-row overhead stays small.
const transposeBand = 256

// transposePlane sets dst to the single-channel src turned about its
// main diagonal: dst is src.h x src.w and dst(x, y) = src(y, x). On a
// vectorised build whole 16 x 16 blocks go through transposeBlocks; the
// rest, columns to the right of them and rows below, is copied a sample
// at a time, in tiles that stay in cache.
func transposePlane(dst, src plane) {
	bh, bw := transposeBlocks(dst, src)
	transposeSpan(dst, src, 0, bh, bw, src.w)
	transposeSpan(dst, src, bh, src.h, 0, src.w)
}

// transposeSpan is transposePlane for rows [y0, y1) and columns [x0, x1)
// of src.
func transposeSpan(dst, src plane, y0, y1, x0, x1 int) {
	const tile = 64
	for ty := y0; ty < y1; ty += tile {
		for tx := x0; tx < x1; tx += tile {
			for y := ty; y < min(ty+tile, y1); y++ {
				in := src.row(y)
				for x := tx; x < min(tx+tile, x1); x++ {
					dst.pix[x*dst.stride+y] = in[x]
				}
			}
		}
	}
}
