package augment

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestValidateBounds checks that every numeric setting is refused, as a
// *ConfigError naming its field, when it is not a number, infinite,
// negative or past its documented limit, and accepted at its limit.
func TestValidateBounds(t *testing.T) {
	cases := []struct {
		name  string
		set   func(c *Config)
		field string // "": valid
	}{
		{"blur NaN", func(c *Config) { c.Sigma = math.NaN() }, "Sigma"},
		{"blur +Inf", func(c *Config) { c.Sigma = math.Inf(1) }, "Sigma"},
		{"blur -Inf", func(c *Config) { c.Sigma = math.Inf(-1) }, "Sigma"},
		{"blur 1e17", func(c *Config) { c.Sigma = 1e17 }, "Sigma"},
		{"blur past the limit", func(c *Config) { c.Sigma = math.Nextafter(SigmaLimit, math.Inf(1)) }, "Sigma"},
		{"blur at the limit", func(c *Config) { c.Sigma = SigmaLimit }, ""},
		{"blur off", func(c *Config) { c.Sigma = 0 }, ""},
		{"box past the limit", func(c *Config) { c.MaxSize = SideLimit + 1 }, "MaxSize"},
		{"box at the limit", func(c *Config) { c.MaxSize = SideLimit }, ""},
		{"box negative", func(c *Config) { c.MaxSize = -1 }, "MaxSize"},
		{"pixel limit past the limit", func(c *Config) { c.MaxPixels = PixelsLimit + 1 }, "MaxPixels"},
		{"pixel limit at the limit", func(c *Config) { c.MaxPixels = PixelsLimit }, ""},
		{"pixel limit negative", func(c *Config) { c.MaxPixels = math.MinInt64 }, "MaxPixels"},
		{"fail on none", func(c *Config) { c.FailOn = FailOnNone }, ""},
		{"fail on unset: error", func(c *Config) { c.FailOn = "" }, ""},
		{"quality negative", func(c *Config) { c.Quality = -75 }, "Quality"},
		{"readers 0", func(c *Config) { c.Readers = 0 }, "Readers"},
		{"readers past the limit", func(c *Config) { c.Readers = GoroutinesLimit + 1 }, "Readers"},
		{"workers negative", func(c *Config) { c.Workers = -4 }, "Workers"},
		{"workers past the limit", func(c *Config) { c.Workers = math.MaxInt }, "Workers"},
		{"workers at the limit", func(c *Config) { c.Workers = GoroutinesLimit }, ""},
		{"writers past the limit", func(c *Config) { c.Writers = GoroutinesLimit + 1 }, "Writers"},
		{"buffer negative", func(c *Config) { c.Buffer = -1 }, "Buffer"},
		{"buffer past the limit", func(c *Config) { c.Buffer = math.MaxInt }, "Buffer"},
		{"buffer at the limit", func(c *Config) { c.Buffer = BufferLimit }, ""},
		{"buffer 0", func(c *Config) { c.Buffer = 0 }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.set(&c)
			err := c.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tc.field {
				t.Fatalf("Validate: %v, want a *ConfigError on %s", err, tc.field)
			}
			if !strings.Contains(ce.Reason, "must be from ") {
				t.Errorf("reason %q does not give the range", ce.Reason)
			}
		})
	}
}

// TestBlurAtTheLimit runs the widest blur Validate accepts, in both orders,
// on a small image: it completes (the blur's arithmetic holds) and gives
// an image of the thumbnail's size.
func TestBlurAtTheLimit(t *testing.T) {
	for _, order := range []string{OrderFitFirst, OrderBlurFirst} {
		t.Run(order, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Sigma, cfg.MaxSize, cfg.Order = SigmaLimit, 16, order
			p, err := NewProcessor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, rec, err := p.Process(context.Background(), photoJPEG(t, 40, 30))
			if err != nil || rec.OutWidth != 16 || rec.OutHeight != 12 {
				t.Fatalf("Process: %v, %dx%d; want 16x12", err, rec.OutWidth, rec.OutHeight)
			}
		})
	}
}

// TestValidateSubsampling checks the subsamplings Validate accepts, and
// that it names the setting and the values allowed otherwise.
func TestValidateSubsampling(t *testing.T) {
	for _, tc := range []struct {
		value string
		ok    bool
	}{{"", true}, {Subsampling420, true}, {Subsampling444, true}, {"422", false}, {"4:4:4", false}} {
		c := DefaultConfig()
		c.Subsampling = tc.value
		err := c.Validate()
		var ce *ConfigError
		switch {
		case tc.ok && err != nil:
			t.Errorf("%q: Validate: %v, want nil", tc.value, err)
		case !tc.ok && (!errors.As(err, &ce) || ce.Field != "Subsampling" || !strings.Contains(ce.Reason, "420 or 444")):
			t.Errorf("%q: Validate: %v, want a *ConfigError on Subsampling naming 420 and 444", tc.value, err)
		}
	}
}
