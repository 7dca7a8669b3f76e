package stages

import "math"

// The Gaussian blur is Pillow's: three passes per axis of an "extended" box
// filter, a box of 2r+1 pixels plus fractional weights on the next pixel at
// each end, whose variance matches the Gaussian's exactly (Gwosdek, Grewenig,
// Bruhn and Weickert, "Theoretical Foundations of Gaussian Convolution by
// Extended Box Filtering", SSVM 2011). Each pass costs a few additions per
// pixel whatever sigma. Arithmetic is Pillow's (src/libImaging/BoxBlur.c):
// 8-bit samples between passes, 24-bit fixed-point weights, edge pixels
// extended outwards. The vertical passes walk rows in memory order with one
// accumulator per column instead of transposing the image.

const blurPasses = 3

// boxKernel is one extended box: radius r plus weights in 1/2^24.
type boxKernel struct {
	r      int
	ww, fw uint32 // weight of each of the 2r+1 inner samples, of each end sample
}

// newBoxKernel returns the extended box whose blurPasses-fold repetition
// has standard deviation sigma, computed in float32 like Pillow's
// _gaussian_blur_radius and ImagingHorizontalBoxBlur.
func newBoxKernel(sigma float64) boxKernel {
	s := float32(sigma)
	sigma2 := s * s / blurPasses
	L := float32(math.Sqrt(float64(12.0*float64(sigma2)) + 1.0))
	l := float32(math.Floor((float64(L) - 1.0) / 2.0))
	a := float32(2*l+1) * (float32(l*(l+1)) - float32(3*sigma2))
	a /= 6 * (sigma2 - float32((l+1)*(l+1)))
	fr := l + a
	r := int(fr)
	ww := uint32(float32(1<<24) / (fr*2 + 1))
	fw := ((1 << 24) - uint32(r*2+1)*ww) / 2
	return boxKernel{r: r, ww: ww, fw: fw}
}

const half24 = 1 << 23

// lineBox blurs one row of single-channel samples, in to out (distinct, of
// equal length), with edge samples extended.
func lineBox(out, in []uint8, k boxKernel) {
	n := len(in)
	if n == 0 {
		return
	}
	out = out[:n]
	r, ww, fw := k.r, k.ww, k.fw
	last := n - 1
	edgeA := min(r+1, n)
	edgeB := max(n-r-1, 0)
	acc := uint32(in[0]) * uint32(r+1)
	for x := 0; x < edgeA-1; x++ {
		acc += uint32(in[x])
	}
	acc += uint32(in[last]) * uint32(r-edgeA+1)

	// Left edge (and everything, for a row shorter than the box).
	x := 0
	end := edgeA
	if edgeA > edgeB {
		end = n
	}
	for ; x < end; x++ {
		sub := in[max(x-r-1, 0)]
		acc += uint32(in[min(x+r, last)]) - uint32(sub)
		out[x] = uint8((acc*ww + (uint32(sub)+uint32(in[min(x+r+1, last)]))*fw + half24) >> 24)
	}
	if x < edgeB {
		// Middle: no clamping. x-r-1 >= 0 and x+r+1 <= last.
		// The sample added at x is the far one of x-1.
		m := edgeB - x
		fars := in[x+r+1 : x+r+1+m]
		subs := in[x-r-1 : x-r-1+m][:len(fars)]
		o := out[x : x+m][:len(fars)]
		add := uint32(in[x+r])
		for i, fv := range fars {
			f, s := uint32(fv), uint32(subs[i])
			acc += add - s
			o[i] = uint8((acc*ww + (s+f)*fw + half24) >> 24)
			add = f
		}
		x = edgeB
	}
	for ; x < n; x++ {
		sub := in[max(x-r-1, 0)]
		acc += uint32(in[min(x+r, last)]) - uint32(sub)
		out[x] = uint8((acc*ww + (uint32(sub)+uint32(in[min(x+r+1, last)]))*fw + half24) >> 24)
	}
}

