package pngdec

import (
	"image"
	"image/color"
)

// toYCbCr420 converts the w x h RGB(A) pixels of pix (4 bytes each, opaque)
// to a 4:2:0 *image.YCbCr: luma as image/jpeg's encoder computes it
// (color.RGBToYCbCr), each chroma sample the rounded mean of the chroma of
// the 2 x 2 pixels it covers (those it has at odd right and bottom edges),
// as that encoder subsamples.
func toYCbCr420(pix []byte, w, h int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cw := m.CStride
	cb := make([]uint16, 2*cw) // a chroma row's sums: cb then cr
	for y := 0; y < h; y++ {
		row := pix[4*w*y : 4*w*(y+1)]
		yrow := m.Y[y*m.YStride : y*m.YStride+w]
		if y%2 == 0 {
			clear(cb)
		}
		sb, sr := cb[:cw], cb[cw:]
		for x := range yrow {
			p := row[4*x : 4*x+3 : 4*x+3]
			yy, u, v := color.RGBToYCbCr(p[0], p[1], p[2])
			yrow[x] = yy
			sb[x/2] += uint16(u)
			sr[x/2] += uint16(v)
		}
		if y%2 == 1 || y == h-1 {
			rows := 1 + y%2
			co := (y / 2) * cw
			for i := 0; i < cw; i++ {
				n := rows * min(2, w-2*i)
				m.Cb[co+i] = uint8((int(sb[i]) + n/2) / n)
				m.Cr[co+i] = uint8((int(sr[i]) + n/2) / n)
			}
		}
	}
	return m
}
