package stages

import (
	"image"
	"image/color"
	"testing"
)

// BenchmarkGeom times the flips, a rotation and the grayscale on the
// 224x224 crop a training recipe makes, and on a 1200x900 photo, 4:2:0
// as decoded, with a Scratch reused as a worker reuses it. Mpix/s counts
// the input's pixels.
func BenchmarkGeom(b *testing.B) {
	for _, size := range []image.Point{{224, 224}, {1200, 900}} {
		src := benchYCbCr(size.X, size.Y, image.YCbCrSubsampleRatio420)
		for _, op := range []struct {
			name string
			fn   func(*Scratch, image.Image) image.Image
		}{
			{"FlipH", FlipH},
			{"FlipV", FlipV},
			{"Rotate30", func(s *Scratch, img image.Image) image.Image { return Rotate(s, img, 30, false, color.Black) }},
			{"Rotate90", func(s *Scratch, img image.Image) image.Image { return Rotate(s, img, 90, true, nil) }},
			{"Grayscale3", func(s *Scratch, img image.Image) image.Image { return Grayscale(s, img, 3) }},
		} {
			b.Run(op.name+"/"+size.String(), func(b *testing.B) {
				var s Scratch
				s.Reuse()
				cpu0 := cpuTime()
				for b.Loop() {
					op.fn(&s, src)
					s.Reuse()
				}
				reportMpix(b, size.X*size.Y, cpu0)
			})
		}
	}
}
