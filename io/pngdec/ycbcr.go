package pngdec

import (
	"image"
	"image/color"
)

// toYCbCr420 converts the w x h RGB(A) pixels of pix (4 bytes each, opaque)
// to a 4:2:0 *image.YCbCr: luma as image/jpeg's encoder computes it
// (color.RGBToYCbCr), and each chroma sample that of the rounded mean
// colour of the 2 x 2 pixels it covers (of those it has at odd right and
// bottom edges).
func toYCbCr420(pix []byte, w, h int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cw := m.CStride
	sums := make([]uint16, 3*cw) // a chroma row's colour sums
	for y := 0; y < h; y++ {
		row := pix[4*w*y : 4*w*(y+1)]
		yrow := m.Y[y*m.YStride : y*m.YStride+w]
		if y%2 == 0 {
			clear(sums)
		}
		for x := range yrow {
			p := row[4*x : 4*x+3 : 4*x+3]
			r, g, b := int32(p[0]), int32(p[1]), int32(p[2])
			// color.RGBToYCbCr's luma.
			yrow[x] = uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
			s := sums[3*(x/2) : 3*(x/2)+3 : 3*(x/2)+3]
			s[0] += uint16(r)
			s[1] += uint16(g)
			s[2] += uint16(b)
		}
		if y%2 == 1 || y == h-1 {
			rows := 1 + y%2
			co := (y / 2) * cw
			for i := 0; i < cw; i++ {
				n := uint16(rows * min(2, w-2*i))
				s := sums[3*i : 3*i+3 : 3*i+3]
				_, cb, cr := color.RGBToYCbCr(uint8((s[0]+n/2)/n), uint8((s[1]+n/2)/n), uint8((s[2]+n/2)/n))
				m.Cb[co+i], m.Cr[co+i] = cb, cr
			}
		}
	}
	return m
}
