package stages

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// TestRandomBoxesInRange draws many windows of RandomResizedCropBox and
// rectangles of RandomErasingBox and checks their law, as there is no
// reference image for a random draw: every one inside the image, its area
// a fraction of the image's within the scale range and its aspect within
// the ratio range, up to the rounding of the sides (a side of n pixels
// stands for a drawn length within half a pixel of n, so the area and the
// aspect may stray by that much), both ends of each range reached, and the
// aspect above 1 as often as below (log-uniform over a range symmetric in
// log, in a square image, which accepts a shape and its transpose alike),
// within 4 standard errors. Same seed, same draws.
func TestRandomBoxesInRange(t *testing.T) {
	const W, H, n = 300, 300, 20000
	type law struct {
		name         string
		scale, ratio [2]float64
		draw         func(rng *rand.Rand) (r image.Rectangle, ok bool)
		aspect       func(r image.Rectangle) float64
	}
	for _, c := range []law{
		{"RandomResizedCrop", [2]float64{0.08, 1}, [2]float64{3.0 / 4, 4.0 / 3}, func(rng *rand.Rand) (image.Rectangle, bool) {
			return RandomResizedCropBox(rng, W, H, [2]float64{0.08, 1}, [2]float64{3.0 / 4, 4.0 / 3}), true
		}, func(r image.Rectangle) float64 { return float64(r.Dx()) / float64(r.Dy()) }},
		{"RandomErasing", [2]float64{0.02, 0.33}, [2]float64{0.3, 1 / 0.3}, func(rng *rand.Rand) (image.Rectangle, bool) {
			i, j, h, w, ok := RandomErasingBox(rng, W, H, [2]float64{0.02, 0.33}, [2]float64{0.3, 1 / 0.3})
			return image.Rect(j, i, j+w, i+h), ok
		}, func(r image.Rectangle) float64 { return float64(r.Dy()) / float64(r.Dx()) }},
	} {
		rng := rand.New(rand.NewPCG(11, 12))
		minF, maxF, above, below, drawn := math.Inf(1), math.Inf(-1), 0, 0, 0
		for range n {
			r, ok := c.draw(rng)
			if !ok {
				continue
			}
			drawn++
			if !r.In(image.Rect(0, 0, W, H)) || r.Empty() {
				t.Fatalf("%s: %v is not a rectangle inside the %dx%d image", c.name, r, W, H)
			}
			// The sides before rounding lay within half a pixel.
			lo := (float64(r.Dx()) - 0.5) * (float64(r.Dy()) - 0.5) / (W * H)
			hi := (float64(r.Dx()) + 0.5) * (float64(r.Dy()) + 0.5) / (W * H)
			if hi < c.scale[0] || lo > c.scale[1] {
				t.Fatalf("%s: %v covers %.4f..%.4f of the image, outside the scale range %v", c.name, r, lo, hi, c.scale)
			}
			a := c.aspect(r)
			slack := 0.5/float64(min(r.Dx(), r.Dy())) + 0.5/float64(min(r.Dx(), r.Dy()))
			if a < c.ratio[0]*(1-slack) || a > c.ratio[1]*(1+slack) {
				t.Fatalf("%s: %v has aspect %.3f, outside the ratio range %v", c.name, r, a, c.ratio)
			}
			f := float64(r.Dx()*r.Dy()) / (W * H)
			minF, maxF = min(minF, f), max(maxF, f)
			if a > 1 {
				above++
			} else if a < 1 {
				below++
			}
		}
		share, limit := float64(above)/float64(above+below), 4*0.5/math.Sqrt(float64(above+below))
		t.Logf("%s: %d of %d draws fit; area %.3f..%.3f of the image (range %v); aspect above 1 in %.3f of those not 1 (want 0.5 ± %.3f)",
			c.name, drawn, n, minF, maxF, c.scale, share, limit)
		span := c.scale[1] - c.scale[0]
		if drawn < n*9/10 || minF > c.scale[0]+0.05*span || maxF < c.scale[1]-0.2*span {
			t.Errorf("%s: %d draws fit, areas %.3f..%.3f: the range %v is not covered", c.name, drawn, minF, maxF, c.scale)
		}
		if math.Abs(share-0.5) > limit {
			t.Errorf("%s: aspect above 1 in %.3f of the draws, want 0.5 ± %.3f (log-uniform)", c.name, share, limit)
		}
		again, _ := c.draw(rand.New(rand.NewPCG(11, 12)))
		first, _ := c.draw(rand.New(rand.NewPCG(11, 12)))
		if again != first {
			t.Errorf("%s: one seed gave %v and %v", c.name, first, again)
		}
	}
}

// TestRandomBoxesFallback checks what torchvision does when no draw fits:
// RandomResizedCrop's centre crop clipped to the ratio range, and no
// erasing; and that bad ranges draw nothing.
func TestRandomBoxesFallback(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ratio := [2]float64{3.0 / 4, 4.0 / 3}
	// A 1000x10 strip: no window of aspect 3/4..4/3 and 8% of the area
	// fits; the fallback is 13x10 (round(10*4/3)) at the centre.
	if got, want := RandomResizedCropBox(rng, 1000, 10, [2]float64{0.08, 1}, ratio), image.Rect(493, 0, 506, 10); got != want {
		t.Errorf("1000x10 strip: %v, want the centre crop %v", got, want)
	}
	if got, want := RandomResizedCropBox(rng, 10, 1000, [2]float64{0.08, 1}, ratio), image.Rect(0, 493, 10, 506); got != want {
		t.Errorf("10x1000 strip: %v, want the centre crop %v", got, want)
	}
	// In a 1x1 image only a rectangle rounded to nothing is smaller than
	// the image: torchvision erases nothing then.
	for range 50 {
		if i, j, h, w, ok := RandomErasingBox(rng, 1, 1, [2]float64{0.02, 0.33}, [2]float64{0.3, 3.3}); ok && h > 0 && w > 0 {
			t.Fatalf("1x1 image: rectangle %d, %d, %d x %d", i, j, h, w)
		}
	}
	pcg := rand.NewPCG(5, 6)
	rng = rand.New(pcg)
	for _, bad := range [][2][2]float64{
		{{0.5, 0.1}, {1, 1}}, {{math.NaN(), 1}, {1, 1}}, {{0.1, 1}, {0, 1}}, {{0.1, 1}, {2, 1}}, {{0.1, math.Inf(1)}, {1, 1}},
	} {
		state := *pcg
		if got := RandomResizedCropBox(rng, 40, 30, bad[0], bad[1]); got != image.Rect(0, 0, 40, 30) {
			t.Errorf("scale %v, ratio %v: %v, want the whole image", bad[0], bad[1], got)
		}
		if _, _, _, _, ok := RandomErasingBox(rng, 40, 30, bad[0], bad[1]); ok {
			t.Errorf("scale %v, ratio %v: RandomErasingBox drew a rectangle", bad[0], bad[1])
		}
		if *pcg != state {
			t.Errorf("scale %v, ratio %v: drew from rng", bad[0], bad[1])
		}
	}
}
