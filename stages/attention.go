package stages

import (
	"image"
	"image/color"
	"math"
)

// attentionGrid is the side of the square grid Attention scores the image
// on: libvips shrinks the image to 32 x 32 pixels whatever its aspect, so
// that the window is placed to within a 32nd of the image.
const attentionGrid = 32

// Attention places a winW x winH window, in pixels of img's upright frame
// (img turned by its EXIF orientation), where the eye goes, as libvips'
// smartcrop "attention" strategy (vipsthumbnail --smartcrop attention,
// libvips/conversion/smartcrop.c) does:
//
//   - the image is shrunk to 32 x 32 pixels and converted to CIE XYZ;
//   - each pixel scores the sum of its edge strength (5 times the absolute
//     Laplacian of Y), how close its colour is to skin (100 less 100 times
//     the distance of its XYZ direction from smartcrop.js's skin vector)
//     and its CIELAB a* (red over green); pixels with Y of 5 or less score
//     their edge alone;
//   - the scores are blurred by a Gaussian as wide as a tenth of the
//     window's diagonal (in grid cells, at least 1), and the window is
//     centred on the best cell, then moved inside the image.
//
// The shrink is libvips' (a box reduction, then Lanczos 3), and the grid
// cell's position its top-left corner, as in libvips. libvips scores the
// thumbnail it has made, Attention the image it is given: where two cells
// score nearly alike, the chosen one can differ.
//
// A window larger than the image is clipped to it. s supplies working
// memory (nil allocates); img is not modified.
func Attention(s *Scratch, img image.Image, orientation int, winW, winH float64) Region {
	b := img.Bounds()
	W, H := OrientedSize(b.Dx(), b.Dy(), orientation)
	winW, winH = clampWindow(winW, W), clampWindow(winH, H)
	if b.Empty() {
		return Region{0, 0, winW, winH}
	}
	if s == nil {
		s = new(Scratch)
	}
	rgb := attentionRGB(s, img, orientation)
	score := attentionScores(rgb)
	hscale, vscale := attentionGrid/float64(W), attentionGrid/float64(H)
	sigma := max(math.Hypot(winW*hscale, winH*vscale)/10, 1)
	blurred := vipsGaussBlur(score, attentionGrid, attentionGrid, sigma)
	best := 0
	for i, v := range blurred {
		if v > blurred[best] {
			best = i
		}
	}
	ax := float64(best%attentionGrid) / hscale
	ay := float64(best/attentionGrid) / vscale
	x0 := min(max(ax-float64(winW/2), 0), float64(W)-winW)
	y0 := min(max(ay-float64(winH/2), 0), float64(H)-winH)
	return Region{x0, y0, x0 + winW, y0 + winH}
}

// clampWindow keeps a window's side within 0..n (NaN gives n).
func clampWindow(v float64, n int) float64 {
	if !(v >= 0) || v > float64(n) {
		return float64(n)
	}
	return v
}

// attentionRGB shrinks img to the grid and turns it upright: 8-bit RGB
// (alpha dropped, premultiplied), 4 bytes a pixel.
func attentionRGB(s *Scratch, img image.Image, orientation int) plane {
	const n = attentionGrid
	stored := plane{pix: make([]uint8, 4*n*n), w: n, h: n, stride: 4 * n, ch: 4}
	img = canonical(img)
	switch m := img.(type) {
	case *image.YCbCr:
		hs, vs := subsampling(m.SubsampleRatio)
		sy, scb, scr := ycbcrPlanes(m)
		w, h := float64(m.Rect.Dx()), float64(m.Rect.Dy())
		ys := lanczosShrink(s, sy, w, h, n)
		cbs := lanczosShrink(s, scb, w/float64(hs), h/float64(vs), n)
		crs := lanczosShrink(s, scr, w/float64(hs), h/float64(vs), n)
		for i := range ys {
			r, g, b := color.YCbCrToRGB(ys[i], cbs[i], crs[i])
			stored.pix[4*i], stored.pix[4*i+1], stored.pix[4*i+2] = r, g, b
		}
	case *image.Gray:
		src := grayPlane(m)
		for i, v := range lanczosShrink(s, src, float64(src.w), float64(src.h), n) {
			stored.pix[4*i], stored.pix[4*i+1], stored.pix[4*i+2] = v, v, v
		}
	default:
		src, _ := interleaved(s, img)
		copy(stored.pix, lanczosShrink(s, src, float64(src.w), float64(src.h), n))
	}
	if orientation < 2 || orientation > 8 {
		return stored
	}
	upright := plane{pix: make([]uint8, 4*n*n), w: n, h: n, stride: 4 * n, ch: 4}
	orientPlane(upright, stored, orientation)
	return upright
}

