package augment

import (
	"math"
	"math/rand/v2"
	"testing"
)

// drawsOf parses a recipe of one operation and returns it.
func drawsOf(t *testing.T, text string) recipeOp {
	t.Helper()
	return mustRecipe(t, text).ops[0]
}

// TestRandomResizedCropDraws checks torchvision's get_params: every crop
// lies in the image; a crop from an attempt has an area within scale and
// an aspect ratio within ratio, up to the rounding of its sides; and an
// image no attempt fits gets the centre crop of the nearest ratio.
func TestRandomResizedCropDraws(t *testing.T) {
	op := drawsOf(t, "ops:\n  - {op: random_resized_crop, size: [32, 24], scale: [0.08, 1], ratio: [0.75, 1.3333]}\n")
	rng := rand.New(rand.NewPCG(1, 2))
	const w, h = 640, 480
	for range 2000 {
		a := op.draw(rng, w, h, nil)[0]
		if a.Do != "resized_crop" || a.Width != 32 || a.Height != 24 {
			t.Fatalf("drew %+v", a)
		}
		if a.X < 0 || a.Y < 0 || a.X+a.W > w || a.Y+a.H > h || a.W < 1 || a.H < 1 {
			t.Fatalf("crop %+v outside %dx%d", a, w, h)
		}
		if a.W == w && a.H == h {
			continue // the fallback (the image's own ratio is within range)
		}
		checkRect(t, a, w, h, a.W/a.H, [2]float64{0.08, 1}, [2]float64{0.75, 1.3333})
	}
	// 100x1000: no crop of ratio 2..3 and 90% of the area fits; the
	// fallback is the centre crop of ratio 2, 100x50.
	tall := drawsOf(t, "ops:\n  - {op: random_resized_crop, size: 16, scale: [0.9, 1], ratio: [2, 3]}\n")
	a := tall.draw(rng, 100, 1000, nil)[0]
	if a.X != 0 || a.Y != 475 || a.W != 100 || a.H != 50 {
		t.Errorf("fallback crop %+v, want 100x50 at (0, 475)", a)
	}
}

// checkRect checks that a's rectangle has an area (a fraction of w x h)
// within scale and a ratio (as the operation defines it) within ratio, up
// to the rounding of its sides to whole pixels: half a pixel changes the
// area by about half the other side, and the ratio by half a pixel over
// the side.
func checkRect(t *testing.T, a AppliedOp, w, h int, r float64, scale, ratio [2]float64) {
	t.Helper()
	area := a.W * a.H / float64(w*h)
	areaTol := (a.W + a.H) / 2 / float64(w*h)
	ratioTol := 0.5/a.W + 0.5/a.H
	if area < scale[0]-areaTol || area > scale[1]+areaTol {
		t.Errorf("%+v: area %.4f of the image, outside %v", a, area, scale)
	}
	if r < ratio[0]*(1-ratioTol) || r > ratio[1]*(1+ratioTol) {
		t.Errorf("%+v: ratio %.4f outside %v", a, r, ratio)
	}
}

// TestRandomErasingDraws checks RandomErasing's get_params: the erased
// rectangle lies strictly inside the image, with an area within scale
// and a ratio (height over width) within ratio, up to rounding; and p is
// the share of variants erased.
func TestRandomErasingDraws(t *testing.T) {
	op := drawsOf(t, "ops:\n  - {op: random_erasing, p: 0.5, scale: [0.02, 0.33], ratio: [0.3, 3.3]}\n")
	rng := rand.New(rand.NewPCG(3, 4))
	const w, h, n = 400, 300, 4000
	erased := 0
	for range n {
		ops := op.draw(rng, w, h, nil)
		if len(ops) == 0 {
			continue
		}
		erased++
		a := ops[0]
		if a.X < 0 || a.Y < 0 || a.X+a.W > w || a.Y+a.H > h || a.W >= w || a.H >= h {
			t.Fatalf("erased %+v outside %dx%d", a, w, h)
		}
		checkRect(t, a, w, h, a.H/a.W, [2]float64{0.02, 0.33}, [2]float64{0.3, 3.3})
	}
	// Binomial(4000, 0.5): standard deviation about 32; 5 of them.
	if math.Abs(float64(erased)-n/2) > 160 {
		t.Errorf("%d of %d erased with p 0.5", erased, n)
	}
}

