package stages

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// exactGaussian blurs a gray image by direct convolution with a sampled
// Gaussian of standard deviation sigma (truncated at 6 sigma, where it is
// below 1e-8 of its peak), in float64, with edge pixels extended like
// Blur's. It is the ground truth Blur approximates.
func exactGaussian(src *image.Gray, sigma float64) []float64 {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	r := int(math.Ceil(6 * sigma))
	k := make([]float64, 2*r+1)
	var sum float64
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	clampi := func(v, hi int) int { return max(0, min(hi, v)) }
	tmp := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				s += kv * float64(src.Pix[y*src.Stride+clampi(x+i-r, w-1)])
			}
			tmp[y*w+x] = s
		}
	}
	out := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				s += kv * tmp[clampi(y+i-r, h-1)*w+x]
			}
			out[y*w+x] = s
		}
	}
	return out
}

func grayOf(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g.Set(x, y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return g
}

// cells returns a w x h gray image of random flat squares of side cell:
// hard edges at the scale of the blur, where a wrong kernel shows most.
func cells(w, h, cell int, seed uint64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, 3))
	cw := (w + cell - 1) / cell
	vals := make([]uint8, cw*((h+cell-1)/cell))
	for i := range vals {
		vals[i] = uint8(rng.IntN(256))
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			g.Pix[y*g.Stride+x] = vals[(y/cell)*cw+x/cell]
		}
	}
	return g
}

// TestBlurMatchesExactGaussian checks the box-filter blur against a direct
// Gaussian convolution, on random squares of side 2 sigma with contrasts up
// to 255 (the hardest case for it: photos are smoother).
//
// Tolerance: three extended boxes give a piecewise-quadratic kernel with
// exactly the Gaussian's variance but not quite its shape (Gwosdek et al.
// 2011), so a full-contrast edge's profile is off by up to about 1.5% (4
// levels), and each pass rounds to 8 bits as Pillow does. Measured: RMS
// 0.9-1.4 levels and at most 5 for sigma >= 2; small sigmas are worse, as
// the box cannot follow the Gaussian's shape over a few pixels (2.3 RMS at
// 0.8). The limits sit just above those and below what a sigma 10% off
// gives (RMS 2.4-3 for sigma >= 2, 6 at 0.8), so a wrong radius, weight
// or pass count fails. Pixels within 3 sigma of the border are left out:
// there Pillow's rule (extend the edge before each pass) differs from
// extending it once before one convolution by design.
func TestBlurMatchesExactGaussian(t *testing.T) {
	const w, h = 300, 240
	for _, c := range []struct{ sigma, rms, worst float64 }{
		{0.8, 3, 10}, {2, 1.6, 6}, {3.7, 1.6, 6}, {7.5, 1.6, 6}, {15, 1.6, 6}, {30, 1.6, 6},
	} {
		src := cells(w, h, int(2*c.sigma)+1, 5)
		got := Blur(nil, src, c.sigma).(*image.Gray)
		want := exactGaussian(src, c.sigma)
		m := int(3 * c.sigma)
		var se, worst float64
		n := 0
		for y := m; y < h-m; y++ {
			for x := m; x < w-m; x++ {
				d := float64(got.Pix[y*got.Stride+x]) - want[y*w+x]
				se += d * d
				worst = max(worst, math.Abs(d))
				n++
			}
		}
		rms := math.Sqrt(se / float64(n))
		t.Logf("sigma %4.1f: RMS error %.3f, max %.2f grey levels", c.sigma, rms, worst)
		if rms > c.rms || worst > c.worst {
			t.Errorf("sigma %g: RMS error %.3f (limit %g), max %.2f (limit %g) grey levels", c.sigma, rms, c.rms, worst, c.worst)
		}
	}
}

// highFreqEnergy sums the squared differences between neighbouring pixels.
func highFreqEnergy(g *image.Gray) float64 {
	var e float64
	for y := 0; y < g.Rect.Dy(); y++ {
		for x := 1; x < g.Rect.Dx(); x++ {
			d := float64(g.Pix[y*g.Stride+x]) - float64(g.Pix[y*g.Stride+x-1])
			e += d * d
		}
	}
	return e
}

