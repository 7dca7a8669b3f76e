package stages

import (
	"image"
	"math"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// flipInputs are the image types and sizes a flip must move exactly: odd
// sides make 4:2:0 and 4:2:2 chroma straddle the new edge.
func flipInputs() []namedImage {
	even, odd := testimg.PhotoLike(24, 16, 31), testimg.PhotoLike(25, 15, 32)
	return append(asTypes(even, "RGBA", "YCbCr 4:2:0"),
		asTypes(odd, "RGBA", "Gray", "YCbCr 4:4:4", "YCbCr 4:2:0", "YCbCr 4:2:2")...)
}

// TestFlipMatchesPillow compares FlipH and FlipV with Pillow's
// ImageOps.mirror and ImageOps.flip applied to the input's RGB
// conversion. A flip only moves pixels, and for YCbCr each pixel keeps
// the chroma sample that covered it (plane by plane when the side is a
// whole number of samples, through 4:4:4 when not), so the RGB of the
// result is the flipped RGB of the input: the test asks for identical
// pixels (PSNR +Inf), above the 40 dB the issue asks for. A decoder that
// interpolated chroma would see 4:2:0 siting move by half a sample at an
// odd edge; image.YCbCr's conversion, used here, does not interpolate.
func TestFlipMatchesPillow(t *testing.T) {
	cases := flipInputs()
	var inputs []image.Image
	for _, c := range cases {
		inputs = append(inputs, c.img)
	}
	mirror := pillowEach(t, "ImageOps.mirror(im)", inputs, nil)
	flip := pillowEach(t, "ImageOps.flip(im)", inputs, nil)
	for i, c := range cases {
		for _, f := range []struct {
			name string
			fn   func(*Scratch, image.Image) image.Image
			want image.Image
		}{{"FlipH", FlipH, mirror[i]}, {"FlipV", FlipV, flip[i]}} {
			got := f.fn(nil, c.img)
			if typeName(got) != typeName(canonical(c.img)) && !isYCbCr(got) {
				t.Errorf("%s %s: got a %s", f.name, c.name, typeName(got))
			}
			p := testimg.PSNR(got, f.want)
			t.Logf("%s %s: %v, PSNR %.1f dB against Pillow", f.name, c.name, got.Bounds().Size(), p)
			if !math.IsInf(p, 1) {
				t.Errorf("%s %s: PSNR %.1f dB against Pillow, want identical pixels", f.name, c.name, p)
			}
		}
	}
}

func isYCbCr(img image.Image) bool {
	_, ok := img.(*image.YCbCr)
	return ok
}

// TestFlipKeepsSubsampling checks that an even-sized 4:2:0 image is
// flipped plane by plane, its subsampling kept, and that a flip twice is
// the input, also from a Scratch's recycled memory.
func TestFlipKeepsSubsampling(t *testing.T) {
	src := toYCbCr(testimg.PhotoLike(32, 18, 33), image.YCbCrSubsampleRatio420)
	var s Scratch
	s.Reuse()
	for _, fn := range []func(*Scratch, image.Image) image.Image{FlipH, FlipV} {
		once := fn(&s, src)
		if m, ok := once.(*image.YCbCr); !ok || m.SubsampleRatio != image.YCbCrSubsampleRatio420 {
			t.Fatalf("flipped 4:2:0 image is a %s", typeName(once))
		}
		if p := testimg.PSNR(fn(&s, once), src); !math.IsInf(p, 1) {
			t.Errorf("flipped twice: PSNR %.1f dB against the input", p)
		}
		s.Reuse()
	}
}
