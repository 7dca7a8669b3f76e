package jpegenc

import (
	"image"
	"image/color"
)

// filler returns the function that fills e's strips with the samples of
// the row of MCUs starting at image row y0 of img: Y at full resolution,
// pw samples a row, 8*s rows; Cb and Cr at 1/s of it (s is 1 or 2). Rows
// and columns past the image's edge repeat its last row and column, and a
// chroma sample of a 4:2:0 output is the rounded mean of the four samples
// it covers, edges repeated first: what image/jpeg computes.
func (e *Encoder) filler(img image.Image, s, pw int) func(y0 int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	mcu := 8 * s
	ys, cbs, crs := e.strip[0], e.strip[1], e.strip[2]
	cw := pw / s
	if m, ok := img.(*image.YCbCr); ok {
		same := m.SubsampleRatio == image.YCbCrSubsampleRatio420 && s == 2 ||
			m.SubsampleRatio == image.YCbCrSubsampleRatio444 && s == 1
		if same && b.Min.X%s == 0 && b.Min.Y%s == 0 {
			// The planes are already what the JPEG stores: copy them.
			ch := (b.Max.Y+s-1)/s - b.Min.Y/s
			cwSrc := (b.Max.X+s-1)/s - b.Min.X/s
			return func(y0 int) {
				for j := range mcu {
					sy := min(y0+j, h-1)
					padRow(ys[j*pw:(j+1)*pw], m.Y[sy*m.YStride:sy*m.YStride+w])
				}
				for j := range 8 {
					sy := min(y0/s+j, ch-1) * m.CStride
					padRow(cbs[j*cw:(j+1)*cw], m.Cb[sy:sy+cwSrc])
					padRow(crs[j*cw:(j+1)*cw], m.Cr[sy:sy+cwSrc])
				}
			}
		}
		// Another subsampling: gather each output sample's source samples.
		e.colOff = e.columns(pw, func(x int) int32 { return int32(m.COffset(b.Min.X+x, b.Min.Y)) }, w)
		return func(y0 int) {
			for j := range mcu {
				sy := min(y0+j, h-1)
				padRow(ys[j*pw:(j+1)*pw], m.Y[sy*m.YStride:sy*m.YStride+w])
			}
			row := func(j int) int { return m.COffset(b.Min.X, b.Min.Y+min(y0+j, h-1)) }
			e.gather(m.Cb, m.Cr, row, s, cw)
		}
	}
	// Any other image: convert a row of MCUs at a time to Y, Cb and Cr.
	e.rows[0] = grow(e.rows[0], mcu*w)
	e.rows[1] = grow(e.rows[1], mcu*w)
	cbRows, crRows := e.rows[0], e.rows[1]
	e.colOff = e.columns(pw, func(x int) int32 { return int32(x) }, w)
	convert := convertRow(img)
	return func(y0 int) {
		for j := range mcu {
			sy := min(y0+j, h-1)
			yr := ys[j*pw : (j+1)*pw]
			convert(yr[:w], cbRows[j*w:(j+1)*w], crRows[j*w:(j+1)*w], sy)
			padRow(yr, yr[:w])
		}
		e.gather(cbRows, crRows, func(j int) int { return j * w }, s, cw)
	}
}

// columns returns, for each of the pw output columns, the offset in a
// source chroma row of that column's sample, columns past the image's w
// taking the last one's.
func (e *Encoder) columns(pw int, off func(x int) int32, w int) []int32 {
	c := e.colOff[:0]
	for x := range pw {
		c = append(c, off(min(x, w-1)))
	}
	return c
}

// gather fills the chroma strips, cw samples a row, from the planes cb
// and cr: row(j) is the offset in them of the source row of strip row j
// (in Y rows, edges already repeated), e.colOff the offset of each Y
// column's sample within a row. With s 2 each output sample is the
// rounded mean of the four it covers.
func (e *Encoder) gather(cb, cr []uint8, row func(j int) int, s, cw int) {
	cbs, crs := e.strip[1], e.strip[2]
	col := e.colOff
	for j := range 8 {
		dcb, dcr := cbs[j*cw:(j+1)*cw], crs[j*cw:(j+1)*cw]
		if s == 1 {
			r := row(j)
			cbr, crr := cb[r:], cr[r:]
			for i := range dcb {
				dcb[i] = cbr[col[i]]
				dcr[i] = crr[col[i]]
			}
			continue
		}
		r0, r1 := row(2*j), row(2*j+1)
		cb0, cb1, cr0, cr1 := cb[r0:], cb[r1:], cr[r0:], cr[r1:]
		for i := range dcb {
			c0, c1 := col[2*i], col[2*i+1]
			dcb[i] = uint8((uint32(cb0[c0]) + uint32(cb0[c1]) + uint32(cb1[c0]) + uint32(cb1[c1]) + 2) >> 2)
			dcr[i] = uint8((uint32(cr0[c0]) + uint32(cr0[c1]) + uint32(cr1[c0]) + uint32(cr1[c1]) + 2) >> 2)
		}
	}
}

// convertRow returns the function that converts row y (from the top of
// its bounds) of img to Y, Cb and Cr, len(yr) samples each, with
// color.RGBToYCbCr from 8-bit premultiplied R, G and B (an image's alpha
// is not otherwise used), as image/jpeg does.
func convertRow(img image.Image) func(yr, cbr, crr []uint8, y int) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.RGBA:
		return func(yr, cbr, crr []uint8, y int) {
			p := m.Pix[y*m.Stride : y*m.Stride+4*len(yr)]
			for i := range yr {
				q := p[4*i : 4*i+3 : 4*i+3]
				yr[i], cbr[i], crr[i] = color.RGBToYCbCr(q[0], q[1], q[2])
			}
		}
	case *image.NRGBA:
		return func(yr, cbr, crr []uint8, y int) {
			p := m.Pix[y*m.Stride : y*m.Stride+4*len(yr)]
			for i := range yr {
				q := p[4*i : 4*i+4 : 4*i+4]
				r, g, bl := q[0], q[1], q[2]
				if q[3] != 0xFF {
					r16, g16, b16, _ := color.NRGBA{r, g, bl, q[3]}.RGBA()
					r, g, bl = uint8(r16>>8), uint8(g16>>8), uint8(b16>>8)
				}
				yr[i], cbr[i], crr[i] = color.RGBToYCbCr(r, g, bl)
			}
		}
	}
	return func(yr, cbr, crr []uint8, y int) {
		for i := range yr {
			r, g, bl, _ := img.At(b.Min.X+i, b.Min.Y+y).RGBA()
			yr[i], cbr[i], crr[i] = color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bl>>8))
		}
	}
}
