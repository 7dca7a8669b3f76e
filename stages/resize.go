package stages

import (
	"encoding/binary"
	"image"
	"math"
)

// Resizing is Pillow's Image.resize with a reducing gap, as Image.thumbnail
// uses it (src/libImaging/Reduce.c and Resample.c): the image is first
// shrunk by an integer factor k = floor(scale/gap) per axis, averaging
// k x k blocks (partial blocks at the right and bottom edges average the
// pixels they have), then resampled to the exact size with a bicubic
// (Catmull-Rom, a = -0.5) filter widened by the remaining scale, so that it
// averages every source pixel (antialiasing). Coefficients are 22-bit fixed
// point and samples 8-bit between the two passes, as in Pillow.

// reducingGap is 1 where Pillow's thumbnail uses 2: the cheap box
// reduction does as much of the shrinking as it can, leaving the bicubic
// filter a scale of 1 to 2 (5 to 9 taps) instead of 2 to 4 (9 to 17), for
// about half the thumbnail's cost; the box's slightly weaker antialiasing
// is invisible once the image is blurred (docs/performance.md gives the PSNR
// against Pillow with either gap).
const reducingGap = 1.0

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
	if x < 1 { // ((a+2)x - (a+3))x² + 1
		p := float64((a+2)*x) - (a + 3)
		return float64(float64(p*x)*x) + 1
	}
	if x < 2 { // (((x-5)x + 8)x - 4)a
		p := float64((x-5)*x) + 8
		return (float64(p*x) - 4) * a
	}
	return 0
}

