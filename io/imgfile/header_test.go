package imgfile

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestReadHeaderPredictsDecode checks that ReadHeader gives the format and
// stored size, and that DecodedPixels is what Decode then produces.
func TestReadHeaderPredictsDecode(t *testing.T) {
	gray640x480 := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 640, 480)), 75)
	pngData := testimg.EncodePNG(t, image.NewGray(image.Rect(0, 0, 64, 48)))
	cases := []struct {
		name   string
		data   []byte
		format string
		w, h   int
		box    int
	}{
		{"jpeg, no box", gray640x480, "jpeg", 640, 480, 0},
		{"jpeg, box allows 1/4", gray640x480, "jpeg", 640, 480, 100},
		{"jpeg, box allows 1/8", gray640x480, "jpeg", 640, 480, 20},
		{"jpeg, box larger than the image", gray640x480, "jpeg", 640, 480, 1200},
		{"jpeg, odd size", testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 333, 101)), 75), "jpeg", 333, 101, 40},
		{"png is never scaled", pngData, "png", 64, 48, 10},
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
			if h != (Header{Format: c.format, Width: c.w, Height: c.h}) {
				t.Errorf("header %+v, want %s %dx%d", h, c.format, c.w, c.h)
			}
			o := DecodeOptions{Box: c.box}
			d, err := dec.Decode(c.data, o)
			if err != nil {
				t.Fatal(err)
			}
			b := d.Image.Bounds()
			if got, want := h.DecodedPixels(o), int64(b.Dx()*b.Dy()); got != want {
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