func TestBlurReducesHighFrequencies(t *testing.T) {
	src := grayOf(testimg.PhotoLike(200, 150, 2))
	e0 := highFreqEnergy(src)
	prev := e0
	for _, c := range []struct{ sigma, maxRatio float64 }{{0.5, 0.8}, {1, 0.5}, {3, 0.1}, {10, 0.01}} {
		e := highFreqEnergy(Blur(nil, src, c.sigma).(*image.Gray))
		t.Logf("sigma %4.1f: %.4f of the high-frequency energy left", c.sigma, e/e0)
		if e/e0 > c.maxRatio || e >= prev {
			t.Errorf("sigma %g: %.4f of the high-frequency energy left, want at most %g and less than for a smaller sigma", c.sigma, e/e0, c.maxRatio)
		}
		prev = e
	}
	if got := Blur(nil, src, 0); got != image.Image(src) {
		t.Errorf("sigma 0 must return the image unchanged")
	}
}

// TestBlurKeepsFlatAndMean checks that a flat image stays flat (weights sum
// to one, edges extended) and that the mean level is kept.
func TestBlurKeepsFlatAndMean(t *testing.T) {
	for _, v := range []uint8{0, 1, 128, 254, 255} {
		g := image.NewGray(image.Rect(0, 0, 37, 23))
		for i := range g.Pix {
			g.Pix[i] = v
		}
		for _, sigma := range []float64{0.3, 2, 15, 100} {
			out := Blur(nil, g, sigma).(*image.Gray)
			for i, p := range out.Pix {
				if p != v {
					t.Fatalf("flat %d, sigma %g: pixel %d is %d", v, sigma, i, p)
				}
			}
		}
	}
}

// TestBlurTypes checks each image type's path: the type returned, and the
// result against the same blur of the image converted to RGBA.
func TestBlurTypes(t *testing.T) {
	rgba := testimg.PhotoLike(97, 61, 3)
	nrgba := image.NewNRGBA(rgba.Rect)
	copy(nrgba.Pix, rgba.Pix) // opaque: the same bytes
	pal := image.NewPaletted(rgba.Rect, color.Palette{color.Black, color.White, color.RGBA{200, 30, 30, 255}})
	for y := 0; y < 61; y++ {
		for x := 0; x < 97; x++ {
			pal.SetColorIndex(x, y, uint8((x/7+y/5)%3))
		}
	}
	cmyk := image.NewCMYK(rgba.Rect)
	for y := 0; y < 61; y++ {
		for x := 0; x < 97; x++ {
			cmyk.Set(x, y, rgba.At(x, y))
		}
	}
	gray16 := image.NewGray16(rgba.Rect)
	for y := 0; y < 61; y++ {
		for x := 0; x < 97; x++ {
			gray16.Set(x, y, rgba.At(x, y))
		}
	}
	cases := []struct {
		name    string
		img     image.Image
		want    string
		minPSNR float64 // against the RGBA path on the same pixels
	}{
		{"rgba", rgba, "*image.RGBA", math.Inf(1)},
		{"opaque nrgba", nrgba, "*image.NRGBA", math.Inf(1)},
		{"gray", grayOf(rgba), "*image.Gray", math.Inf(1)},
		{"gray16", gray16, "*image.Gray", math.Inf(1)},
		{"paletted", pal, "*image.RGBA", math.Inf(1)},
		{"cmyk", cmyk, "*image.RGBA", 50}, // CMYK round trip loses a little
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Blur(nil, c.img, 4)
			if typeName(got) != c.want {
				t.Fatalf("got %s, want %s", typeName(got), c.want)
			}
			if got.Bounds() != c.img.Bounds().Sub(c.img.Bounds().Min) {
				t.Fatalf("bounds %v, want %v", got.Bounds(), c.img.Bounds())
			}
			var ref image.Image
			if _, ok := got.(*image.Gray); ok {
				ref = Blur(nil, toRGBA(grayOf(c.img)), 4)
			} else {
				ref = Blur(nil, toRGBA(c.img), 4)
			}
			if p := testimg.PSNR(got, ref); p < c.minPSNR {
				t.Errorf("PSNR against the RGBA path %.1f dB, want >= %.0f", p, c.minPSNR)
			}
		})
	}
}

