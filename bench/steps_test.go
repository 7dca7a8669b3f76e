package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"

	"augpipe/io/imgfile"
	"augpipe/stages"
)

// The per-step benchmarks time each step of augpipe's work on one
// photo-like 3000x2000 image and report input megapixels per second:
//
//	go test -run '^$' -bench . ./bench
const stepW, stepH = 3000, 2000

// stepInputs returns the synthetic photo as JPEG bytes and the image each
// step starts from: decoded, blurred, and thumbnailed.
func stepInputs(b *testing.B) (jpg []byte, decoded, blurred, thumb image.Image) {
	b.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, syntheticImage(stepW, stepH, 1, 0), &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	d, err := imgfile.Decode(buf.Bytes(), 0)
	if err != nil {
		b.Fatal(err)
	}
	decoded = stages.Flatten(stages.Orient(d.Image, d.Orientation))
	blurred = stages.Blur(decoded, 15)
	thumb = stages.Thumbnail(blurred, 1200)
	return buf.Bytes(), decoded, blurred, thumb
}

func reportMpix(b *testing.B, pixels int) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(pixels)*float64(b.N)/1e6/s, "Mpix/s")
	}
}

func BenchmarkStepDecode(b *testing.B) {
	jpg, _, _, _ := stepInputs(b)
	b.SetBytes(int64(len(jpg)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := imgfile.Decode(jpg, 0); err != nil {
			b.Fatal(err)
		}
	}
	reportMpix(b, stepW*stepH)
}

func BenchmarkStepBlur(b *testing.B) {
	_, decoded, _, _ := stepInputs(b)
	b.ResetTimer()
	for b.Loop() {
		stages.Blur(decoded, 15)
	}
	reportMpix(b, stepW*stepH)
}

func BenchmarkStepThumbnail(b *testing.B) {
	_, _, blurred, _ := stepInputs(b)
	b.ResetTimer()
	for b.Loop() {
		stages.Thumbnail(blurred, 1200)
	}
	reportMpix(b, stepW*stepH)
}

// BenchmarkStepEncode reports Mpix/s of the input photo, like the others,
// though it encodes the 1200x800 thumbnail.
func BenchmarkStepEncode(b *testing.B) {
	_, _, _, thumb := stepInputs(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := imgfile.EncodeJPEG(thumb, 75); err != nil {
			b.Fatal(err)
		}
	}
	reportMpix(b, stepW*stepH)
}
