package augment

import (
	"context"
	"encoding/binary"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/stages"
)

// withOrientation returns a JPEG file with an EXIF APP1 segment holding
// orientation o (a little-endian TIFF structure of one entry) after its
// SOI.
func withOrientation(jpg []byte, o int) []byte {
	tiff := []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// TestOutputSizes checks the size of the output for each way of sizing:
// the square box, a box of two sides or one, enlarging, and crops, in the
// upright frame of a photo stored turned.
func TestOutputSizes(t *testing.T) {
	landscape := photoJPEG(t, 900, 600)
	portrait := withOrientation(landscape, 6) // upright 600x900
	small := testimg.EncodeJPEG(t, testimg.PhotoLike(200, 150, 3), 90)
	cases := []struct {
		name  string
		data  []byte
		cfg   func(c *Config)
		w, h  int
		scale int
	}{
		{"square box", landscape, func(c *Config) { c.MaxSize = 300 }, 300, 200, 2},
		{"box of two sides", landscape, func(c *Config) { c.Width, c.Height = 300, 100 }, 150, 100, 4},
		{"width only", landscape, func(c *Config) { c.Width = 450 }, 450, 300, 2},
		{"height only", landscape, func(c *Config) { c.Height = 75 }, 112, 75, 8}, // 112.5: Pillow's tie goes down
		{"height only, turned", portrait, func(c *Config) { c.Height = 300 }, 200, 300, 2},
		{"box, turned", portrait, func(c *Config) { c.Width, c.Height = 300, 100 }, 67, 100, 8},
		{"small: never enlarged", small, func(c *Config) { c.Width, c.Height = 400, 400 }, 200, 150, 1},
		{"small, upscale", small, func(c *Config) { c.Width, c.Height, c.Upscale = 400, 400, true }, 400, 300, 1},
		{"small, upscale, width only", small, func(c *Config) { c.Width, c.Upscale = 500, true }, 500, 375, 1},
		{"crop centre", landscape, func(c *Config) { c.Width, c.Height, c.Crop = 200, 200, CropCentre }, 200, 200, 2},
		{"crop centre in the square box", landscape, func(c *Config) { c.MaxSize, c.Crop = 100, CropCentre }, 100, 100, 4},
		{"crop attention, wide", landscape, func(c *Config) { c.Width, c.Height, c.Crop = 300, 50, CropAttention }, 300, 50, 2},
		{"crop attention, turned", portrait, func(c *Config) { c.Width, c.Height, c.Crop = 300, 100, CropAttention }, 300, 100, 2},
		{"crop, too small", small, func(c *Config) { c.Width, c.Height, c.Crop = 300, 100, CropCentre }, 200, 100, 1},
		{"crop, too small, upscale", small, func(c *Config) { c.Width, c.Height, c.Crop, c.Upscale = 300, 100, CropCentre, true }, 300, 100, 1},
		{"crop, blur first", landscape, func(c *Config) { c.Width, c.Height, c.Crop, c.Order = 200, 200, CropAttention, OrderBlurFirst }, 200, 200, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Sigma = 4
			tc.cfg(&cfg)
			_, out, rec := processWith(t, cfg, tc.data)
			b := decodeBytes(t, out).Bounds()
			if b.Dx() != tc.w || b.Dy() != tc.h || rec.OutWidth != tc.w || rec.OutHeight != tc.h {
				t.Errorf("output %v (record %dx%d), want %dx%d", b.Size(), rec.OutWidth, rec.OutHeight, tc.w, tc.h)
			}
			if rec.Scale != tc.scale {
				t.Errorf("decoded at 1/%d, want 1/%d", rec.Scale, tc.scale)
			}
		})
	}
}

