package stages

import (
	"image"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestOrientMatchesImaging checks every EXIF orientation against
// disintegration/imaging's flips and rotations, pixel for pixel.
func TestOrientMatchesImaging(t *testing.T) {
	src := testimg.PhotoLike(13, 7, 12)
	ref := map[int]func(image.Image) *image.NRGBA{
		2: imaging.FlipH, 3: imaging.Rotate180, 4: imaging.FlipV, 5: imaging.Transpose,
		6: imaging.Rotate270, 7: imaging.Transverse, 8: imaging.Rotate90,
	}
	for o := 1; o <= 8; o++ {
		got := Orient(src, o)
		var want image.Image = src
		if f := ref[o]; f != nil {
			want = f(src)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("orientation %d: bounds %v, want %v", o, got.Bounds(), want.Bounds())
		}
		if d := maxDiff(t, got, want); d != 0 {
			t.Errorf("orientation %d: pixels differ by up to %g", o, d)
		}
		// The gray and YCbCr paths move the same pixels.
		if d := maxDiff(t, Orient(grayOf(src), o), grayOf(want)); d != 0 {
			t.Errorf("orientation %d, gray: pixels differ by up to %g", o, d)
		}
		ycc := toYCbCr(src, image.YCbCrSubsampleRatio444)
		if d := maxDiff(t, Orient(ycc, o), Orient(toRGBA(ycc), o)); d != 0 {
			t.Errorf("orientation %d, YCbCr: pixels differ by up to %g", o, d)
		}
	}
}

// TestOrientCommutes checks what lets the pipeline orient the small output
// instead of the large input: blurring, then resizing and orienting with
// ResizeOriented (the size computed upright) gives what orienting first
// gives, up to rounding (the passes run along the other axis first) and
// edge effects (the sizes are odd, so that 4:2:0 chroma siting matters and
// the box reduction's partial block, always at the right and bottom of the
// stored image, lands on another side).
func TestOrientCommutes(t *testing.T) {
	for _, r := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio422} {
		img := toYCbCr(testimg.PhotoLike(515, 343, 13), r)
		for o := 1; o <= 8; o++ {
			const box, sigma = 200, 6
			first := thumbnail(nil, Blur(nil, Orient(img, o), sigma), box)
			W, H := OrientedSize(515, 343, o)
			w, h := ThumbnailSize(W, H, box)
			last := ResizeOriented(nil, Blur(nil, img, sigma), w, h, o)
			if first.Bounds() != last.Bounds() {
				t.Fatalf("%v orientation %d: %v, want %v", r, o, last.Bounds(), first.Bounds())
			}
			p := testimg.PSNR(last, first)
			t.Logf("%v orientation %d: %.1f dB", r, o, p)
			if p < 45 {
				t.Errorf("%v orientation %d: PSNR %.1f dB between orienting last and first, want >= 45", r, o, p)
			}
		}
	}
}
