package augment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png"
	"strings"
	"testing"
	"time"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/stages"
)

// TestNewProcessorValidates checks that a Processor refuses settings it
// cannot use, naming the field, instead of writing something (the zero
// Config used to give a full-size output).
func TestNewProcessorValidates(t *testing.T) {
	def := DefaultConfig()
	cases := []struct {
		name  string
		cfg   func(c *Config)
		field string
	}{
		{"zero config", func(c *Config) { *c = Config{} }, "Order"},
		{"NaN blur", func(c *Config) { c.Sigma = nan() }, "Sigma"},
		{"negative blur", func(c *Config) { c.Sigma = -1 }, "Sigma"},
		{"no box", func(c *Config) { c.MaxSize = 0 }, "MaxSize"},
		{"huge box", func(c *Config) { c.MaxSize = 1 << 40 }, "MaxSize"},
		{"negative width", func(c *Config) { c.Width = -1 }, "Width"},
		{"huge height", func(c *Config) { c.Width, c.Height = 100, 65536 }, "Height"},
		{"unknown crop", func(c *Config) { c.Crop = "center" }, "Crop"},
		{"crop with a free side", func(c *Config) { c.Width, c.Crop = 300, CropCentre }, "Crop"},
		{"quality 101", func(c *Config) { c.Quality = 101 }, "Quality"},
		{"no pixel limit", func(c *Config) { c.MaxPixels = 0 }, "MaxPixels"},
		{"unnamed step", func(c *Config) { c.Steps = []Step{{Apply: noop}} }, "Steps"},
		{"step without Apply", func(c *Config) { c.Steps = []Step{{Name: "x"}} }, "Steps"},
		{"step named like a built-in", func(c *Config) { c.Steps = []Step{{Name: StepBlur, Apply: noop}} }, "Steps"},
		{"two steps of one name", func(c *Config) { c.Steps = []Step{{Name: "x", Apply: noop}, {Name: "x", Apply: noop}} }, "Steps"},
		{"unknown format", func(c *Config) { c.Format = "webp" }, "Format"},
		{"no format for the name's extension", func(c *Config) { c.Name = "{stem}.webp" }, "Format"},
		{"bad name", func(c *Config) { c.Name = "{stem}.{nope}.jpg" }, "Name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := def
			tc.cfg(&cfg)
			p, err := NewProcessor(cfg)
			var ce *ConfigError
			if p != nil || !errors.As(err, &ce) || ce.Field != tc.field {
				t.Fatalf("NewProcessor: %v, %v; want a *ConfigError naming %s", p, err, tc.field)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("error %q names a command-line flag", err)
			}
		})
	}
	if _, err := NewProcessor(def); err != nil {
		t.Errorf("NewProcessor(DefaultConfig()): %v", err)
	}
}

func noop(context.Context, *Frame) error { return nil }

func nan() float64 { z := 0.0; return z / z }

// TestProcessBytes runs encoded bytes through a Processor: the output is a
// JPEG of the thumbnail's size, the record tells the decoder, the scale,
// the sizes and the time of each step, and the same Processor gives the
// same bytes for the same input on a later call (its memory reused).
func TestProcessBytes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSize, cfg.Sigma = 100, 3
	p, err := NewProcessor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	big := photoJPEG(t, 900, 600)
	small := testimg.EncodePNG(t, testimg.PhotoLike(60, 90, 2))
	first, rec, err := p.Process(context.Background(), big)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != StatusEncoded || rec.Format != "jpeg" || rec.Decoder != "jpegdec 1/8" || rec.Scale != 8 {
		t.Errorf("record %+v: want encoded, jpeg, decoded by jpegdec at 1/8 (113 px still cover the 100 px box)", rec)
	}
	if rec.Width != 900 || rec.Height != 600 || rec.OutWidth != 100 || rec.OutHeight != 67 {
		t.Errorf("sizes %dx%d -> %dx%d, want 900x600 -> 100x67", rec.Width, rec.Height, rec.OutWidth, rec.OutHeight)
	}
	if rec.BytesIn != int64(len(big)) || rec.BytesOut != int64(len(first)) {
		t.Errorf("bytes in %d out %d, want %d and %d", rec.BytesIn, rec.BytesOut, len(big), len(first))
	}
	for _, step := range []string{StepDecode, StepThumbnail, StepBlur, StepEncode} {
		if rec.Steps.Get(step) <= 0 {
			t.Errorf("no time recorded for %s: %v", step, rec.Steps)
		}
	}
	if rec.Steps.Get(StepRead) != 0 || rec.Steps.Get(StepWrite) != 0 {
		t.Errorf("Process read or wrote: %v", rec.Steps)
	}
	img, err := jpeg.Decode(bytes.NewReader(first))
	if err != nil || img.Bounds().Dx() != 100 || img.Bounds().Dy() != 67 {
		t.Fatalf("output: %v, %v; want a 100x67 JPEG", err, img)
	}
	// Another image in between, then the first again: the same bytes.
	if _, rec, err := p.Process(context.Background(), small); err != nil || rec.Decoder != "pngdec" || rec.OutWidth != 60 {
		t.Fatalf("PNG: %v, %+v", err, rec)
	}
	again, _, err := p.Process(context.Background(), big)
	if err != nil || !bytes.Equal(first, again) {
		t.Errorf("the same input through the same Processor gave different bytes (err %v)", err)
	}
}