// lanczosShrink resamples the [0, w) x [0, h) part of p (in its samples)
// to n x n as libvips' resize shrinks with its default reducing gap of 2:
// a box reduction by an integer factor on each axis, leaving a scale of 2
// to 4, then a Lanczos 3 filter widened by that scale, edges extended. It
// returns n x n x p.ch samples.
func lanczosShrink(s *Scratch, p plane, w, h float64, n int) []uint8 {
	kx, ky := max(int(w/float64(n)/2), 1), max(int(h/float64(n)/2), 1)
	if kx > 1 || ky > 1 {
		r := plane{w: (p.w + kx - 1) / kx, h: (p.h + ky - 1) / ky, ch: p.ch}
		r.stride = r.w * r.ch
		r.pix = make([]uint8, r.stride*r.h)
		reducePlane(s, r, p, kx, ky)
		p, w, h = r, w/float64(kx), h/float64(ky)
	}
	weights := func(in float64, size int) (first []int, taps [][]float64) {
		scale := in / float64(n)
		support := float64(3 * max(scale, 1))
		first = make([]int, n)
		taps = make([][]float64, n)
		for i := range n {
			centre := float64((float64(i) + 0.5) * scale)
			lo, hi := int(math.Floor(centre-support)), int(math.Ceil(centre+support))
			ws := make([]float64, hi-lo)
			var sum float64
			for j := range ws {
				x := (float64(lo+j) + 0.5 - centre) / max(scale, 1)
				ws[j] = lanczos3(x)
				sum += ws[j]
			}
			for j := range ws {
				ws[j] /= sum
			}
			first[i], taps[i] = lo, ws
		}
		return first, taps
	}
	clampTo := func(v, size int) int { return min(max(v, 0), size-1) }
	fy, ty := weights(h, p.h)
	fx, tx := weights(w, p.w)
	rowLen := p.w * p.ch
	cols := make([]float64, n*rowLen) // the vertical pass: n rows of p.w
	for i := range n {
		acc := cols[i*rowLen : (i+1)*rowLen]
		for j, wt := range ty[i] {
			row := p.row(clampTo(fy[i]+j, p.h))
			for k, v := range row {
				acc[k] += float64(wt * float64(v))
			}
		}
	}
	out := make([]uint8, n*n*p.ch)
	for y := range n {
		acc := cols[y*rowLen : (y+1)*rowLen]
		for x := range n {
			for c := range p.ch {
				var v float64
				for j, wt := range tx[x] {
					v += float64(wt * acc[clampTo(fx[x]+j, p.w)*p.ch+c])
				}
				out[(y*n+x)*p.ch+c] = uint8(min(max(math.Round(v), 0), 255))
			}
		}
	}
	return out
}

// lanczos3 is the Lanczos kernel of three lobes.
func lanczos3(x float64) float64 {
	if x == 0 {
		return 1
	}
	if x <= -3 || x >= 3 {
		return 0
	}
	px := math.Pi * x
	return 3 * math.Sin(px) * math.Sin(px/3) / (px * px)
}

// attentionScores scores each pixel of an RGB grid as libvips' attention
// strategy does (see Attention).
func attentionScores(rgb plane) []float64 {
	n := rgb.w * rgb.h
	xyz := make([][3]float64, n)
	for i := range xyz {
		p := rgb.pix[4*i : 4*i+3]
		r, g, b := srgbToLinear(p[0]), srgbToLinear(p[1]), srgbToLinear(p[2])
		// libvips' scRGB2XYZ, Y of white 100.
		xyz[i] = [3]float64{
			100 * (float64(0.4124*r) + float64(0.3576*g) + float64(0.1805*b)),
			100 * (float64(0.2126*r) + float64(0.7152*g) + float64(0.0722*b)),
			100 * (float64(0.0193*r) + float64(0.1192*g) + float64(0.9505*b)),
		}
	}
	// The Laplacian of Y, edges extended.
	at := func(x, y int) float64 {
		x = min(max(x, 0), rgb.w-1)
		y = min(max(y, 0), rgb.h-1)
		return xyz[y*rgb.w+x][1]
	}
	skin := [3]float64{0.78, 0.57, 0.44} // smartcrop.js's skin colour, as an XYZ direction
	score := make([]float64, n)
	for i, c := range xyz {
		x, y := i%rgb.w, i/rgb.w
		edge := math.Abs(5 * (float64(4*at(x, y)) - at(x-1, y) - at(x+1, y) - at(x, y-1) - at(x, y+1)))
		score[i] = edge
		if !(c[1] > 5) { // dark: edges only
			continue
		}
		mag := math.Sqrt(float64(c[0]*c[0]) + float64(c[1]*c[1]) + float64(c[2]*c[2]))
		dx, dy, dz := c[0]/mag-skin[0], c[1]/mag-skin[1], c[2]/mag-skin[2]
		score[i] += 100 - float64(100*math.Sqrt(float64(dx*dx)+float64(dy*dy)+float64(dz*dz)))
		score[i] += float64(500 * (labF(c[0]/95.047) - labF(c[1]/100))) // CIELAB a*, D65
	}
	return score
}

// srgbToLinear is the sRGB transfer function's inverse, 0..255 to 0..1.
func srgbToLinear(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// labF is CIELAB's f(t), with libvips' constants.
func labF(t float64) float64 {
	if t < 0.008856 {
		return float64(7.787*t) + 16.0/116
	}
	return math.Cbrt(t)
}

// vipsGaussBlur blurs a w x h grid of floats as libvips' gaussblur does by
// default: a separable mask of rint(20 exp(-x²/2σ²)) for the x where
// exp(-x²/2σ²) is at least 0.2, normalised to sum to one, edges extended.
func vipsGaussBlur(in []float64, w, h int, sigma float64) []float64 {
	sig2 := 2 * sigma * sigma
	x := 0
	for ; x < int(8*sigma); x++ {
		if math.Exp(-float64(x*x)/sig2) < 0.2 {
			break
		}
	}
	width := 2*max(x-1, 0) + 1
	mask := make([]float64, width)
	var sum float64
	for i := range mask {
		d := float64(i - width/2)
		mask[i] = math.RoundToEven(20 * math.Exp(-d*d/sig2))
		sum += mask[i]
	}
	if sum == 0 {
		sum = 1
	}
	pass := func(src []float64, horizontal bool) []float64 {
		dst := make([]float64, len(src))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var acc float64
				for i, m := range mask {
					d := i - width/2
					sx, sy := x, y
					if horizontal {
						sx = min(max(x+d, 0), w-1)
					} else {
						sy = min(max(y+d, 0), h-1)
					}
					acc += float64(m * src[sy*w+sx])
				}
				dst[y*w+x] = acc / sum
			}
		}
		return dst
	}
	return pass(pass(in, true), false)
}
