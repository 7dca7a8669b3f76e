package stages

import (
	"image"
	"math"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestGrayscaleMatchesPillow compares Grayscale with Pillow's
// convert("L") (and, for 3 channels, convert("L").convert("RGB"), what
// torchvision's Grayscale(3) gives) on the input's RGB conversion.
// On RGB and grey inputs Grayscale computes the same integer luma, so the
// pixels must be identical. A YCbCr input keeps its own Y, which is the
// luma of the RGB it was made from, not of the RGB it converts back to:
// that round trip rounds, so a grey level of difference is allowed, and
// the test asks for 40 dB and at most one level apart.
func TestGrayscaleMatchesPillow(t *testing.T) {
	cases := asTypes(testimg.PhotoLike(33, 21, 41), "RGBA", "NRGBA", "Gray", "YCbCr 4:4:4", "YCbCr 4:2:0")
	var inputs []image.Image
	for _, c := range cases {
		inputs = append(inputs, c.img)
	}
	want := map[int][]image.Image{
		1: pillowEach(t, `im.convert("L")`, inputs, nil),
		3: pillowEach(t, `im.convert("L").convert("RGB")`, inputs, nil),
	}
	for i, c := range cases {
		_, isYCbCr := c.img.(*image.YCbCr)
		for _, channels := range []int{1, 3} {
			got := Grayscale(nil, c.img, channels)
			if _, isGray := got.(*image.Gray); isGray != (channels == 1) {
				t.Errorf("%s, %d channels: got a %s", c.name, channels, typeName(got))
			}
			p, d := testimg.PSNR(got, want[channels][i]), maxDiff(t, got, want[channels][i])
			t.Logf("%s, %d channels: PSNR %.1f dB against Pillow, up to %g grey levels apart", c.name, channels, p, d)
			if !isYCbCr && !math.IsInf(p, 1) || p < 40 || d > 1 {
				t.Errorf("%s, %d channels: PSNR %.1f dB against Pillow, want %s", c.name, channels, p,
					map[bool]string{true: "identical pixels", false: ">= 40 dB and a grey level at most"}[!isYCbCr])
			}
		}
	}
}

// TestGrayscaleKeepsAlphaAndY checks what the comparison with Pillow does
// not see: RGBA keeps its alpha with 3 channels, and a YCbCr's Y plane is
// copied as it is.
func TestGrayscaleKeepsAlphaAndY(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 1))
	copy(src.Pix, []uint8{255, 0, 0, 255, 0, 128, 0, 128, 0, 0, 0, 0})
	got := Grayscale(nil, src, 3).(*image.RGBA)
	for i, want := range []uint8{76, 76, 76, 255, 75, 75, 75, 128, 0, 0, 0, 0} {
		if got.Pix[i] != want {
			t.Fatalf("RGBA, 3 channels: %v, want 76,76,76,255, 75,75,75,128, 0,0,0,0", got.Pix)
		}
	}
	ycc := toYCbCr(testimg.PhotoLike(10, 6, 42), image.YCbCrSubsampleRatio420)
	g := Grayscale(nil, ycc, 1).(*image.Gray)
	for i := range g.Pix {
		if g.Pix[i] != ycc.Y[i] {
			t.Fatalf("YCbCr, 1 channel: pixel %d is %d, Y is %d", i, g.Pix[i], ycc.Y[i])
		}
	}
}
