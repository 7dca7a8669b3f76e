// Package testimg holds the helpers that augpipe's tests share: test
// images, encoding and writing them, comparing images, and finding the
// repository and the Pillow reference. It is imported only by _test.go
// files; functions that can fail take a testing.TB and fail the test.
package testimg

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// PhotoLike returns a deterministic w x h RGBA image with what photos have:
// smooth gradients, soft blobs, a hard-edged rectangle, fine texture and
// sensor-like noise. The same seed gives the same pixels.
func PhotoLike(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 7))
	type blob struct{ x, y, r, cr, cg, cb float64 }
	blobs := make([]blob, 12)
	for i := range blobs {
		blobs[i] = blob{rng.Float64() * float64(w), rng.Float64() * float64(h), (0.05 + 0.2*rng.Float64()) * float64(min(w, h)),
			rng.Float64()*200 - 100, rng.Float64()*200 - 100, rng.Float64()*200 - 100}
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			r, g, b := 60+120*fx, 80+100*fy, 140-80*fx*fy
			for _, bl := range blobs {
				d := math.Hypot(float64(x)-bl.x, float64(y)-bl.y) / bl.r
				if d < 1 {
					e := 1 - d*d
					r, g, b = r+bl.cr*e, g+bl.cg*e, b+bl.cb*e
				}
			}
			if x > w/3 && x < w/2 && y > h/4 && y < 3*h/4 { // a hard-edged rectangle
				r, g, b = 240, 230, 40
			}
			t := 25 * math.Sin(float64(x)*0.9) * math.Sin(float64(y)*0.7) // fine texture
			n := rng.NormFloat64() * 6                                    // sensor noise
			img.SetRGBA(x, y, color.RGBA{Clamp8(r + t + n), Clamp8(g + t + n), Clamp8(b + t + n), 255})
		}
	}
	return img
}

// Clamp8 rounds v to the nearest integer (halves away from zero) and
// clamps it to 0..255. NaN gives 0.
func Clamp8(v float64) uint8 {
	if math.IsNaN(v) {
		return 0
	}
	return uint8(max(0, min(255, math.Round(v))))
}

// Encode returns img encoded by enc, failing the test if enc fails.
func Encode(t testing.TB, img image.Image, enc func(io.Writer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, img); err != nil {
		t.Fatalf("encoding a %v test image: %v", img.Bounds(), err)
	}
	return b.Bytes()
}

// EncodeJPEG returns img as a JPEG file of the given quality (1 to 100;
// image/jpeg's default, used when given nil options, is 75).
func EncodeJPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	return Encode(t, img, func(w io.Writer, m image.Image) error {
		return jpeg.Encode(w, m, &jpeg.Options{Quality: quality})
	})
}

// EncodePNG returns img as a PNG file.
func EncodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	return Encode(t, img, png.Encode)
}

// WriteFile writes data to path, creating its parent folders.
func WriteFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// WriteTree writes each name -> content under dir, creating folders. Names
// are relative and slash-separated ("sub/a.jpg"); one that is absolute or
// climbs out of dir fails the test.
func WriteTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names) // the same order, and so the same errors, every run
	for _, name := range names {
		rel := filepath.FromSlash(name)
		if !filepath.IsLocal(rel) {
			t.Fatalf("WriteTree: %q is not a path inside %s", name, dir)
		}
		WriteFile(t, filepath.Join(dir, rel), files[name])
	}
}
