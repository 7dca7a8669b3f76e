package stages

import (
	"fmt"
	"image"
	"math"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestCropMatchesPillow compares Crop with Pillow's Image.crop on the
// input's RGB conversion, for boxes inside the image with even and odd
// corners. A crop only copies pixels, and a YCbCr pixel keeps the chroma
// sample that covered it (the subsampling kept, or 4:4:4 from an odd
// corner), so the pixels must be identical.
func TestCropMatchesPillow(t *testing.T) {
	inputs := asTypes(testimg.PhotoLike(23, 15, 61), "RGBA", "NRGBA", "Gray", "YCbCr 4:2:0", "YCbCr 4:2:2", "YCbCr 4:4:4")
	boxes := []image.Rectangle{
		image.Rect(0, 0, 23, 15), image.Rect(4, 2, 17, 11), image.Rect(3, 5, 20, 14),
		image.Rect(1, 1, 2, 2), image.Rect(6, 0, 23, 15), image.Rect(0, 3, 9, 4),
	}
	var imgs []image.Image
	var args []string
	for _, in := range inputs {
		for _, r := range boxes {
			imgs = append(imgs, in.img)
			args = append(args, fmt.Sprintf("%d %d %d %d", r.Min.X, r.Min.Y, r.Max.X, r.Max.Y))
		}
	}
	want := pillowEach(t, `im.crop(tuple(int(v) for v in arg.split()))`, imgs, args)
	for i, in := range inputs {
		for j, r := range boxes {
			got := Crop(nil, in.img, r)
			p := testimg.PSNR(got, want[i*len(boxes)+j])
			t.Logf("%s %v: %v, PSNR %.1f dB against Pillow", in.name, r, got.Bounds().Size(), p)
			if got.Bounds() != image.Rect(0, 0, r.Dx(), r.Dy()) || !math.IsInf(p, 1) {
				t.Errorf("%s %v: %v, PSNR %.1f dB against Pillow, want %v and identical pixels", in.name, r, got.Bounds(), p, r.Size())
			}
		}
	}
}

// TestCropBounds checks the rectangle's coordinates (img's own, as for
// SubImage), the clipping, and what happens to 4:2:0 subsampling.
func TestCropBounds(t *testing.T) {
	rgb := testimg.PhotoLike(20, 12, 62)
	ycc := toYCbCr(rgb, image.YCbCrSubsampleRatio420)
	sub := rgb.SubImage(image.Rect(5, 3, 20, 12)) // origin (5, 3)
	for _, c := range []struct {
		name  string
		img   image.Image
		r     image.Rectangle
		want  image.Image // nil: empty
		ratio image.YCbCrSubsampleRatio
	}{
		{"clipped", rgb, image.Rect(-4, 8, 30, 40), rgb.SubImage(image.Rect(0, 8, 20, 12)), 0},
		{"missed", rgb, image.Rect(30, 0, 40, 5), nil, 0},
		{"sub-image", sub, image.Rect(6, 4, 9, 9), rgb.SubImage(image.Rect(6, 4, 9, 9)), 0},
		{"4:2:0 even", ycc, image.Rect(2, 4, 11, 9), ycc.SubImage(image.Rect(2, 4, 11, 9)), image.YCbCrSubsampleRatio420},
		{"4:2:0 odd", ycc, image.Rect(3, 4, 11, 9), ycc.SubImage(image.Rect(3, 4, 11, 9)), image.YCbCrSubsampleRatio444},
	} {
		got := Crop(nil, c.img, c.r)
		if c.want == nil {
			if !got.Bounds().Empty() {
				t.Errorf("%s: %v, want an empty image", c.name, got.Bounds())
			}
			continue
		}
		if p := testimg.PSNR(got, c.want); got.Bounds().Min != (image.Point{}) || !math.IsInf(p, 1) {
			t.Errorf("%s: %v, PSNR %.1f dB against SubImage %v", c.name, got.Bounds(), p, c.want.Bounds())
		}
		if m, ok := got.(*image.YCbCr); ok && m.SubsampleRatio != c.ratio {
			t.Errorf("%s: subsampling %v, want %v", c.name, m.SubsampleRatio, c.ratio)
		}
	}
}