// coefficients computes, like Pillow's precompute_coeffs and
// normalize_coeffs_8bpc, the filter taps that map the source interval
// [0, in1) of a line of inSize samples onto outSize samples. bounds gets
// the first source index and the tap count of each output sample; the
// coefficients of output i start at i*ksize.
func coefficients(s *Scratch, bounds *[]int32, coefs *[]int32, inSize int, in0, in1 float32, outSize int) (b []int32, k []int32, ksize int) {
	scale := float64(in1-in0) / float64(outSize)
	filterscale := max(scale, 1)
	support := 2 * filterscale
	ksize = int(math.Ceil(support))*2 + 1
	b = grow(bounds, 2*outSize)
	k = grow(coefs, ksize*outSize)
	f := grow(&s.fcoef, ksize)
	for xx := 0; xx < outSize; xx++ {
		center := float64(in0) + float64((float64(xx)+0.5)*scale)
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
				kk[x] = int32(-0.5 + float64(v*(1<<precisionBits)))
			} else {
				kk[x] = int32(0.5 + float64(v*(1<<precisionBits)))
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

// fixTaps rewrites the taps of a line of inSize samples so that every
// output reads exactly ksize samples from bounds[2*x] on: windows cut
// short by the right edge move left, with zero coefficients in front. The
// sums are unchanged; the loops no longer depend on each output's count.
// It reports false when the line is shorter than ksize.
func fixTaps(bounds, coefs []int32, ksize, inSize int) bool {
	if inSize < ksize {
		return false
	}
	for x := 0; x < len(bounds)/2; x++ {
		xmin, n := int(bounds[2*x]), int(bounds[2*x+1])
		k := coefs[x*ksize : (x+1)*ksize]
		if shift := xmin + ksize - inSize; shift > 0 {
			copy(k[shift:shift+n], k[:n])
			for i := 0; i < shift; i++ {
				k[i] = 0
			}
			for i := shift + n; i < ksize; i++ {
				k[i] = 0
			}
			bounds[2*x] = int32(xmin - shift)
		}
		bounds[2*x+1] = int32(ksize)
	}
	return true
}

// resampleRowsOf applies the horizontal filter to every row of src: for a
// single-channel plane on a vectorised build, band by band of
// transposeBand rows, by transposing the band, filtering its columns with
// resampleColumns and transposing back (the same sums, the same bytes);
// otherwise with resampleRows.
func resampleRowsOf(s *Scratch, dst, src plane, bounds, coefs []int32, ksize int) {
	if src.ch != 1 || !transposing() {
		resampleRows(dst, src, bounds, coefs, ksize)
		return
	}
	tbuf := grow(&s.trans, src.w*transposeBand)
	ubuf := grow(&s.trans2, dst.w*transposeBand)
	acc := grow(&s.iacc, transposeBand)
	for y0 := 0; y0 < src.h; y0 += transposeBand {
		n := min(transposeBand, src.h-y0)
		t := plane{pix: tbuf[:src.w*n], w: n, h: src.w, stride: n, ch: 1}
		u := plane{pix: ubuf[:dst.w*n], w: n, h: dst.w, stride: n, ch: 1}
		transposePlane(t, src.band(y0, n))
		resampleColumns(u, t, bounds, coefs, ksize, acc)
		transposePlane(dst.band(y0, n), u)
	}
}

// resampleRows applies the horizontal filter to every row of src, along
// the rows.
func resampleRows(dst, src plane, bounds, coefs []int32, ksize int) {
	if src.ch == 1 && fixTaps(bounds, coefs, ksize, src.w) {
		for y := 0; y < dst.h; y++ {
			resampleRowFixed(dst.row(y), src.row(y), bounds, coefs, ksize)
		}
		return
	}
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

// resampleRowFixed filters one single-channel row whose taps went through
// fixTaps, unrolled for the tap counts a reduced image leaves: a residual
// scale from 1 to 2 gives 5, 7 or 9 (2*ceil(2*scale)+1).
func resampleRowFixed(out, in []uint8, bounds, coefs []int32, ksize int) {
	switch ksize {
	case 5:
		for x := range out {
			k := coefs[x*5 : x*5+5 : x*5+5]
			m := int(bounds[2*x])
			p := in[m : m+5 : m+5]
			out[x] = clip8(halfPrecision + int32(p[0])*k[0] + int32(p[1])*k[1] + int32(p[2])*k[2] + int32(p[3])*k[3] + int32(p[4])*k[4])
		}
	case 7:
		for x := range out {
			k := coefs[x*7 : x*7+7 : x*7+7]
			m := int(bounds[2*x])
			p := in[m : m+7 : m+7]
			out[x] = clip8(halfPrecision + int32(p[0])*k[0] + int32(p[1])*k[1] + int32(p[2])*k[2] + int32(p[3])*k[3] +
				int32(p[4])*k[4] + int32(p[5])*k[5] + int32(p[6])*k[6])
		}
	case 9:
		for x := range out {
			k := coefs[x*9 : x*9+9 : x*9+9]
			m := int(bounds[2*x])
			p := in[m : m+9 : m+9]
			out[x] = clip8(halfPrecision + int32(p[0])*k[0] + int32(p[1])*k[1] + int32(p[2])*k[2] + int32(p[3])*k[3] +
				int32(p[4])*k[4] + int32(p[5])*k[5] + int32(p[6])*k[6] + int32(p[7])*k[7] + int32(p[8])*k[8])
		}
	default:
		for x := range out {
			k := coefs[x*ksize : (x+1)*ksize]
			m := int(bounds[2*x])
			p := in[m : m+ksize]
			p = p[:len(k)]
			ss := int32(halfPrecision)
			for i, c := range k {
				ss += int32(p[i]) * c
			}
			out[x] = clip8(ss)
		}
	}
}

// resampleColumns applies the vertical filter, walking source rows in
// memory order and accumulating each output row in acc.
func resampleColumns(dst, src plane, bounds, coefs []int32, ksize int, acc []int32) {
	if resampleColumnsSIMD(dst, src, bounds, coefs, ksize) {
		return
	}
	resampleColumnsGo(dst, src, bounds, coefs, ksize, acc)
}

// resampleColumnsGo is resampleColumns in plain Go.
func resampleColumnsGo(dst, src plane, bounds, coefs []int32, ksize int, acc []int32) {
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

// resample maps the source interval [in0x,in1x) x [in0y,in1y) of src onto
// dst. When both axes change, the vertical pass runs first (Pillow runs the
// horizontal one first): it streams whole rows, and it leaves fewer rows
// for the horizontal pass, whose per-sample gathers cost more.
func resample(s *Scratch, dst, src plane, in0x, in1x, in0y, in1y float32) {
	needH := dst.w != src.w || in0x != 0 || in1x != float32(dst.w)
	needV := dst.h != src.h || in0y != 0 || in1y != float32(dst.h)
	switch {
	case needH && needV:
		by, ky, ksy := coefficients(s, &s.boundY, &s.coefY, src.h, in0y, in1y, dst.h)
		tmp := plane{pix: grow(&s.plane, src.w*src.ch*dst.h), w: src.w, h: dst.h, stride: src.w * src.ch, ch: src.ch}
		resampleColumns(tmp, src, by, ky, ksy, grow(&s.iacc, src.w*src.ch))
		bx, kx, ksx := coefficients(s, &s.boundX, &s.coefX, src.w, in0x, in1x, dst.w)
		resampleRowsOf(s, dst, tmp, bx, kx, ksx)
	case needV:
		by, ky, ksy := coefficients(s, &s.boundY, &s.coefY, src.h, in0y, in1y, dst.h)
		resampleColumns(dst, src, by, ky, ksy, grow(&s.iacc, dst.w*dst.ch))
	case needH:
		bx, kx, ksx := coefficients(s, &s.boundX, &s.coefX, src.w, in0x, in1x, dst.w)
		resampleRowsOf(s, dst, src, bx, kx, ksx)
	default:
		copyPlane(dst, src)
	}
}

// divider divides by n with rounding, exactly, by a multiplication:
// (sum + n/2) * m >> 48 with m = ceil(2^48/n) is exact for sums of up to
// 255*n when n < 2^20. (Pillow's division_UINT32 keeps fewer bits and
// comes out one low for some sums when n is not a power of two.)
type divider struct{ m, amend uint64 }

func newDivider(n int) divider {
	return divider{m: (1<<48 + uint64(n) - 1) / uint64(n), amend: uint64(n / 2)}
}

func (d divider) div(sum uint32) uint8 {
	return uint8(((uint64(sum) + d.amend) * d.m) >> 48)
}

// reducePlane shrinks src into dst by averaging kx x ky blocks; dst is
// ceil(w/kx) x ceil(h/ky) and the partial blocks at the right and bottom
// edges average the pixels they have, as in Pillow's Image.reduce. Each
// output row first sums its ky source rows column by column (a streaming
// loop), then sums kx adjacent column sums.
func reducePlane(s *Scratch, dst, src plane, kx, ky int) {
	ch := src.ch
	n := src.w * ch
	col := grow(&s.acc, n)
	fullX := src.w / kx
	for yo := 0; yo < dst.h; yo++ {
		y0 := yo * ky
		y1 := min(y0+ky, src.h)
		if ch == 1 && kx == 2 && ky == 2 && y1-y0 == 2 {
			reduce2x2Row(dst.row(yo), src.row(y0), src.row(y0+1))
			continue
		}
		if ch == 1 && kx == 1 && y1-y0 == 2 { // 4:2:2 chroma to 4:2:0
			averageRows(dst.row(yo), src.row(y0), src.row(y0+1))
			continue
		}
		if ch == 1 && y1-y0 <= 128 {
			sumRowsSWAR(s, col, src, y0, y1)
		} else {
			first := src.row(y0)
			for i, v := range first {
				col[i] = uint32(v)
			}
			for y := y0 + 1; y < y1; y++ {
				row := src.row(y)
				c := col[:len(row)]
				for i, v := range row {
					c[i] += uint32(v)
				}
			}
		}
		rows := y1 - y0
		out := dst.row(yo)
		d := newDivider(kx * rows)
		switch {
		case ch == 1 && kx == 1:
			o := out[:fullX]
			for i, v := range col[:len(o)] {
				o[i] = d.div(v)
			}
		case ch == 1 && kx == 2:
			o := out[:fullX]
			c := col[:2*fullX]
			for i := range o {
				o[i] = d.div(c[2*i] + c[2*i+1])
			}
		case ch == 1 && kx == 3:
			o := out[:fullX]
			c := col[:3*fullX]
			for i := range o {
				o[i] = d.div(c[3*i] + c[3*i+1] + c[3*i+2])
			}
		case ch == 1 && kx == 4:
			o := out[:fullX]
			c := col[:4*fullX]
			for i := range o {
				o[i] = d.div(c[4*i] + c[4*i+1] + c[4*i+2] + c[4*i+3])
			}
		case ch == 1:
			o := out[:fullX]
			c := col[:kx*fullX]
			for i := range o {
				var sum uint32
				for _, v := range c[i*kx : i*kx+kx] {
					sum += v
				}
				o[i] = d.div(sum)
			}
		default:
			for i := 0; i < fullX; i++ {
				for c := 0; c < ch; c++ {
					var sum uint32
					for j := 0; j < kx; j++ {
						sum += col[(i*kx+j)*ch+c]
					}
					out[i*ch+c] = d.div(sum)
				}
			}
		}
		if fullX < dst.w { // the partial block at the right edge
			d := newDivider((src.w - fullX*kx) * rows)
			for c := 0; c < ch; c++ {
				var sum uint32
				for x := fullX * kx; x < src.w; x++ {
					sum += col[x*ch+c]
				}
				out[fullX*ch+c] = d.div(sum)
			}
		}
	}
}

// sumRowsSWAR sets col[x] to the sum of src's rows y0..y1-1 at column x
// (at most 128 rows: a 16-bit lane, one sample per row, cannot overflow). Eight columns at a time are added as one 64-bit word per row,
// split into even and odd columns in four 16-bit lanes each; the lanes
// are unpacked once at the end.
func sumRowsSWAR(s *Scratch, col []uint32, src plane, y0, y1 int) {
	const lanes = 0x00FF00FF00FF00FF
	w := src.w
	words := w / 8
	sw := grow(&s.swar, 2*words)
	even, odd := sw[:words], sw[words:]
	for j := range sw {
		sw[j] = 0
	}
	for y := y0; y < y1; y++ {
		p := src.row(y)
		odd := odd[:len(even)]
		for j := range even {
			if len(p) < 8 {
				break
			}
			a := binary.LittleEndian.Uint64(p)
			p = p[8:]
			even[j] += a & lanes
			odd[j] += (a >> 8) & lanes
		}
	}
	c := col[:8*words]
	odd = odd[:len(even)]
	for j, e := range even {
		o := c[8*j : 8*j+8 : 8*j+8]
		d := odd[j]
		o[0], o[1] = uint32(e&0xFFFF), uint32(d&0xFFFF)
		o[2], o[3] = uint32(e>>16&0xFFFF), uint32(d>>16&0xFFFF)
		o[4], o[5] = uint32(e>>32&0xFFFF), uint32(d>>32&0xFFFF)
		o[6], o[7] = uint32(e>>48), uint32(d>>48)
	}
	for x := 8 * words; x < w; x++ { // the last w%8 columns
		var sum uint32
		for y := y0; y < y1; y++ {
			sum += uint32(src.pix[y*src.stride+x])
		}
		col[x] = sum
	}
}

// reduce2x2Row averages the 2x2 blocks of two single-channel rows into
// out (ceil(len/2) samples), rounding halves up. Eight source columns at a
// time go through one 64-bit word per row: sums of byte pairs in four
// 16-bit lanes, then the four averages packed back into bytes.
func reduce2x2Row(out, r0, r1 []uint8) {
	const lanes = 0x00FF00FF00FF00FF
	w := len(r0)
	r1 = r1[:w]
	i := 0
	for ; i+8 <= w; i += 8 {
		a := binary.LittleEndian.Uint64(r0[i:])
		b := binary.LittleEndian.Uint64(r1[i:])
		sum := a&lanes + (a>>8)&lanes + b&lanes + (b>>8)&lanes + 0x0002000200020002
		v := (sum >> 2) & lanes
		v = (v | v>>8) & 0x0000FFFF0000FFFF
		v = (v | v>>16) & 0xFFFFFFFF
		binary.LittleEndian.PutUint32(out[i/2:], uint32(v))
	}
	for ; i+1 < w; i += 2 {
		out[i/2] = uint8((uint32(r0[i]) + uint32(r0[i+1]) + uint32(r1[i]) + uint32(r1[i+1]) + 2) >> 2)
	}
	if i < w { // odd width: the last block is one column wide
		out[i/2] = uint8((uint32(r0[i]) + uint32(r1[i]) + 1) >> 1)
	}
}

// averageRows sets out[i] to the mean of r0[i] and r1[i] rounded half
// up, for i < len(r0). Eight samples at a time go through one 64-bit word
// per row: (a+b+1)>>1 = (a|b) - ((a^b)>>1), byte by byte, with no carry
// between bytes.
func averageRows(out, r0, r1 []uint8) {
	w := len(r0)
	r1, out = r1[:w], out[:w]
	i := 0
	for ; i+8 <= w; i += 8 {
		a := binary.LittleEndian.Uint64(r0[i:])
		b := binary.LittleEndian.Uint64(r1[i:])
		binary.LittleEndian.PutUint64(out[i:], (a|b)-((a^b)>>1)&0x7F7F7F7F7F7F7F7F)
	}
	for ; i < w; i++ {
		out[i] = uint8((uint32(r0[i]) + uint32(r1[i]) + 1) >> 1)
	}
}

// resizePlane resizes the source interval [in0x,in1x) x [in0y,in1y) of src
// (in source samples; the whole plane is [0,w) x [0,h)) onto all of dst,
// like Pillow's Image.resize with the bicubic filter and reducing_gap
// reducingGap.
func resizePlane(s *Scratch, dst, src plane, in0x, in1x, in0y, in1y float32) {
	kx := max(int(float64(in1x-in0x)/float64(dst.w)/reducingGap), 1)
	ky := max(int(float64(in1y-in0y)/float64(dst.h)/reducingGap), 1)
	if kx > 1 || ky > 1 {
		// Of a region, only the part the filter reaches is reduced, its
		// blocks counted from that part's corner, as Pillow does it
		// (Image.resize's _get_safe_box). The whole plane gives the whole
		// plane.
		x0, x1 := safeSpan(in0x, in1x, dst.w, src.w)
		y0, y1 := safeSpan(in0y, in1y, dst.h, src.h)
		if x0 > 0 || y0 > 0 || x1 < src.w || y1 < src.h {
			off := y0*src.stride + x0*src.ch
			src = plane{pix: src.pix[off:], w: x1 - x0, h: y1 - y0, stride: src.stride, ch: src.ch}
			in0x, in1x = in0x-float32(x0), in1x-float32(x0)
			in0y, in1y = in0y-float32(y0), in1y-float32(y0)
		}
		rw, rh := (src.w+kx-1)/kx, (src.h+ky-1)/ky
		r := plane{pix: grow(&s.reduce, rw*rh*src.ch), w: rw, h: rh, stride: rw * src.ch, ch: src.ch}
		reducePlane(s, r, src, kx, ky)
		src = r
		in0x, in1x = in0x/float32(kx), in1x/float32(kx)
		in0y, in1y = in0y/float32(ky), in1y/float32(ky)
	}
	resample(s, dst, src, in0x, in1x, in0y, in1y)
}

// safeSpan is Pillow's _get_safe_box on one axis: the source samples
// [lo, hi) of a line of n that resampling [in0, in1) onto out samples with
// the bicubic filter reads, give or take the filter's last half tap.
func safeSpan(in0, in1 float32, out, n int) (lo, hi int) {
	support := 1.5 * float64(in1-in0) / float64(out)
	lo = min(max(0, int(float64(in0)-support)), n-1)
	hi = min(n, int(math.Ceil(float64(in1)+support)))
	return lo, max(hi, lo+1)
}

// Resize returns img resized to w x h much as Pillow's Image.thumbnail does it
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
	return ResizeOriented(s, img, w, h, 1)
}

// ResizeOriented returns Orient(Resize(s, img, w', h'), orientation), where
// w' x h' is w x h in img's stored frame (swapped when the orientation
// transposes): w x h is the size wanted upright. Resizing before turning
// is what makes orienting cheap; doing both in one call also places 4:2:0
// chroma on the upright image's grid when a reversed side has an odd
// length (Orient alone would have to give every pixel its own chroma).
func ResizeOriented(s *Scratch, img image.Image, w, h, orientation int) image.Image {
	b := img.Bounds()
	W, H := OrientedSize(b.Dx(), b.Dy(), orientation)
	return ResizeRegion(s, img, WholeRegion(W, H), w, h, orientation)
}

// ResizeRegion is ResizeOriented for the region r of the upright image
// (img turned by orientation, in its pixels): r is resized to w x h and
// the result is upright. It is a crop and a resize in one resampling, as
// Pillow's Image.resize with a box: the output's edge pixels are filtered
// from the pixels around r's edges too, as they would be if the whole
// image were resized, and r's edges need not fall on whole pixels. r is
// clipped to the image; an empty r, or w or h not positive, returns the
// image turned upright and not resized.
func ResizeRegion(s *Scratch, img image.Image, r Region, w, h, orientation int) image.Image {
	b := img.Bounds()
	sr := storedRegion(r, b.Dx(), b.Dy(), orientation)
	if transposes(orientation) {
		w, h = h, w
	}
	whole := sr == WholeRegion(b.Dx(), b.Dy())
	if w <= 0 || h <= 0 || b.Empty() || !(sr.X0 < sr.X1 && sr.Y0 < sr.Y1) || (whole && w == b.Dx() && h == b.Dy()) {
		return Orient(img, orientation)
	}
	if s == nil {
		s = new(Scratch)
	}
	img = canonical(img)
	if m, ok := img.(*image.YCbCr); ok {
		revX, revY := reverses(orientation)
		out := resizeYCbCr(s, m, sr, w, h, revX && w%2 != 0, revY && h%2 != 0)
		if orientation < 2 || orientation > 8 {
			return out
		}
		return orientPlanes(s, out, orientation)
	}
	src, newImage := interleaved(s, img)
	out, dst := newImage(w, h)
	resizePlane(s, dst, src, float32(sr.X0), float32(sr.X1), float32(sr.Y0), float32(sr.Y1))
	return orientInto(s, out, orientation)
}

// storedRegion maps r, in the upright frame of a w x h image (w x h as
// stored) with EXIF orientation o, to the stored frame, and clips it to the
// image.
func storedRegion(r Region, w, h, o int) Region {
	x0, x1, y0, y1 := r.X0, r.X1, r.Y0, r.Y1
	if transposes(o) {
		x0, x1, y0, y1 = y0, y1, x0, x1
	}
	W, H := float64(w), float64(h)
	revX, revY := reverses(o)
	if revX {
		x0, x1 = W-x1, W-x0
	}
	if revY {
		y0, y1 = H-y1, H-y0
	}
	clip := func(v, hi float64) float64 {
		if !(v > 0) { // NaN too
			return 0
		}
		return min(v, hi)
	}
	return Region{clip(x0, W), clip(y0, H), clip(x1, W), clip(y1, H)}
}

// resizeYCbCr resizes the region r of m to a w x h 4:2:0 image. Output
// chroma sample i covers output luma pixels 2i and 2i+1, or with farX
// (farY) 2i-1 and 2i, so that the grid fits the far edge of an odd-sized
// side: the one that becomes the near edge when that side is reversed.
func resizeYCbCr(s *Scratch, m *image.YCbCr, r Region, w, h int, farX, farY bool) *image.YCbCr {
	dst := s.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	hs, vs := subsampling(m.SubsampleRatio)
	sy, scb, scr := ycbcrPlanes(m)
	dy, dcb, dcr := ycbcrPlanes(dst)
	resizePlane(s, dy, sy, float32(r.X0), float32(r.X1), float32(r.Y0), float32(r.Y1))
	// One output luma pixel is r.Dx()/w input luma pixels, r.Dx()/w/hs
	// input chroma samples; an output chroma sample spans two output luma
	// pixels.
	px, py := r.Dx()/float64(w)/float64(hs), r.Dy()/float64(h)/float64(vs)
	x0, y0 := r.X0/float64(hs), r.Y0/float64(vs)
	if farX {
		x0 -= px
	}
	if farY {
		y0 -= py
	}
	x1, y1 := x0+float64(float64(dcb.w)*2*px), y0+float64(float64(dcb.h)*2*py)
	resizePlane(s, dcb, scb, float32(x0), float32(x1), float32(y0), float32(y1))
	resizePlane(s, dcr, scr, float32(x0), float32(x1), float32(y0), float32(y1))
	return dst
}
