package tiffdec

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"golang.org/x/image/tiff"
)

// benchTIFF is a 3000x2000 RGB image, 8 bits a sample, written by
// x/image/tiff with the given compression.
func benchTIFF(b *testing.B, c tiff.CompressionType) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 3000, 2000))
	for y := range 2000 {
		for x := range 3000 {
			m.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, m, &tiff.Options{Compression: c}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkDecodeRGB8 compares tiffdec with x/image/tiff on an
// uncompressed and a Deflate 6-megapixel RGB TIFF.
func BenchmarkDecodeRGB8(b *testing.B) {
	for _, c := range []struct {
		name string
		c    tiff.CompressionType
	}{{"none", tiff.Uncompressed}, {"deflate", tiff.Deflate}} {
		data := benchTIFF(b, c.c)
		b.Run(c.name+"/tiffdec", func(b *testing.B) {
			for b.Loop() {
				if _, err := Decode(bytes.NewReader(data), int64(len(data)), Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/x-image-tiff", func(b *testing.B) {
			for b.Loop() {
				if _, err := tiff.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
