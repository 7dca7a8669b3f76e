package imgfile

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// fuzzMaxPixels is the pixel limit under fuzzing: small, so that a mutated
// header declaring a large image is refused instead of costing memory.
const fuzzMaxPixels = 1 << 16

// FuzzDecodeAndEncode feeds arbitrary bytes to the path every input file
// takes in imgfile: Decode (header check, pixel limit, decoder chosen by
// content, orientation, ICC profile, metadata) and, when it succeeds,
// EncodeJPEG, EmbedICC and EmbedMetadata. Nothing may panic; a decoded
// image must respect the pixel limit; the output must be a JPEG of the
// same size that carries the profile when one was embedded, and with the
// metadata, orientation 1. The seeds are the JPEG and PNG fixtures
// and small images Go encodes.
func FuzzDecodeAndEncode(f *testing.F) {
	for _, pattern := range []string{"*.jpg", "*.png"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", pattern))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, img := range seedImages() {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
		b.Reset()
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 50}); err != nil {
			f.Fatal(err)
		}
		f.Add(withEXIF(b.Bytes(), exifOrientation(true, 6)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []string{"jpeg", "png", "webp", "tiff"} {
			if o := orientationOf(format, data); o < 1 || o > 8 {
				t.Fatalf("orientationOf(%s) = %d", format, o)
			}
			if p := iccProfile(format, data); p != nil && !validICC(p) {
				t.Fatalf("iccProfile(%s) returned an invalid profile", format)
			}
		}
		d, err := Decode(data, fuzzMaxPixels)
		if errors.Is(err, ErrDecoderPanic) {
			t.Fatal(err)
		}
		if err != nil {
			return
		}
		b := d.Image.Bounds()
		if b.Dx()*b.Dy() > fuzzMaxPixels || b.Empty() {
			t.Fatalf("decoded %v past the %d-pixel limit", b, fuzzMaxPixels)
		}
		out, err := EncodeJPEG(d.Image, 75)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		out, embedded := EmbedICC(out, d.ICC)
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("output does not decode: %v", err)
		}
		if cfg.Width != b.Dx() || cfg.Height != b.Dy() {
			t.Fatalf("output %dx%d, input %v", cfg.Width, cfg.Height, b)
		}
		if embedded && !bytes.Equal(iccProfile("jpeg", out), d.ICC) {
			t.Fatal("embedded ICC profile does not read back unchanged")
		}
		// The input's metadata, however malformed, carried into the
		// output: still a JPEG of the same size, whose EXIF says 1.
		withMeta := EmbedMetadata(out, metadataOf(d.Format, data), cfg.Width, cfg.Height)
		mc, err := jpeg.DecodeConfig(bytes.NewReader(withMeta))
		if err != nil || mc.Width != cfg.Width || mc.Height != cfg.Height {
			t.Fatalf("output with metadata: %v, %dx%d", err, mc.Width, mc.Height)
		}
		if o := jpegOrientation(withMeta); o != 1 {
			t.Fatalf("output with metadata says orientation %d", o)
		}
	})
}

// seedImages are small images of the kinds Go encodes: paletted, gray,
// 16-bit, with alpha.
func seedImages() []image.Image {
	r := image.Rect(0, 0, 9, 7)
	pal := image.NewPaletted(r, color.Palette{color.White, color.Black, color.Transparent})
	g := image.NewGray(r)
	g16 := image.NewNRGBA64(r)
	a := image.NewNRGBA(r)
	for y := range 7 {
		for x := range 9 {
			pal.SetColorIndex(x, y, uint8((x+y)%3))
			g.SetGray(x, y, color.Gray{uint8(x * 28)})
			g16.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 7000), uint16(y * 9000), 300, 0xffff})
			a.SetNRGBA(x, y, color.NRGBA{255, 0, 0, uint8(y * 40)})
		}
	}
	return []image.Image{pal, g, g16, a}
}

// FuzzDecodeOtherFormats is FuzzDecodeAndEncode's check for the formats
// decoded by golang.org/x/image and image/gif: GIF, BMP, TIFF, WebP.
func FuzzDecodeOtherFormats(f *testing.F) {
	for _, pattern := range []string{"*.webp"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", pattern))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, img := range seedImages() {
		for _, enc := range []func(*bytes.Buffer, image.Image) error{
			func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) },
			func(b *bytes.Buffer, m image.Image) error { return bmp.Encode(b, m) },
			func(b *bytes.Buffer, m image.Image) error { return tiff.Encode(b, m, nil) },
			func(b *bytes.Buffer, m image.Image) error {
				return tiff.Encode(b, m, &tiff.Options{Compression: tiff.Deflate, Predictor: true})
			},
		} {
			var b bytes.Buffer
			if err := enc(&b, img); err != nil {
				f.Fatal(err)
			}
			f.Add(b.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(data, fuzzMaxPixels)
		if errors.Is(err, ErrDecoderPanic) {
			t.Fatal(err)
		}
		if err != nil {
			return
		}
		if b := d.Image.Bounds(); b.Dx()*b.Dy() > fuzzMaxPixels || b.Empty() {
			t.Fatalf("decoded %v past the %d-pixel limit", b, fuzzMaxPixels)
		}
		if _, err := EncodeJPEG(d.Image, 75); err != nil {
			t.Fatalf("encode: %v", err)
		}
	})
}
