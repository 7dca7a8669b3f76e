package augment

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestParseRecipeRefuses checks that a hostile or mistaken recipe is
// refused with an error naming the line of the problem and the problem.
func TestParseRecipeRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		want       string
	}{
		{"unknown op", "ops:\n  - op: hflip\n  - op: explode\n", 3, `unknown operation "explode"`},
		{"unknown key", "ops:\n  - op: hflip\n    probability: 0.5\n", 3, `unknown key "probability" for hflip`},
		{"unknown top key", "opz: []\n", 1, `unknown key "opz"`},
		{"p = 2", "ops:\n  - op: vflip\n    p: 2\n", 3, `"p" is 2: it must be from 0 to 1`},
		{"p negative", "ops:\n  - op: vflip\n    p: -0.1\n", 3, "must be from 0 to 1"},
		{"p NaN", "ops:\n  - op: vflip\n    p: .nan\n", 3, "must be a finite number"},
		{"sigma infinite", "ops:\n  - op: gaussian_blur\n    sigma: [0.1, .inf]\n", 3, "must be a finite number"},
		{"range upside down", "ops:\n  - op: gaussian_blur\n    sigma: [2, 0.1]\n", 3, "its least value 2 is above its greatest 0.1"},
		{"negative sigma", "ops:\n  - op: gaussian_noise\n    sigma: -3\n", 3, "is -3: it must be from 0 to 255"},
		{"negative jitter", "ops:\n  - op: color_jitter\n    brightness: -0.4\n", 3, "must not be negative"},
		{"huge size", "ops:\n  - op: random_resized_crop\n    size: [1000000, 224]\n", 3, "each side must be a whole number from 1 to 65535"},
		{"fractional size", "ops:\n  - op: centre_crop\n    size: 22.5\n", 3, "whole number"},
		{"size missing", "ops:\n  - op: random_crop\n", 2, `random_crop needs "size"`},
		{"size a word", "ops:\n  - op: resize\n    size: big\n", 3, `must be a number, not "big"`},
		{"scale above 1", "ops:\n  - op: random_resized_crop\n    size: 224\n    scale: [0.08, 1.5]\n", 4, "must be from"},
		{"hue above 0.5", "ops:\n  - op: color_jitter\n    hue: 0.7\n", 3, "must be from -0.5 to 0.5"},
		{"jitter empty", "ops:\n  - op: color_jitter\n", 2, "needs at least one of"},
		{"quarter turn", "ops:\n  - op: rotate90\n    angles: [90, 45]\n", 3, "multiple of 90"},
		{"quality 0", "quality: 0\nops:\n  - op: hflip\n", 1, "from 1 to 100"},
		{"jpeg quality 101", "ops:\n  - op: jpeg_quality\n    quality: [50, 101]\n", 3, "from 1 to 100"},
		{"even kernel", "ops:\n  - op: gaussian_blur\n    sigma: 1\n    kernel: 22\n", 4, "must be odd"},
		{"fill out of range", "ops:\n  - op: rotate\n    angle: 10\n    fill: [0, 300, 0]\n", 4, "each from 0 to 255"},
		{"grayscale 2", "ops:\n  - op: grayscale\n    channels: 2\n", 3, "1 or 3"},
		{"mode", "ops:\n  - op: resize\n    size: 10\n    mode: stretch\n", 4, "must be exact or fit or fill"},
		{"duplicate key", "ops:\n  - op: hflip\n    p: 0.5\n    p: 1\n", 4, "given twice"},
		{"alias", "ops:\n  - &a {op: hflip}\n  - *a\n", 2, "anchors and aliases"},
		{"no op key", "ops:\n  - p: 0.5\n", 2, `needs an "op" key`},
		{"ops not a list", "ops: hflip\n", 1, "must be a list"},
		{"no ops", "quality: 90\n", 1, `needs a list of operations under "ops"`},
		{"empty ops", "ops: []\n", 1, "is empty"},
		{"boolean", "ops:\n  - op: rotate\n    angle: 5\n    expand: maybe\n", 4, "true or false"},
		{"not yaml", "ops: [\n", 0, "is not valid YAML or JSON"},
		{"empty", "", 0, "is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRecipe("r.yaml", []byte(tc.text))
			var re *RecipeError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *RecipeError", err)
			}
			if re.File != "r.yaml" || re.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q (line %d), want line %d and %q", err, re.Line, tc.line, tc.want)
			}
		})
	}
}

// TestParseRecipeLimits checks the limits on the recipe's size and
// number of operations.
func TestParseRecipeLimits(t *testing.T) {
	long := "ops:\n" + strings.Repeat("  - op: hflip\n", OpsLimit+1)
	if _, err := ParseRecipe("long.yaml", []byte(long)); err == nil || !strings.Contains(err.Error(), "over the limit of 1000") {
		t.Errorf("%d operations: err = %v", OpsLimit+1, err)
	}
	big := make([]byte, RecipeLimit+1)
	if _, err := ParseRecipe("big.yaml", big); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("%d bytes: err = %v", len(big), err)
	}
}