// blurRows applies the horizontal passes to every row of src, writing dst
// (same size, distinct).
func blurRows(s *Scratch, dst, src plane, k boxKernel) {
	w, ch := src.w, src.ch
	if ch == 1 {
		buf := grow(&s.rows, 2*w)
		a, b := buf[:w], buf[w:]
		for y := 0; y < src.h; y++ {
			lineBox(a, src.row(y), k)
			lineBox(b, a, k)
			lineBox(dst.row(y), b, k)
		}
		return
	}
	// Interleaved channels: split each row into one line per channel. An
	// alpha of 255 everywhere is left out and written as 255: the blur of
	// a constant line is that constant, in this arithmetic too.
	blurred := ch
	if ch == 4 && opaqueAlpha(src) {
		blurred = 3
	}
	buf := grow(&s.rows, (ch+1)*w)
	tmp := buf[ch*w:]
	for y := 0; y < src.h; y++ {
		in, out := src.row(y), dst.row(y)
		if blurred < ch {
			for x := 3; x < len(out); x += 4 {
				out[x] = 255
			}
		}
		for c := 0; c < blurred; c++ {
			line := buf[c*w : (c+1)*w]
			for x := range line {
				line[x] = in[x*ch+c]
			}
			lineBox(tmp, line, k)
			lineBox(line, tmp, k)
			lineBox(tmp, line, k)
			for x, v := range tmp {
				out[x*ch+c] = v
			}
		}
	}
}

// blurRowsTransposed is blurRows for a single-channel src: band by band
// of transposeBand rows, the band is transposed, its columns blurred by
// the vertical passes, and transposed back into dst. The sums are the
// same, so are the bytes.
func blurRowsTransposed(s *Scratch, dst, src plane, k boxKernel) {
	w := src.w
	buf := grow(&s.trans, 2*w*transposeBand)
	for y0 := 0; y0 < src.h; y0 += transposeBand {
		n := min(transposeBand, src.h-y0)
		t := plane{pix: buf[:w*n], w: n, h: w, stride: n, ch: 1}
		u := plane{pix: buf[w*n : 2*w*n], w: n, h: w, stride: n, ch: 1}
		transposePlane(t, src.band(y0, n))
		blurColumns(s, u, t, k)
		blurColumns(s, t, u, k)
		blurColumns(s, u, t, k)
		transposePlane(dst.band(y0, n), u)
	}
}

// opaqueAlpha reports whether every alpha sample (the fourth of four
// channels) of p is 255.
func opaqueAlpha(p plane) bool {
	for y := range p.h {
		r := p.row(y)
		for x := 3; x < len(r); x += 4 {
			if r[x] != 255 {
				return false
			}
		}
	}
	return true
}

// blurColumns applies one vertical pass, src to dst (same size, distinct),
// walking rows in memory order with one accumulator per column.
func blurColumns(s *Scratch, dst, src plane, k boxKernel) {
	h := src.h
	n := src.w * src.ch
	if h == 0 || n == 0 {
		return
	}
	r, ww, fw := k.r, k.ww, k.fw
	acc := grow(&s.acc, n)
	last := h - 1
	edgeA := min(r+1, h)
	first, lastRow := src.row(0), src.row(last)
	for i, v := range first {
		acc[i] = uint32(v) * uint32(r+1)
	}
	for y := 0; y < edgeA-1; y++ {
		for i, v := range src.row(y) {
			acc[i] += uint32(v)
		}
	}
	if m := uint32(r - edgeA + 1); m > 0 {
		for i, v := range lastRow {
			acc[i] += uint32(v) * m
		}
	}
	for y := 0; y < h; y++ {
		sub := src.row(max(y-r-1, 0))
		add := src.row(min(y+r, last))
		far := src.row(min(y+r+1, last))
		out := dst.row(y)
		columnStep(out, sub, add, far, acc, ww, fw)
	}
}

// columnStepGo is one row of a vertical pass: acc[i] gains add[i] and
// loses sub[i], and out[i] is the extended box of acc[i] with the end
// samples sub[i] and far[i]. columnStep is the same, possibly vectorised.
func columnStepGo(out, sub, add, far []uint8, acc []uint32, ww, fw uint32) {
	n := len(out)
	sub, add, far, acc = sub[:n], add[:n], far[:n], acc[:n]
	for i := range out {
		s := uint32(sub[i])
		a := acc[i] + uint32(add[i]) - s
		acc[i] = a
		out[i] = uint8((a*ww + (s+uint32(far[i]))*fw + half24) >> 24)
	}
}

// blurPlane blurs src into dst (same size, distinct) with standard
// deviations sx horizontally and sy vertically, in samples of the plane.
func blurPlane(s *Scratch, dst, src plane, sx, sy float64) {
	tmp := plane{pix: grow(&s.plane, src.w*src.ch*src.h), w: src.w, h: src.h, stride: src.w * src.ch, ch: src.ch}
	kx, ky := newBoxKernel(sx), newBoxKernel(sy)
	if src.ch == 1 && transposing() {
		blurRowsTransposed(s, tmp, src, kx)
	} else {
		blurRows(s, tmp, src, kx)
	}
	blurColumns(s, dst, tmp, ky)
	blurColumns(s, tmp, dst, ky)
	blurColumns(s, dst, tmp, ky)
}
