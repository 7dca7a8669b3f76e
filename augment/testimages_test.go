package augment

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// photoLike draws a deterministic w x h image with gradients, edges and
// texture, so that blur and resize have work to do.
func photoLike(w, h int, seed uint32) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	s := seed*2654435761 + 1
	for y := range h {
		for x := range w {
			s ^= s << 13
			s ^= s >> 17
			s ^= s << 5
			noise := float64(s%32) - 16
			r := 255*float64(x)/float64(w) + noise
			g := 255*float64(y)/float64(h) + noise
			b := 128 + 100*math.Sin(float64(x+y)/7) + noise
			if (x/16+y/16)%2 == 0 {
				b = 255 - b
			}
			img.Set(x, y, color.RGBA{clamp8(r), clamp8(g), clamp8(b), 255})
		}
	}
	return img
}

func clamp8(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, v)))
}

// writeJPEG writes a photo-like JPEG of w x h to path.
func writeJPEG(t testing.TB, path string, w, h int, seed uint32) {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, photoLike(w, h, seed), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

// writePNG writes a photo-like PNG of w x h to path.
func writePNG(t testing.TB, path string, w, h int, seed uint32) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, photoLike(w, h, seed)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// decodeFile decodes an output file completely, failing the test if it
// is not a whole, valid image.
func decodeFile(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}