// TestParseRecipeJSON checks that a JSON recipe reads as the same recipe
// as its YAML.
func TestParseRecipeJSON(t *testing.T) {
	j, err := ParseRecipe("r.json", []byte(`{"quality": 90, "ops": [
		{"op": "random_resized_crop", "size": [224, 224], "scale": [0.08, 1], "ratio": [0.75, 1.3333333333333333]},
		{"op": "hflip", "p": 0.5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	y, err := ParseRecipe("r.yaml", []byte("quality: 90\nops:\n  - {op: random_resized_crop, size: 224}\n  - op: hflip\n    p: 0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	rj, ry := *j.ops[0].(*randomResizedCropOp), *y.ops[0].(*randomResizedCropOp)
	if rj != ry || j.ops[1].common().p != 0.5 || j.Quality != 90 {
		t.Errorf("JSON %+v, YAML %+v", rj, ry)
	}
}

// TestImagenetRecipe checks the shipped recipe reads as the issue's
// ImageNet recipe.
func TestImagenetRecipe(t *testing.T) {
	r, err := LoadRecipe(filepath.Join(testimg.RepoRoot(t), "samples", "recipes", "imagenet.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.OpNames(), " "); got != "random_resized_crop hflip color_jitter gaussian_blur" || r.Quality != 90 {
		t.Fatalf("ops %s, quality %d", got, r.Quality)
	}
	rrc := r.ops[0].(*randomResizedCropOp)
	jit := r.ops[2].(*jitterOp)
	blur := r.ops[3].(*paramOp)
	switch {
	case rrc.w != 224 || rrc.h != 224 || rrc.scale != [2]float64{0.08, 1} || rrc.ratio[0] != 0.75 || rrc.ratio[1] != 4.0/3:
		t.Errorf("random_resized_crop %+v", rrc)
	case r.ops[1].common().p != 0.5:
		t.Errorf("hflip p %g", r.ops[1].common().p)
	case jit.ranges != [4][2]float64{{0.6, 1.4}, {0.6, 1.4}, {0.6, 1.4}, {-0.1, 0.1}} || jit.set != [4]bool{true, true, true, true}:
		t.Errorf("color_jitter %+v", jit)
	case blur.p != 0.5 || blur.what != "blur":
		t.Errorf("gaussian_blur %+v", blur)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	lo, hi := 2.0, 0.0
	for range 1000 {
		for _, a := range blur.draw(rng, 224, 224, nil) {
			lo, hi = min(lo, a.Sigma), max(hi, a.Sigma)
		}
	}
	if lo < 0.1 || hi > 2 || lo > 0.2 || hi < 1.9 {
		t.Errorf("gaussian_blur's sigma drawn from %g to %g, want 0.1 to 2", lo, hi)
	}
}

// TestConfigVariants checks the settings of variants a Config refuses.
func TestConfigVariants(t *testing.T) {
	r, err := ParseRecipe("r.yaml", []byte("ops:\n  - op: hflip\n    p: 0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	huge, err := ParseRecipe("huge.yaml", []byte("ops:\n  - op: resize\n    size: 65535\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"over the limit", func(c *Config) { c.Recipe, c.Variants = r, VariantsLimit+1 }, "Variants"},
		{"negative", func(c *Config) { c.Recipe, c.Variants = r, -1 }, "Variants"},
		{"no recipe", func(c *Config) { c.Variants = 2 }, "Variants"},
		{"no {variant}", func(c *Config) { c.Recipe, c.Variants, c.Name = r, 2, "{dir}/{stem}.jpg" }, "Name"},
		{"empty recipe", func(c *Config) { c.Recipe = &Recipe{} }, "Recipe"},
		{"outputs over MaxPixels", func(c *Config) { c.Recipe = huge }, "Recipe"},
		{"step named as an op", func(c *Config) { c.Recipe, c.Steps = r, []Step{{Name: "hflip", Apply: noStep}} }, "Steps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.edit(&c)
			var ce *ConfigError
			if err := c.Validate(); !errors.As(err, &ce) || ce.Field != tc.field {
				t.Errorf("Validate() = %v, want a *ConfigError on %s", err, tc.field)
			}
		})
	}
	c := DefaultConfig()
	c.Recipe, c.Variants = r, VariantsLimit
	if err := c.Validate(); err != nil {
		t.Errorf("%d variants: %v", VariantsLimit, err)
	}
	if got := c.resolved().Name; got != DefaultVariantName {
		t.Errorf("name with variants %q, want %q", got, DefaultVariantName)
	}
}

func noStep(context.Context, *Frame) error { return nil }