// processWith makes a Processor for cfg and runs data through it, failing
// the test on any error.
func processWith(t *testing.T, cfg Config, data []byte) (*Processor, []byte, Record) {
	t.Helper()
	p, err := NewProcessor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out, rec, err := p.Process(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	return p, out, rec
}

func decodeBytes(t *testing.T, data []byte) image.Image {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.jpg")
	testimg.WriteFile(t, path, data)
	return testimg.DecodeFile(t, path)
}

// TestCropUpright checks that a crop is taken in the upright frame: a
// photo stored turned (EXIF orientation 6, 8, 3) gives the crop of the
// same photo stored upright.
func TestCropUpright(t *testing.T) {
	upright := testimg.PhotoLike(600, 900, 5)
	for _, o := range []int{3, 6, 8} {
		stored := stages.Orient(upright, map[int]int{3: 3, 6: 8, 8: 6}[o]) // what orientation o turns upright
		for _, crop := range []string{CropCentre, CropAttention} {
			cfg := DefaultConfig()
			cfg.Sigma, cfg.Width, cfg.Height, cfg.Crop = 6, 240, 120, crop
			p, err := NewProcessor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := p.Process(context.Background(), withOrientation(testimg.EncodeJPEG(t, stored, 95), o))
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := p.Process(context.Background(), testimg.EncodeJPEG(t, upright, 95))
			if err != nil {
				t.Fatal(err)
			}
			psnr := testimg.PSNR(decodeBytes(t, got), decodeBytes(t, want))
			t.Logf("orientation %d, %s: PSNR %.1f dB against the photo stored upright", o, crop, psnr)
			if psnr < 35 {
				t.Errorf("orientation %d, %s: PSNR %.1f dB against the photo stored upright, want >= 35", o, crop, psnr)
			}
		}
	}
}

// TestCropDecodeScale checks that a crop is decoded at a scale that keeps
// a pixel per output pixel in the window (the 1920x1080 photo cropped to
// 400x100 needs 1/4, where fitting it in the same box would take 1/8),
// and that the result looks like the crop of the photo decoded at full
// size: 38 dB at least, with almost no blur to hide the difference (fitting
// the photo in a box of 100, 178 and 300 scores 36.3, 40.0 and 41.2 dB on
// the same measure).
func TestCropDecodeScale(t *testing.T) {
	data, err := os.ReadFile("../samples/seeding-1920.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		w, h, scale int
	}{{400, 100, 4}, {300, 300, 2}, {1000, 50, 1}, {100, 100, 8}} {
		cfg := DefaultConfig()
		cfg.Sigma, cfg.Width, cfg.Height, cfg.Crop = 2, c.w, c.h, CropCentre
		p, out, rec := processWith(t, cfg, data)
		if rec.Scale != c.scale {
			t.Errorf("%dx%d: decoded at 1/%d, want 1/%d", c.w, c.h, rec.Scale, c.scale)
		}
		full, _, err := p.ProcessImage(context.Background(), decodeBytes(t, data))
		if err != nil {
			t.Fatal(err)
		}
		psnr := testimg.PSNR(decodeBytes(t, out), decodeBytes(t, full))
		t.Logf("%dx%d at 1/%d: PSNR %.1f dB against the crop of the full-size decode", c.w, c.h, rec.Scale, psnr)
		if psnr < 38 {
			t.Errorf("%dx%d at 1/%d: PSNR %.1f dB against the crop of the full-size decode, want >= 38", c.w, c.h, rec.Scale, psnr)
		}
	}
}

// TestCropLooksLikePillow compares --crop centre on the photos of
// samples/ with Pillow blurring the upright photo (GaussianBlur 15, as the
// seed script) and then ImageOps.fit (bicubic, centred): 40 dB on each.
func TestCropLooksLikePillow(t *testing.T) {
	python := testimg.PillowPython(t)
	paths, _ := filepath.Glob("../samples/*.jpg")
	for _, box := range [][2]int{{300, 300}, {400, 150}} {
		cfg := DefaultConfig()
		cfg.Width, cfg.Height, cfg.Crop = box[0], box[1], CropCentre
		p, err := NewProcessor(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, rec, err := p.Process(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			ref := filepath.Join(t.TempDir(), "ref.png")
			cmd := exec.Command(python, "-c", `import sys
from PIL import Image, ImageOps, ImageFilter
im = ImageOps.exif_transpose(Image.open(sys.argv[1]).convert("RGB")).filter(ImageFilter.GaussianBlur(15))
ImageOps.fit(im, (int(sys.argv[3]), int(sys.argv[4])), method=Image.BICUBIC, centering=(0.5, 0.5)).save(sys.argv[2])`,
				path, ref, strconv.Itoa(rec.OutWidth), strconv.Itoa(rec.OutHeight))
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("Pillow: %v\n%s", err, b)
			}
			psnr := testimg.PSNR(decodeBytes(t, out), testimg.DecodeFile(t, ref))
			t.Logf("%-18s box %dx%d: %dx%d, PSNR %.1f dB against Pillow's blur then ImageOps.fit", filepath.Base(path), box[0], box[1], rec.OutWidth, rec.OutHeight, psnr)
			if psnr < 40 {
				t.Errorf("%s box %v: PSNR %.1f dB against Pillow, want >= 40", path, box, psnr)
			}
		}
	}
}
