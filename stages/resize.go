package stages

import (
	"image"
	"math"
)

// Resizing is Pillow's Image.thumbnail (src/libImaging/Reduce.c and
// Resample.c): with reducing_gap 2, the image is first shrunk by an integer
// factor k = floor(scale/2) per axis, averaging k x k blocks (partial
// blocks at the right and bottom edges average the pixels they have), then
// resampled to the exact size with a bicubic (Catmull-Rom, a = -0.5) filter
// widened by the remaining scale, so that it averages every source pixel
// (antialiasing). Coefficients are 22-bit fixed point and samples 8-bit
// between the horizontal and vertical passes, as in Pillow.

// reducingGap is Pillow's thumbnail default: the resampling step always
// shrinks by at least this factor's worth of source pixels per output pixel.
const reducingGap = 2.0

const (
	precisionBits = 32 - 8 - 2
	halfPrecision = 1 << (precisionBits - 1)
)

// bicubic is Pillow's bicubic filter (a = -0.5), of support 2.
func bicubic(x float64) float64 {
	const a = -0.5
	if x < 0 {
		x = -x
	}
	if x < 1 {
		return ((a+2)*x-(a+3))*x*x + 1
	}
	if x < 2 {
		return (((x-5)*x+8)*x - 4) * a
	}
	return 0
}

// coefficients computes, like Pillow's precompute_coeffs and
// normalize_coeffs_8bpc, the filter taps that map the source interval
// [0, in1) of a line of inSize samples onto outSize samples. bounds gets
// the first source index and the tap count of each output sample; the
// coefficients of output i start at i*ksize.
func coefficients(s *Scratch, bounds *[]int32, coefs *[]int32, inSize int, in1 float32, outSize int) (b []int32, k []int32, ksize int) {
	scale := float64(in1) / float64(outSize)
	filterscale := max(scale, 1)
	support := 2 * filterscale
	ksize = int(math.Ceil(support))*2 + 1
	b = grow(bounds, 2*outSize)
	k = grow(coefs, ksize*outSize)
	f := grow(&s.fcoef, ksize)
	for xx := 0; xx < outSize; xx++ {
		center := (float64(xx) + 0.5) * scale
		ss := 1 / filterscale
		xmin := max(int(center-support+0.5), 0)
		xmax := min(int(center+support+0.5), inSize) - xmin
		xmax = max(xmax, 0)
		var ww float64
		for x := 0; x < xmax; x++ {
			w := bicubic((float64(x+xmin) - center + 0.5) * ss)
			f[x] = w
			ww += w
		}
		kk := k[xx*ksize : (xx+1)*ksize]
		for x := range kk {
			v := 0.0
			if x < xmax {
				v = f[x]
				if ww != 0 {
					v /= ww
				}
			}
			if v < 0 {
				kk[x] = int32(-0.5 + v*(1<<precisionBits))
			} else {
				kk[x] = int32(0.5 + v*(1<<precisionBits))
			}
		}
		b[2*xx] = int32(xmin)
		b[2*xx+1] = int32(xmax)
	}
	return b, k, ksize
}

func clip8(v int32) uint8 {
	if v >= 1<<precisionBits<<8 {
		return 255
	}
	if v <= 0 {
		return 0
	}
	return uint8(v >> precisionBits)
}

// resampleRows applies the horizontal filter to every row of src.
func resampleRows(dst, src plane, bounds, coefs []int32, ksize int) {
	for y := 0; y < dst.h; y++ {
		in, out := src.row(y), dst.row(y)
		if src.ch == 1 {
			for x := range out {
				xmin, n := int(bounds[2*x]), int(bounds[2*x+1])
				k := coefs[x*ksize : x*ksize+n]
				px := in[xmin : xmin+n]
				px = px[:len(k)]
				ss := int32(halfPrecision)
				for i, c := range k {
					ss += int32(px[i]) * c
				}
				out[x] = clip8(ss)
			}
			continue
		}
		for x := 0; x < dst.w; x++ {
			xmin, n := int(bounds[2*x]), int(bounds[2*x+1])
			k := coefs[x*ksize : x*ksize+n]
			px := in[4*xmin : 4*(xmin+n)]
			s0, s1, s2, s3 := int32(halfPrecision), int32(halfPrecision), int32(halfPrecision), int32(halfPrecision)
			for i, c := range k {
				p := px[4*i : 4*i+4 : 4*i+4]
				s0 += int32(p[0]) * c
				s1 += int32(p[1]) * c
				s2 += int32(p[2]) * c
				s3 += int32(p[3]) * c
			}
			o := out[4*x : 4*x+4 : 4*x+4]
			o[0], o[1], o[2], o[3] = clip8(s0), clip8(s1), clip8(s2), clip8(s3)
		}
	}
}