// TestProcessImage runs an image.Image through a Processor: it is taken as
// upright and thumbnailed like a decoded one.
func TestProcessImage(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSize = 50
	p, err := NewProcessor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out, rec, err := p.ProcessImage(context.Background(), testimg.PhotoLike(200, 100, 3))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Width != 200 || rec.OutWidth != 50 || rec.OutHeight != 25 || rec.Steps.Get(StepDecode) != 0 {
		t.Errorf("record %+v", rec)
	}
	if img, err := jpeg.Decode(bytes.NewReader(out)); err != nil || img.Bounds().Dx() != 50 {
		t.Errorf("output: %v", err)
	}
}

// TestProcessErrors checks that a failed input's error, returned and in
// the record, is a *StepError naming the step and matching its kind.
func TestProcessErrors(t *testing.T) {
	good := photoJPEG(t, 64, 48)
	cfg := DefaultConfig()
	cfg.MaxPixels = 1000
	cases := []struct {
		name string
		data []byte
		kind error
	}{
		{"too many pixels", good, ErrTooLarge},
		{"truncated", good[:len(good)/2], ErrCorrupt},
		{"not an image", []byte("hello, world"), ErrUnsupported},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.kind != ErrTooLarge {
				c.MaxPixels = DefaultConfig().MaxPixels
			}
			p, err := NewProcessor(c)
			if err != nil {
				t.Fatal(err)
			}
			out, rec, err := p.Process(context.Background(), tc.data)
			var se *StepError
			if out != nil || !errors.As(err, &se) || se.Step != StepDecode || !errors.Is(err, tc.kind) {
				t.Fatalf("Process: %d bytes, %v; want a decode *StepError matching %v", len(out), err, tc.kind)
			}
			if rec.Status != StatusFailed || rec.Err != err {
				t.Errorf("record: status %q, error %v; want failed with the error returned", rec.Status, rec.Err)
			}
			for _, other := range []error{ErrTooLarge, ErrCorrupt, ErrUnsupported} {
				if other != tc.kind && errors.Is(err, other) {
					t.Errorf("%v also matches %v", err, other)
				}
			}
		})
	}
}

// TestCallerSteps adds steps of the caller's to the chain: they run in
// order on the upright thumbnail with the worker's scratch, are timed and
// named in the record, and a failing one fails the input with its name.
func TestCallerSteps(t *testing.T) {
	var seen []string
	invert := Step{Name: "invert", Apply: func(_ context.Context, f *Frame) error {
		seen = append(seen, "invert")
		if f.Scratch == nil || f.Record == nil || f.Record.Width != 48 {
			t.Errorf("frame lacks its scratch or record: %+v", f)
		}
		b := f.Image.Bounds()
		if b.Dx() != 24 || b.Dy() != 32 {
			t.Errorf("the step got a %dx%d image, want the upright 24x32 thumbnail", b.Dx(), b.Dy())
		}
		m := image.NewRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := f.Image.At(x, y).RGBA()
				m.Set(x, y, color.RGBA{255 - uint8(r>>8), 255 - uint8(g>>8), 255 - uint8(bl>>8), 255})
			}
		}
		time.Sleep(time.Millisecond) // so that its time is seen to be recorded
		f.Image = m
		return nil
	}}
	sharpen := Step{Name: "blur-again", Apply: func(_ context.Context, f *Frame) error {
		seen = append(seen, "blur-again")
		f.Image = stages.Blur(f.Scratch, f.Image, 1)
		return nil
	}}
	cfg := DefaultConfig()
	cfg.MaxSize, cfg.Sigma = 32, 0
	cfg.Steps = []Step{invert, sharpen}
	p, err := NewProcessor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	oriented := testimg.Testdata(t, "quad-orient6.jpg") // 64x48 stored, 48x64 upright
	out, rec, err := p.Process(context.Background(), oriented)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, ",") != "invert,blur-again" {
		t.Errorf("steps ran as %v", seen)
	}
	if rec.Steps.Get("invert") < time.Millisecond || rec.Steps.Get("blur-again") <= 0 {
		t.Errorf("the caller's steps are not timed: %v", rec.Steps)
	}
	var order []string
	for _, s := range rec.Steps {
		order = append(order, s.Step)
	}
	if got := strings.Join(order, " "); got != "decode thumbnail blur invert blur-again encode" {
		t.Errorf("steps recorded in the order %q", got)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// quad-orient6 upright has red top right: inverted it is cyan.
	if r, g, b, _ := img.At(18, 4).RGBA(); r>>8 > 60 || g>>8 < 190 || b>>8 < 190 {
		t.Errorf("top right is (%d,%d,%d), want about cyan: the step's image was not encoded", r>>8, g>>8, b>>8)
	}
	names := cfg.StepNames()
	if got := strings.Join(names, " "); got != "read decode blur thumbnail invert blur-again encode write" {
		t.Errorf("StepNames = %q", got)
	}

	boom := errors.New("no faces found")
	cfg.Steps = []Step{{Name: "detect", Apply: func(context.Context, *Frame) error { return boom }}}
	p, _ = NewProcessor(cfg)
	_, rec, err = p.Process(context.Background(), oriented)
	var se *StepError
	if !errors.As(err, &se) || se.Step != "detect" || !errors.Is(err, boom) || rec.Status != StatusFailed {
		t.Errorf("failing step: %v, status %q; want a *StepError of detect wrapping its error", err, rec.Status)
	}
	if err.Error() != "detect: no faces found" {
		t.Errorf("error text %q", err)
	}
}

