package stages

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestEraseExact checks Erase against its definition, torchvision's
// img[..., i:i+h, j:j+w] = v, pixel by pixel: every pixel in the clipped
// rectangle is v, every other is the input's. That is exact on RGBA, NRGBA
// and gray, and on YCbCr's Y; the chroma of a sample the rectangle's edge
// cuts is checked against its definition, the mean of v's chroma and its
// own weighted by the pixels each covers.
func TestEraseExact(t *testing.T) {
	const W, H = 37, 29
	rgba := testimg.PhotoLike(W, H, 41)
	nrgba := image.NewNRGBA(rgba.Rect)
	copy(nrgba.Pix, rgba.Pix) // PhotoLike is opaque
	v := color.RGBA{200, 30, 90, 255}
	rects := [][4]int{ // i, j, h, w
		{5, 7, 10, 12}, {0, 0, H, W}, {-4, -6, 9, 11}, {20, 30, 100, 100},
		{3, 4, 0, 5}, {H, 0, 5, 5}, {0, W + 3, 5, 5}, {-100, -100, 50, 50},
		{math.MaxInt, math.MaxInt, math.MaxInt, math.MaxInt},
		{math.MinInt, math.MinInt, math.MaxInt, math.MaxInt}, {6, 5, 7, 7},
	}
	for _, src := range []image.Image{rgba, nrgba, grayOf(rgba), toYCbCr(rgba, image.YCbCrSubsampleRatio420)} {
		for _, q := range rects {
			i, j, h, w := q[0], q[1], q[2], q[3]
			in := func(x, y int) bool {
				// uint: y-i may pass math.MaxInt; it fits in a uint when y >= i.
				return h > 0 && w > 0 && y >= i && x >= j && uint(y)-uint(i) < uint(h) && uint(x)-uint(j) < uint(w)
			}
			got := Erase(nil, src, i, j, h, w, v)
			if got.Bounds() != image.Rect(0, 0, W, H) {
				t.Fatalf("%T %v: bounds %v", src, q, got.Bounds())
			}
			for y := range H {
				for x := range W {
					if ycc, ok := got.(*image.YCbCr); ok {
						want := src.(*image.YCbCr).Y[src.(*image.YCbCr).YOffset(x, y)]
						if in(x, y) {
							want = color.YCbCrModel.Convert(v).(color.YCbCr).Y
						}
						if g := ycc.Y[ycc.YOffset(x, y)]; g != want {
							t.Fatalf("%T %v: Y at (%d,%d) is %d, want %d", src, q, x, y, g, want)
						}
						continue
					}
					want := src.At(x, y)
					if in(x, y) {
						want = got.ColorModel().Convert(v)
					}
					if g := got.At(x, y); g != want {
						t.Fatalf("%T %v: pixel (%d,%d) is %v, want %v", src, q, x, y, g, want)
					}
				}
			}
			if ycc, ok := got.(*image.YCbCr); ok {
				checkErasedChroma(t, src.(*image.YCbCr), ycc, in, v)
			}
		}
	}
}

// checkErasedChroma checks each 2x2 chroma sample of an erased 4:2:0 image:
// the mean, over the sample's pixels, of v's chroma where in and the
// input's elsewhere, rounded.
func checkErasedChroma(t *testing.T, src, got *image.YCbCr, in func(x, y int) bool, v color.Color) {
	t.Helper()
	c := color.YCbCrModel.Convert(v).(color.YCbCr)
	b := src.Rect
	for cy := 0; cy < (b.Dy()+1)/2; cy++ {
		for cx := 0; cx < (b.Dx()+1)/2; cx++ {
			tot, n := 0, 0
			for y := 2 * cy; y < min(2*cy+2, b.Dy()); y++ {
				for x := 2 * cx; x < min(2*cx+2, b.Dx()); x++ {
					tot++
					if in(x, y) {
						n++
					}
				}
			}
			o := cy*src.CStride + cx
			wantCb := uint8((n*int(c.Cb) + (tot-n)*int(src.Cb[o]) + tot/2) / tot)
			wantCr := uint8((n*int(c.Cr) + (tot-n)*int(src.Cr[o]) + tot/2) / tot)
			if got.Cb[o] != wantCb || got.Cr[o] != wantCr {
				t.Fatalf("chroma sample (%d,%d) is %d,%d, want %d,%d", cx, cy, got.Cb[o], got.Cr[o], wantCb, wantCr)
			}
		}
	}
}

// TestEraseLeavesInput checks that Erase does not write to its input.
func TestEraseLeavesInput(t *testing.T) {
	src := testimg.PhotoLike(16, 12, 3)
	before := append([]uint8(nil), src.Pix...)
	Erase(nil, src, 2, 2, 5, 5, color.Black)
	if string(before) != string(src.Pix) {
		t.Error("Erase changed its input")
	}
}

// TestEraseNoise checks EraseNoise's rectangle statistically (uniform bytes:
// mean 127.5, deviation 73.9, the mean within 4 standard errors) and the
// rest exactly, and that a seed gives one image.
func TestEraseNoise(t *testing.T) {
	src := testimg.PhotoLike(40, 30, 9)
	r := image.Rect(5, 8, 25, 23) // j, i, j+w, i+h
	got := EraseNoise(nil, src, r.Min.Y, r.Min.X, r.Dy(), r.Dx(), rand.New(rand.NewPCG(3, 4))).(*image.RGBA)
	again := EraseNoise(nil, src, r.Min.Y, r.Min.X, r.Dy(), r.Dx(), rand.New(rand.NewPCG(3, 4))).(*image.RGBA)
	if string(got.Pix) != string(again.Pix) {
		t.Error("one seed gave two images")
	}
	var sum float64
	n := 0
	for y := range 30 {
		for x := range 40 {
			o := got.PixOffset(x, y)
			if !(image.Point{x, y}).In(r) {
				if string(got.Pix[o:o+4]) != string(src.Pix[o:o+4]) {
					t.Fatalf("pixel (%d,%d) outside the rectangle changed", x, y)
				}
				continue
			}
			if got.Pix[o+3] != 255 {
				t.Fatalf("pixel (%d,%d) has alpha %d", x, y, got.Pix[o+3])
			}
			for _, v := range got.Pix[o : o+3] {
				sum += float64(v)
				n++
			}
		}
	}
	mean, limit := sum/float64(n), 4*73.9/math.Sqrt(float64(n))
	t.Logf("%d samples in the rectangle, mean %.1f (want 127.5 ± %.1f)", n, mean, limit)
	if math.Abs(mean-127.5) > limit {
		t.Errorf("mean %.1f of the noise: not uniform bytes", mean)
	}
}