// resampleColumns applies the vertical filter, walking source rows in
// memory order and accumulating each output row in acc.
func resampleColumns(dst, src plane, bounds, coefs []int32, ksize int, acc []int32) {
	n := dst.w * dst.ch
	acc = acc[:n]
	for y := 0; y < dst.h; y++ {
		ymin, taps := int(bounds[2*y]), int(bounds[2*y+1])
		k := coefs[y*ksize : y*ksize+taps]
		for i := range acc {
			acc[i] = halfPrecision
		}
		t := 0
		for ; t+4 <= taps; t += 4 {
			r0, r1, r2, r3 := src.row(ymin+t), src.row(ymin+t+1), src.row(ymin+t+2), src.row(ymin+t+3)
			r0, r1, r2, r3 = r0[:n], r1[:n], r2[:n], r3[:n]
			k0, k1, k2, k3 := k[t], k[t+1], k[t+2], k[t+3]
			for i := range acc {
				acc[i] += int32(r0[i])*k0 + int32(r1[i])*k1 + int32(r2[i])*k2 + int32(r3[i])*k3
			}
		}
		for ; t < taps; t++ {
			r0 := src.row(ymin + t)[:n]
			k0 := k[t]
			for i := range acc {
				acc[i] += int32(r0[i]) * k0
			}
		}
		out := dst.row(y)[:n]
		for i, v := range acc {
			out[i] = clip8(v)
		}
	}
}

// copyPlane copies src's pixels into dst of the same size.
func copyPlane(dst, src plane) {
	for y := 0; y < dst.h; y++ {
		copy(dst.row(y), src.row(y))
	}
}

// resample maps the source interval [0,in1x) x [0,in1y) of src onto dst.
func resample(s *Scratch, dst, src plane, in1x, in1y float32) {
	needH := dst.w != src.w || in1x != float32(dst.w)
	needV := dst.h != src.h || in1y != float32(dst.h)
	if !needH && !needV {
		copyPlane(dst, src)
		return
	}
	by, ky, ksy := coefficients(s, &s.boundY, &s.coefY, src.h, in1y, dst.h)
	if needH {
		bx, kx, ksx := coefficients(s, &s.boundX, &s.coefX, src.w, in1x, dst.w)
		y0, y1 := 0, src.h
		if needV {
			// Only the rows the vertical pass reads.
			y0 = int(by[0])
			y1 = int(by[2*dst.h-2] + by[2*dst.h-1])
			for i := 0; i < dst.h; i++ {
				by[2*i] -= int32(y0)
			}
		}
		out := dst
		if needV {
			out = plane{pix: grow(&s.plane, dst.w*dst.ch*(y1-y0)), w: dst.w, h: y1 - y0, stride: dst.w * dst.ch, ch: dst.ch}
		}
		in := src
		in.pix = src.pix[y0*src.stride:]
		in.h = y1 - y0
		resampleRows(out, in, bx, kx, ksx)
		if !needV {
			return
		}
		src = out
	}
	resampleColumns(dst, src, by, ky, ksy, grow(&s.iacc, dst.w*dst.ch))
}

// division is Pillow's division_UINT32(n, 8): (sum + n/2) * division >> 24
// is sum / n rounded.
func division(n int) uint32 {
	return uint32(float64(1<<32) / float64(256*n))
}

