package tiffdec

import (
	"bytes"
	"errors"
	"image"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/augpipe/augpipe/io/imgerr"
)

// FuzzDecode decodes arbitrary data: it never panics, every error is one
// of the three kinds, and where golang.org/x/image/tiff decodes the file
// too, outside the features it is known to misread (FillOrder 2, planar
// layout), both give the same pixels.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases() {
		f.Add(tc.file)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		m, err := Decode(r, int64(len(data)), Options{MaxPixels: 1 << 16})
		if err != nil {
			if !errors.Is(err, imgerr.ErrCorrupt) && !errors.Is(err, imgerr.ErrUnsupported) && !errors.Is(err, imgerr.ErrTooLarge) {
				t.Fatalf("error of no kind: %v", err)
			}
			return
		}
		d, err := readIFD(r, int64(len(data)))
		if err != nil {
			t.Fatalf("Decode succeeded, readIFD fails: %v", err)
		}
		l, err := parseLayout(d)
		if err != nil {
			t.Fatalf("Decode succeeded, parseLayout fails: %v", err)
		}
		if l.fillOrder2 || l.planar || d.bigTIFF || l.alpha != alphaNone || d.has(tagExtraSamples) {
			return // x/image/tiff misreads or refuses these
		}
		cfg, err := tiff.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height > 1<<16 {
			return
		}
		want, err := tiff.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		if !samePixels(m, want, 8) {
			t.Fatalf("%T differs from x/image/tiff's %T", m, want)
		}
	})
}

// samePixels reports whether a and b have the same bounds and colours,
// compared on 16 - shift bits.
func samePixels(a, b image.Image, shift uint) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1>>shift != r2>>shift || g1>>shift != g2>>shift || b1>>shift != b2>>shift || a1>>shift != a2>>shift {
				return false
			}
		}
	}
	return true
}
