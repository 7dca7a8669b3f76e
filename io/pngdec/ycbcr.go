package pngdec

import (
	"image"
	"image/color"
)

// A yccWriter converts the rows of a w x h RGB image, given top to bottom
// as 4 bytes a pixel (opaque), into a 4:2:0 *image.YCbCr: luma as
// image/jpeg's encoder computes it (color.RGBToYCbCr), each chroma sample
// that of the rounded mean colour of the 2 x 2 pixels it covers (of those
// it has at odd right and bottom edges).
type yccWriter struct {
	m    *image.YCbCr
	sums []uint16 // the current chroma row's colour sums, 3 a sample
}

// newYCCWriter makes the image with alloc, or image.NewYCbCr when nil.
func newYCCWriter(alloc Allocator, w, h int) *yccWriter {
	r := image.Rect(0, 0, w, h)
	var m *image.YCbCr
	if alloc != nil {
		m = alloc.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	} else {
		m = image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	}
	return &yccWriter{m: m, sums: make([]uint16, 3*m.CStride)}
}

// row converts row y.
func (c *yccWriter) row(y int, row []byte) {
	m := c.m
	w, h, cw := m.Rect.Dx(), m.Rect.Dy(), m.CStride
	yrow := m.Y[y*m.YStride : y*m.YStride+w]
	row = row[:4*w]
	sums := c.sums
	if y%2 == 0 {
		clear(sums)
	}
	// Two pixels a step: they share a chroma sample.
	pairs := w / 2
	sums3 := sums[:3*pairs]
	yrow2 := yrow[:2*pairs]
	for i := 0; i < pairs; i++ {
		p := row[8*i : 8*i+7 : 8*i+7]
		r0, g0, b0 := int32(p[0]), int32(p[1]), int32(p[2])
		r1, g1, b1 := int32(p[4]), int32(p[5]), int32(p[6])
		// color.RGBToYCbCr's luma.
		q := yrow2[2*i : 2*i+2 : 2*i+2]
		q[0] = uint8((19595*r0 + 38470*g0 + 7471*b0 + 1<<15) >> 16)
		q[1] = uint8((19595*r1 + 38470*g1 + 7471*b1 + 1<<15) >> 16)
		s := sums3[3*i : 3*i+3 : 3*i+3]
		s[0] += uint16(r0 + r1)
		s[1] += uint16(g0 + g1)
		s[2] += uint16(b0 + b1)
	}
	if w%2 == 1 { // the last pixel, alone in its chroma column
		p := row[4*(w-1) : 4*w-1 : 4*w-1]
		r, g, b := int32(p[0]), int32(p[1]), int32(p[2])
		yrow[w-1] = uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
		s := sums[3*pairs : 3*pairs+3 : 3*pairs+3]
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