// reducePlane shrinks src into dst by averaging kx x ky blocks; dst is
// ceil(w/kx) x ceil(h/ky) and the partial blocks at the right and bottom
// edges average the pixels they have, as in Pillow's Image.reduce.
func reducePlane(s *Scratch, dst, src plane, kx, ky int) {
	ch := src.ch
	n := dst.w * ch
	acc := grow(&s.acc, n)
	fullX := src.w / kx
	for yo := 0; yo < dst.h; yo++ {
		y0 := yo * ky
		y1 := min(y0+ky, src.h)
		for i := range acc {
			acc[i] = 0
		}
		for y := y0; y < y1; y++ {
			row := src.row(y)
			switch {
			case ch == 1 && kx == 2:
				a := acc[:fullX]
				pairs := row[:2*fullX]
				for i := range a {
					a[i] += uint32(pairs[2*i]) + uint32(pairs[2*i+1])
				}
			case ch == 1:
				a := acc[:fullX]
				for i := range a {
					var sum uint32
					for _, v := range row[i*kx : (i+1)*kx] {
						sum += uint32(v)
					}
					a[i] += sum
				}
			default:
				for i := 0; i < fullX; i++ {
					blk := row[i*kx*ch : (i+1)*kx*ch]
					a := acc[i*ch : (i+1)*ch]
					for j, v := range blk {
						a[j%ch] += uint32(v)
					}
				}
			}
			if fullX < dst.w { // partial block at the right edge
				a := acc[fullX*ch : (fullX+1)*ch]
				for j, v := range row[fullX*kx*ch:] {
					a[j%ch] += uint32(v)
				}
			}
		}
		rows := y1 - y0
		out := dst.row(yo)
		cnt := kx * rows
		mul, amend := division(cnt), uint32(cnt/2)
		full := out[:fullX*ch]
		for i := range full {
			full[i] = uint8(((acc[i] + amend) * mul) >> 24)
		}
		if fullX < dst.w {
			cnt := (src.w - fullX*kx) * rows
			mul, amend := division(cnt), uint32(cnt/2)
			for i := fullX * ch; i < n; i++ {
				out[i] = uint8(((acc[i] + amend) * mul) >> 24)
			}
		}
	}
}

// resizePlane resizes the source interval [0,in1x) x [0,in1y) of src (in
// source samples; the whole plane is [0,w) x [0,h)) onto all of dst, like
// Pillow's Image.resize with reducing_gap 2 and the bicubic filter.
func resizePlane(s *Scratch, dst, src plane, in1x, in1y float32) {
	kx := max(int(float64(in1x)/float64(dst.w)/reducingGap), 1)
	ky := max(int(float64(in1y)/float64(dst.h)/reducingGap), 1)
	if kx > 1 || ky > 1 {
		rw, rh := (src.w+kx-1)/kx, (src.h+ky-1)/ky
		r := plane{pix: grow(&s.reduce, rw*rh*src.ch), w: rw, h: rh, stride: rw * src.ch, ch: src.ch}
		reducePlane(s, r, src, kx, ky)
		src = r
		in1x /= float32(kx)
		in1y /= float32(ky)
	}
	resample(s, dst, src, in1x, in1y)
}

// Resize returns img resized to w x h as Pillow's Image.thumbnail does it
// (box reduction by an integer factor, then bicubic resampling with
// antialiasing; see the top of this file). It is meant for shrinking, but
// also enlarges.
//
// A *image.YCbCr gives a *image.YCbCr with 4:2:0 chroma (what image/jpeg
// writes in any case), each plane resampled at its own resolution; a
// *image.Gray gives a *image.Gray; *image.RGBA and opaque *image.NRGBA keep
// their type; other images are first converted to premultiplied
// *image.RGBA. img is returned unchanged when it already has the size, or
// when w or h is not positive. s supplies the working memory (nil
// allocates).
func Resize(s *Scratch, img image.Image, w, h int) image.Image {
	b := img.Bounds()
	if w <= 0 || h <= 0 || b.Empty() || (w == b.Dx() && h == b.Dy()) {
		return img
	}
	if s == nil {
		s = new(Scratch)
	}
	img = canonical(img)
	if m, ok := img.(*image.YCbCr); ok {
		W, H := m.Rect.Dx(), m.Rect.Dy()
		dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		hs, vs := subsampling(m.SubsampleRatio)
		sy, scb, scr := ycbcrPlanes(m)
		dy, dcb, dcr := ycbcrPlanes(dst)
		resizePlane(s, dy, sy, float32(W), float32(H))
		// Output chroma sample i covers output luma pixels 2i and 2i+1, so
		// input luma [2i*W/w, (2i+2)*W/w), so input chroma that over hs.
		cx := float32(float64(dcb.w) * 2 * float64(W) / float64(w) / float64(hs))
		cy := float32(float64(dcb.h) * 2 * float64(H) / float64(h) / float64(vs))
		resizePlane(s, dcb, scb, cx, cy)
		resizePlane(s, dcr, scr, cx, cy)
		return dst
	}
	src, newImage := interleaved(img)
	out, dst := newImage(w, h)
	resizePlane(s, dst, src, float32(src.w), float32(src.h))
	return out
}

// Thumbnail shrinks img to fit inside a box x box square, to the size
// ThumbnailSize gives, with Resize. An image that already fits is returned
// unchanged.
func Thumbnail(s *Scratch, img image.Image, box int) image.Image {
	b := img.Bounds()
	w, h := ThumbnailSize(b.Dx(), b.Dy(), box)
	return Resize(s, img, w, h)
}
