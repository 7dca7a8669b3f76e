package stages

import (
	"image"
	"image/draw"
	"reflect"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// firstPixel returns the address of an image's first pixel byte: two images
// with the same address share memory.
func firstPixel(t *testing.T, img image.Image) *uint8 {
	t.Helper()
	switch m := img.(type) {
	case *image.YCbCr:
		return &m.Y[0]
	case *image.Gray:
		return &m.Pix[0]
	case *image.RGBA:
		return &m.Pix[0]
	}
	t.Fatalf("unexpected image type %T", img)
	return nil
}

func grayOfRGBA(m *image.RGBA) *image.Gray {
	g := image.NewGray(m.Rect)
	draw.Draw(g, g.Rect, m, m.Rect.Min, draw.Src)
	return g
}

// step is a photo's work, as a worker does it: thumbnail, then blur.
func step(s *Scratch, img image.Image) (resized, blurred image.Image) {
	resized = Resize(s, img, 90, 60)
	return resized, Blur(s, resized, 3)
}

// TestScratchReuseRecyclesImages checks what a worker relies on: after Reuse, a photo's
// images go in the previous photo's memory and come out exactly as with new
// memory; without Reuse, and within one photo, no two results share memory.
func TestScratchReuseRecyclesImages(t *testing.T) {
	kinds := []struct {
		name string
		conv func(*image.RGBA) image.Image
	}{
		{"ycbcr 4:2:0", func(m *image.RGBA) image.Image { return toYCbCr(m, image.YCbCrSubsampleRatio420) }},
		{"gray", func(m *image.RGBA) image.Image { return grayOfRGBA(m) }},
		{"rgba", func(m *image.RGBA) image.Image { return m }},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			first, second := k.conv(testimg.PhotoLike(300, 200, 1)), k.conv(testimg.PhotoLike(240, 160, 2))
			wantResized, wantBlurred := step(nil, second)

			var s Scratch
			s.Reuse()
			r1, b1 := step(&s, first)
			if firstPixel(t, r1) == firstPixel(t, b1) {
				t.Fatal("the resized and blurred images of one photo share memory")
			}
			s.Reuse()
			r2, b2 := step(&s, second)
			if firstPixel(t, r2) != firstPixel(t, r1) || firstPixel(t, b2) != firstPixel(t, b1) {
				t.Error("after Reuse the second photo's images are in new memory")
			}
			if !reflect.DeepEqual(r2, wantResized) || !reflect.DeepEqual(b2, wantBlurred) {
				t.Error("images made in reused memory differ from images made in new memory")
			}

			var fresh Scratch // never told to reuse
			ra, ba := step(&fresh, first)
			rb, bb := step(&fresh, second)
			if firstPixel(t, ra) == firstPixel(t, rb) || firstPixel(t, ba) == firstPixel(t, bb) {
				t.Error("without Reuse a later result took an earlier one's memory")
			}
		})
	}
}

// TestScratchAllocatorMatchesImagePackage checks that NewYCbCr and NewGray
// make the images the image package makes, with or without reused memory,
// at every subsampling and at odd origins and sizes.
func TestScratchAllocatorMatchesImagePackage(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	}
	rects := []image.Rectangle{image.Rect(0, 0, 16, 8), image.Rect(0, 0, 17, 9), image.Rect(3, 1, 20, 12)}
	var s Scratch
	s.Reuse()
	for _, r := range rects {
		for _, ratio := range ratios {
			for range 2 { // the second time in memory the first one dirtied
				s.Reuse()
				got := s.NewYCbCr(r, ratio)
				want := image.NewYCbCr(r, ratio)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("NewYCbCr(%v, %v) differs from image.NewYCbCr", r, ratio)
				}
				for i := range got.Y {
					got.Y[i] = 0xAB
				}
				for i := range got.Cb {
					got.Cb[i], got.Cr[i] = 0xCD, 0xEF
				}
			}
		}
		s.Reuse()
		g := s.NewGray(r)
		if !reflect.DeepEqual(g, image.NewGray(r)) {
			t.Errorf("NewGray(%v) differs from image.NewGray", r)
		}
	}
}