// TestProcessCancelled checks that a cancelled context stops a Processor
// between steps with ctx's error and a cancelled record, not a failure,
// whether a step returns nil or ctx's error once it sees the cancellation.
func TestProcessCancelled(t *testing.T) {
	for _, ret := range []string{"nil", "ctx.Err()"} {
		t.Run(ret, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cfg := DefaultConfig()
			cfg.Steps = []Step{{Name: "cancel", Apply: func(ctx context.Context, _ *Frame) error {
				cancel()
				if ret == "nil" {
					return nil
				}
				return fmt.Errorf("gave up: %w", ctx.Err())
			}}}
			p, err := NewProcessor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			out, rec, err := p.Process(ctx, photoJPEG(t, 64, 48))
			if out != nil || !errors.Is(err, context.Canceled) || rec.Status != StatusCancelled || rec.Err != nil {
				t.Errorf("Process after cancel: %d bytes, %v, status %q, record error %v", len(out), err, rec.Status, rec.Err)
			}
			if rec.Steps.Get(StepEncode) != 0 {
				t.Error("encoded after the context was cancelled")
			}
		})
	}
}

// TestProcessFormats checks each output format: the format by Config.Format
// or else by the name's extension; transparency kept in a PNG and
// flattened onto white in a JPEG; the input's ICC profile carried in both.
func TestProcessFormats(t *testing.T) {
	// Opaque red on the left, fully transparent on the right.
	src := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			a := uint8(255)
			if x >= 20 {
				a = 0
			}
			src.SetNRGBA(x, y, color.NRGBA{200, 30, 30, a})
		}
	}
	alpha := testimg.EncodePNG(t, src)
	icc := testimg.Testdata(t, "quad-icc.jpg")
	cases := []struct {
		name       string
		cfg        func(*Config)
		in         []byte
		png        bool // the output is a PNG, else a JPEG
		clear      bool // the right half is transparent, else white
		iccp, app2 bool // the profile is in an iCCP chunk / an APP2 segment
	}{
		{"JPEG by default, flattened", func(*Config) {}, alpha, false, false, false, false},
		{"PNG keeps alpha", func(c *Config) { c.Format = FormatPNG }, alpha, true, true, false, false},
		{"PNG by the name", func(c *Config) { c.Name = "{dir}/{stem}.PNG" }, alpha, true, true, false, false},
		{"JPEG by the format, whatever the name", func(c *Config) { c.Name, c.Format = "{stem}.png", FormatJPEG }, alpha, false, false, false, false},
		{"PNG carries the ICC profile", func(c *Config) { c.Format = FormatPNG }, icc, true, false, true, false},
		{"JPEG carries the ICC profile", func(*Config) {}, icc, false, false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Sigma = 0
			c.cfg(&cfg)
			p, err := NewProcessor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := p.Process(context.Background(), c.in)
			if err != nil {
				t.Fatal(err)
			}
			if isPNG := bytes.HasPrefix(out, []byte("\x89PNG")); isPNG != c.png {
				t.Fatalf("output is a PNG: %v, want %v", isPNG, c.png)
			}
			img, _, err := image.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if c.in[0] == 0x89 { // the alpha image
				_, _, _, a := img.At(35, 10).RGBA()
				r, g, b, _ := img.At(35, 10).RGBA()
				if clear := a == 0; clear != c.clear {
					t.Errorf("right half transparent: %v, want %v", clear, c.clear)
				}
				if !c.clear && (r>>8 < 250 || g>>8 < 250 || b>>8 < 250) {
					t.Errorf("right half (%d,%d,%d), want white", r>>8, g>>8, b>>8)
				}
				if r, _, _, a := img.At(5, 10).RGBA(); a>>8 != 255 || r>>8 < 190 {
					t.Errorf("left half: red %d alpha %d, want opaque red", r>>8, a>>8)
				}
			}
			if got := bytes.Contains(out, []byte("iCCP")); got != c.iccp {
				t.Errorf("iCCP chunk: %v, want %v", got, c.iccp)
			}
			if got := bytes.Contains(out, []byte("ICC_PROFILE\x00")); got != c.app2 {
				t.Errorf("APP2 ICC_PROFILE: %v, want %v", got, c.app2)
			}
		})
	}
}