// TestColorJitterDraws checks ColorJitter: each factor within its range,
// and the four adjustments in every order.
func TestColorJitterDraws(t *testing.T) {
	op := drawsOf(t, "ops:\n  - {op: color_jitter, brightness: 0.4, contrast: [0.5, 0.9], saturation: 0.4, hue: 0.1}\n")
	want := map[string][2]float64{"brightness": {0.6, 1.4}, "contrast": {0.5, 0.9}, "saturation": {0.6, 1.4}, "hue": {-0.1, 0.1}}
	rng := rand.New(rand.NewPCG(5, 6))
	orders := make(map[string]int)
	for range 2000 {
		ops := op.draw(rng, 10, 10, nil)
		if len(ops) != 4 {
			t.Fatalf("drew %+v, want the four adjustments", ops)
		}
		order := ""
		for _, a := range ops {
			r := want[a.Do]
			if a.Op != "color_jitter" || a.Factor < r[0] || a.Factor > r[1] {
				t.Fatalf("drew %+v, want a factor in %v", a, r)
			}
			order += a.Do[:1]
		}
		orders[order]++
	}
	if len(orders) != 24 {
		t.Errorf("%d orders drawn of 24: %v", len(orders), orders)
	}
}

// TestProbability checks that an operation of p 0 never applies, one of
// p 1 always does, and that an operation not applied draws nothing but its
// Bernoulli, so that the next operation's draws are the same whatever
// the parameters of the skipped one would have been.
func TestProbability(t *testing.T) {
	never := drawsOf(t, "ops:\n  - {op: gaussian_blur, sigma: [1, 2], p: 0}\n")
	always := drawsOf(t, "ops:\n  - {op: gaussian_blur, sigma: [1, 2]}\n")
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100 {
		if len(never.draw(rng, 10, 10, nil)) != 0 || len(always.draw(rng, 10, 10, nil)) != 1 {
			t.Fatal("p 0 applied, or p 1 did not")
		}
	}
	a, b := rand.New(rand.NewPCG(9, 9)), rand.New(rand.NewPCG(9, 9))
	never.draw(a, 10, 10, nil)
	b.Float64()
	if a.Uint64() != b.Uint64() {
		t.Error("an operation not applied drew more than its Bernoulli")
	}
}

// TestDecodeScale checks that a JPEG is decoded at reduced scale only when
// the recipe begins (but for flips) with a resize applied always, and only
// as far as the smallest region it can take keeps a pixel per output pixel,
// whichever way up the image is.
func TestDecodeScale(t *testing.T) {
	for _, tc := range []struct {
		name, recipe string
		w, h, want   int
	}{
		// 0.08 of 4000x3000 at ratio 3/4 is 848 pixels across: 3.8 times 224.
		{"imagenet", "ops:\n  - {op: random_resized_crop, size: 224}\n", 4000, 3000, 2},
		{"imagenet small", "ops:\n  - {op: random_resized_crop, size: 224}\n", 1600, 1200, 1},
		{"after flips", "ops:\n  - {op: hflip, p: 0.5}\n  - {op: vflip}\n  - {op: resize, size: 100, mode: fit}\n", 1600, 1200, 8},
		{"fill", "ops:\n  - {op: resize, size: [400, 100], mode: fill}\n", 1600, 1200, 2},
		// 1600x1200 to 400x100 could be 1/4, but turned upright by its EXIF
		// orientation it would be 1200 across: 1/2.
		{"exact", "ops:\n  - {op: resize, size: [400, 100]}\n", 1600, 1200, 2},
		{"crop first", "ops:\n  - {op: centre_crop, size: 100}\n  - {op: resize, size: 10}\n", 1600, 1200, 1},
		{"jitter first", "ops:\n  - {op: color_jitter, hue: 0.1}\n  - {op: resize, size: 10}\n", 1600, 1200, 1},
		{"resize sometimes", "ops:\n  - {op: resize, size: 10, p: 0.9}\n", 1600, 1200, 1},
		// The whole of 4000x1000 would allow 1/8; turned, the fallback
		// crop of 1000x4000 is 1000x250, which allows 1/4.
		{"either way up", "ops:\n  - {op: random_resized_crop, size: [200, 50], scale: [1, 1], ratio: [4, 4]}\n", 4000, 1000, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mustRecipe(t, tc.recipe).decodeScale(tc.w, tc.h); got != tc.want {
				t.Errorf("decodeScale(%d, %d) = %d, want %d", tc.w, tc.h, got, tc.want)
			}
		})
	}
}

// TestVariantSeed checks that the seed, the relative path and the variant
// each change the stream, and nothing else does.
func TestVariantSeed(t *testing.T) {
	a1, a2 := VariantSeed(1, "a/b.jpg", 3)
	if b1, b2 := VariantSeed(1, "a/b.jpg", 3); a1 != b1 || a2 != b2 {
		t.Fatal("the same seed, path and variant give two streams")
	}
	for _, other := range [][2]uint64{
		pair(VariantSeed(2, "a/b.jpg", 3)), pair(VariantSeed(1, "a/c.jpg", 3)), pair(VariantSeed(1, "a/b.jpg", 4)),
		pair(VariantSeed(1, "a/b.jpg3", 0)),
	} {
		if other == [2]uint64{a1, a2} {
			t.Errorf("another seed, path or variant gives the same stream")
		}
	}
}

func pair(a, b uint64) [2]uint64 { return [2]uint64{a, b} }
