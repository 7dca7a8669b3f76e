package imgfile

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestReadHeaderPredictsDecode checks that ReadHeader gives the format,
// stored size and orientation, and that DecodedPixels is what Decode then
// produces, for square boxes, boxes of two sides (which the orientation
// turns) and crops.
func TestReadHeaderPredictsDecode(t *testing.T) {
	gray640x480 := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 640, 480)), 75)
	turned := withEXIF(gray640x480, exifOrientation(true, 6)) // upright 480x640
	pngData := testimg.EncodePNG(t, image.NewGray(image.Rect(0, 0, 64, 48)))
	cases := []struct {
		name      string
		data      []byte
		format    string
		w, h      int
		o         int
		opts      DecodeOptions
		wantScale int
	}{
		{"jpeg, no box", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{}, 1},
		{"jpeg, box allows 1/4", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 100}, 4},
		{"jpeg, box allows 1/8", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 20}, 8},
		{"jpeg, box larger than the image", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 1200}, 1},
		{"jpeg, odd size", testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 333, 101)), 75), "jpeg", 333, 101, 1, DecodeOptions{Box: 40}, 8},
		{"png is never scaled", pngData, "png", 64, 48, 1, DecodeOptions{Box: 10}, 1},
		{"jpeg, 160 wide", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 160}, 4},
		{"jpeg, 160 wide, turned", turned, "jpeg", 640, 480, 6, DecodeOptions{BoxWidth: 160}, 2},
		{"jpeg, 80 high, turned", turned, "jpeg", 640, 480, 6, DecodeOptions{BoxHeight: 80}, 8},
		{"jpeg, fit 160x60", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 160, BoxHeight: 60}, 8},
		{"jpeg, crop 160x60", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 160, BoxHeight: 60, Crop: true}, 4},
		{"jpeg, crop 160x60, turned", turned, "jpeg", 640, 480, 6, DecodeOptions{BoxWidth: 160, BoxHeight: 60, Crop: true}, 2},
		{"jpeg, crop 81x60", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 81, BoxHeight: 60, Crop: true}, 4},
		{"jpeg, crop in the square box", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 100, Crop: true}, 4},
	}
	dir := t.TempDir()
	var dec Decoder
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, string(rune('a'+i))+".img")
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			h, err := Input{Path: path}.ReadHeader()
			if err != nil {
				t.Fatal(err)
			}
			if h != (Header{Format: c.format, Width: c.w, Height: c.h, Orientation: c.o}) {
				t.Errorf("header %+v, want %s %dx%d orientation %d", h, c.format, c.w, c.h, c.o)
			}
			d, err := dec.Decode(c.data, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d.Scale != c.wantScale {
				t.Errorf("decoded at 1/%d, want 1/%d", d.Scale, c.wantScale)
			}
			b := d.Image.Bounds()
			if got, want := h.DecodedPixels(c.opts), int64(b.Dx()*b.Dy()); got != want {
				t.Errorf("DecodedPixels %d, Decode gave %v (%d pixels, scale 1/%d)", got, b, want, d.Scale)
			}
		})
	}
}

func TestReadHeaderErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.jpg")
	if err := os.WriteFile(text, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{text, filepath.Join(dir, "missing.jpg"), dir} {
		if _, err := (Input{Path: path}).ReadHeader(); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("ReadHeader of %s: %v, want an error naming the file", path, err)
		}
	}
}
