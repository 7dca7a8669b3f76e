package stages

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestNoiseStatistics adds noise of deviation sigma to a mid-grey image and
// checks the mean and standard deviation of out - in over every noisy
// sample: there is no reference image for random noise, only its law. At
// 128 with sigma 10 clipping never happens (12.8 sigma away) and rounding
// adds 1/12 to the variance, so the mean must be within 4 standard errors
// (sigma/sqrt(n)) of 0 and the deviation within 4 of its own standard
// errors (about sigma/sqrt(2n)) of sqrt(sigma^2 + 1/12).
func TestNoiseStatistics(t *testing.T) {
	const sigma, grey = 10.0, 128
	imgs := map[string]image.Image{}
	g := image.NewGray(image.Rect(0, 0, 64, 48))
	for i := range g.Pix {
		g.Pix[i] = grey
	}
	imgs["gray"] = g
	rgba := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range rgba.Pix {
		rgba.Pix[i] = grey
		if i%4 == 3 {
			rgba.Pix[i] = 255
		}
	}
	imgs["rgba"] = rgba
	ycc := image.NewYCbCr(image.Rect(0, 0, 64, 48), image.YCbCrSubsampleRatio420)
	for _, p := range [][]uint8{ycc.Y, ycc.Cb, ycc.Cr} {
		for i := range p {
			p[i] = grey
		}
	}
	imgs["ycbcr420"] = ycc
	for _, name := range []string{"gray", "rgba", "ycbcr420"} {
		img := imgs[name]
		out := Noise(nil, img, sigma, rand.New(rand.NewPCG(1, 2)))
		var samples []uint8
		switch m := out.(type) {
		case *image.Gray:
			samples = m.Pix
		case *image.RGBA:
			for i, v := range m.Pix {
				if i%4 == 3 {
					if v != 255 {
						t.Fatalf("%s: alpha changed to %d", name, v)
					}
					continue
				}
				samples = append(samples, v)
			}
		case *image.YCbCr:
			samples = append(append(append(samples, m.Y...), m.Cb...), m.Cr...)
		default:
			t.Fatalf("%s: Noise returned a %T", name, out)
		}
		var sum, sq float64
		for _, v := range samples {
			d := float64(v) - grey
			sum += d
			sq += d * d
		}
		n := float64(len(samples))
		mean := sum / n
		sd := math.Sqrt(sq/n - mean*mean)
		wantSD := math.Sqrt(sigma*sigma + 1.0/12)
		t.Logf("%s: %d samples, mean %.3f (limit ±%.3f), deviation %.3f (want %.3f ± %.3f)",
			name, len(samples), mean, 4*sigma/math.Sqrt(n), sd, wantSD, 4*sigma/math.Sqrt(2*n))
		if math.Abs(mean) > 4*sigma/math.Sqrt(n) || math.Abs(sd-wantSD) > 4*sigma/math.Sqrt(2*n) {
			t.Errorf("%s: mean %.3f, deviation %.3f: not noise of deviation %g", name, mean, sd, sigma)
		}
	}
}

// TestNoiseSeeded checks that the same seed gives the same image, another
// seed another, that the input is left alone, and that sigma 0 draws
// nothing.
func TestNoiseSeeded(t *testing.T) {
	src := toYCbCr(testimg.PhotoLike(64, 48, 5), image.YCbCrSubsampleRatio420)
	before := append([]uint8(nil), src.Y...)
	a := Noise(nil, src, 5, rand.New(rand.NewPCG(7, 7))).(*image.YCbCr)
	b := Noise(nil, src, 5, rand.New(rand.NewPCG(7, 7))).(*image.YCbCr)
	c := Noise(nil, src, 5, rand.New(rand.NewPCG(8, 7))).(*image.YCbCr)
	if string(a.Y) != string(b.Y) || string(a.Cb) != string(b.Cb) || string(a.Cr) != string(b.Cr) {
		t.Error("the same seed gave different images")
	}
	if string(a.Y) == string(c.Y) {
		t.Error("two seeds gave the same image")
	}
	if string(src.Y) != string(before) {
		t.Error("Noise changed its input")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	if Noise(nil, src, 0, rng) != image.Image(src) || rng.Uint64() != rand.New(rand.NewPCG(7, 7)).Uint64() {
		t.Error("sigma 0 did not return the image without drawing")
	}
}
