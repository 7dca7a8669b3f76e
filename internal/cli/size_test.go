package cli

import (
	"testing"

	"github.com/augpipe/augpipe/augment"
)

func TestSizeFlag(t *testing.T) {
	cases := []struct {
		in      string
		w, h    int
		str     string
		invalid bool
	}{
		{in: "800x600", w: 800, h: 600, str: "800x600"},
		{in: "800X600", w: 800, h: 600, str: "800x600"},
		{in: "800x", w: 800, str: "800x"},
		{in: "x600", h: 600, str: "x600"},
		{in: "640", w: 640, h: 640, str: "640x640"},
		{in: "65535x1", w: 65535, h: 1, str: "65535x1"},
		{in: "", invalid: true},
		{in: "x", invalid: true},
		{in: "0x600", invalid: true},
		{in: "65536", invalid: true},
		{in: "-1x5", invalid: true},
		{in: "8x6x4", invalid: true},
		{in: " 8x6", invalid: true},
		{in: "1.5x2", invalid: true},
		{in: "99999999999999999999x1", invalid: true},
	}
	for _, c := range cases {
		w, h := 7, 9 // unchanged by a value refused
		f := SizeFlag{&w, &h}
		err := f.Set(c.in)
		if c.invalid {
			if err == nil || w != 7 || h != 9 {
				t.Errorf("Set(%q): %v, %dx%d; want an error and no change", c.in, err, w, h)
			}
			continue
		}
		if err != nil || w != c.w || h != c.h || f.String() != c.str {
			t.Errorf("Set(%q): %v, %dx%d %q; want %dx%d %q", c.in, err, w, h, f.String(), c.w, c.h, c.str)
		}
	}
	if s := (SizeFlag{}).String(); s != "" {
		t.Errorf("the zero SizeFlag says %q, want \"\"", s)
	}
}

func TestBoxWords(t *testing.T) {
	c := augment.DefaultConfig()
	cases := []struct {
		change func(*augment.Config)
		want   string
	}{
		{func(*augment.Config) {}, "1200"},
		{func(c *augment.Config) { c.Crop = augment.CropNone }, "1200"},
		{func(c *augment.Config) { c.Width, c.Height = 800, 600 }, "800x600"},
		{func(c *augment.Config) { c.Width = 800 }, "800x"},
		{func(c *augment.Config) { c.Height, c.Upscale = 600, true }, "x600, upscale"},
		{func(c *augment.Config) { c.Width, c.Height, c.Crop = 300, 300, augment.CropAttention }, "300x300, crop attention"},
	}
	for _, tc := range cases {
		cfg := c
		tc.change(&cfg)
		if got := boxWords(cfg); got != tc.want {
			t.Errorf("boxWords = %q, want %q", got, tc.want)
		}
	}
}