func typeName(img image.Image) string {
	switch img.(type) {
	case *image.RGBA:
		return "*image.RGBA"
	case *image.NRGBA:
		return "*image.NRGBA"
	case *image.Gray:
		return "*image.Gray"
	case *image.YCbCr:
		return "*image.YCbCr"
	}
	return "other"
}

// TestBlurAlpha checks that an NRGBA image with transparency is blurred in
// premultiplied form: the colour of fully transparent pixels must not
// bleed into the opaque ones, and alpha itself is blurred.
func TestBlurAlpha(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 60, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 60; x++ {
			if x < 30 {
				img.SetNRGBA(x, y, color.NRGBA{0, 0, 255, 255}) // opaque blue
			} else {
				img.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 0}) // transparent "red"
			}
		}
	}
	out := Blur(nil, img, 3)
	if _, ok := out.(*image.RGBA); !ok {
		t.Fatalf("got %T, want *image.RGBA (premultiplied)", out)
	}
	for x := 0; x < 60; x++ {
		c := color.NRGBAModel.Convert(out.At(x, 10)).(color.NRGBA)
		if c.A > 0 && c.R > 2 {
			t.Errorf("x=%d: %v: the transparent pixels' red bled in", x, c)
		}
		if x == 0 && c.A != 255 || x == 59 && c.A != 0 {
			t.Errorf("x=%d: alpha %d, want %d", x, c.A, map[bool]uint8{true: 255, false: 0}[x == 0])
		}
		if x == 30 && (c.A < 100 || c.A > 155) {
			t.Errorf("x=30 (the edge): alpha %d, want about half", c.A)
		}
	}
}

// TestBlurYCbCrPlanes checks that blurring plane by plane (chroma at its
// own resolution, sigma scaled to it) looks like blurring the RGB image.
func TestBlurYCbCrPlanes(t *testing.T) {
	rgb := testimg.PhotoLike(160, 120, 4)
	for _, r := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411} {
		ycc := toYCbCr(rgb, r)
		got, ok := Blur(nil, ycc, 6).(*image.YCbCr)
		if !ok || got.SubsampleRatio != r {
			t.Fatalf("%v: got %T, want *image.YCbCr %v", r, got, r)
		}
		ref := Blur(nil, toRGBA(ycc), 6)
		if p := testimg.PSNR(got, ref); p < 40 {
			t.Errorf("%v: PSNR against the RGB path %.1f dB, want >= 40", r, p)
		} else {
			t.Logf("%v: PSNR against the RGB path %.1f dB", r, p)
		}
	}
}

// TestBlurRGBAIsBlurPerChannel checks that an RGBA image is blurred as
// its four channels would be one by one as gray images, whether its alpha
// is 255 everywhere (and then left out of the work) or not.
func TestBlurRGBAIsBlurPerChannel(t *testing.T) {
	for _, opaque := range []bool{true, false} {
		m := image.NewRGBA(image.Rect(0, 0, 61, 37))
		for i := range m.Pix {
			m.Pix[i] = uint8(i*7919 + i>>6*31)
			if i%4 == 3 && opaque {
				m.Pix[i] = 255
			}
		}
		for _, sigma := range []float64{0.3, 1.7, 6} {
			got := Blur(nil, m, sigma).(*image.RGBA)
			for c := range 4 {
				g := image.NewGray(m.Rect)
				for i := range g.Pix {
					g.Pix[i] = m.Pix[4*i+c]
				}
				want := Blur(nil, g, sigma).(*image.Gray)
				for i, v := range want.Pix {
					if got.Pix[4*i+c] != v {
						t.Fatalf("opaque %v, sigma %v: channel %d of pixel %d is %d, its gray blur %d", opaque, sigma, c, i, got.Pix[4*i+c], v)
					}
				}
			}
		}
	}
}
