package stages

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestRotateMatchesPillow compares Rotate with Pillow's
// Image.rotate(angle, resample=BILINEAR, expand, fillcolor) on the input's
// RGB conversion, for angles on either side of the quarter turns, with and
// without expand; the sizes must be Pillow's exactly. On RGBA and grey
// inputs Rotate does Pillow's arithmetic (same matrix, same bilinear
// filter, same truncation), so the pixels must be identical. A YCbCr input
// is rotated plane by plane and converted to RGB after, not before, the
// interpolation, and its fill colour goes through YCbCr: a level or two of
// rounding, so 40 dB is asked for.
func TestRotateMatchesPillow(t *testing.T) {
	type input struct {
		namedImage
		fill  color.RGBA
		exact bool
	}
	var inputs []input
	rgb := testimg.PhotoLike(41, 29, 51)
	for _, in := range append(asTypes(rgb, "RGBA", "Gray", "YCbCr 4:4:4", "YCbCr 4:2:0"),
		asTypes(testimg.PhotoLike(40, 29, 53), "RGBA")...) { // 40x29: quarter turns between pixel centres
		_, isYCbCr := in.img.(*image.YCbCr)
		fill := color.RGBA{30, 60, 200, 255}
		if _, isGray := in.img.(*image.Gray); isGray {
			fill = color.RGBA{90, 90, 90, 255} // a grey image has grey fills
		}
		inputs = append(inputs, input{in, fill, !isYCbCr})
	}
	type rotation struct {
		in     input
		angle  float64
		expand bool
	}
	var cases []rotation
	var imgs []image.Image
	var args []string
	for _, in := range inputs {
		for _, angle := range []float64{7, 30, 45, 90, 123, -15, 180, 270, -450} {
			for _, expand := range []bool{false, true} {
				cases = append(cases, rotation{in, angle, expand})
				imgs = append(imgs, in.img)
				e := 0
				if expand {
					e = 1
				}
				args = append(args, fmt.Sprintf("%g %d %d %d %d", angle, e, in.fill.R, in.fill.G, in.fill.B))
			}
		}
	}
	want := pillowEach(t, `im.rotate(float(arg.split()[0]), resample=Image.BILINEAR, expand=int(arg.split()[1]),
        fillcolor=tuple(int(v) for v in arg.split()[2:]))`, imgs, args)
	for i, c := range cases {
		name := fmt.Sprintf("%s %g° expand=%v", c.in.name, c.angle, c.expand)
		got := Rotate(nil, c.in.img, c.angle, c.expand, c.in.fill)
		b := c.in.img.Bounds()
		w, h := RotatedSize(b.Dx(), b.Dy(), c.angle, c.expand)
		if got.Bounds().Size() != want[i].Bounds().Size() || got.Bounds().Size() != image.Pt(w, h) {
			t.Errorf("%s: %v (RotatedSize %dx%d), Pillow's %v", name, got.Bounds().Size(), w, h, want[i].Bounds().Size())
			continue
		}
		p := testimg.PSNR(got, want[i])
		t.Logf("%s: %v, PSNR %.1f dB against Pillow", name, got.Bounds().Size(), p)
		if c.in.exact && !math.IsInf(p, 1) || p < 40 {
			t.Errorf("%s: PSNR %.1f dB against Pillow, want %s", name, p,
				map[bool]string{true: "identical pixels", false: ">= 40 dB"}[c.in.exact])
		}
	}
}

// TestRotateTypes checks the output types and the trivial angles.
func TestRotateTypes(t *testing.T) {
	rgb := testimg.PhotoLike(12, 8, 52)
	ycc := toYCbCr(rgb, image.YCbCrSubsampleRatio420)
	for _, c := range []struct {
		img   image.Image
		angle float64
		want  string
	}{
		{rgb, 30, "*image.RGBA"},
		{grayOf(rgb), 30, "*image.Gray"},
		{ycc, 30, "*image.YCbCr 4:4:4"},
		{ycc, 180, "*image.YCbCr 4:2:0"},
	} {
		got := Rotate(nil, c.img, c.angle, false, nil)
		name := typeName(got)
		if m, ok := got.(*image.YCbCr); ok {
			name += map[image.YCbCrSubsampleRatio]string{image.YCbCrSubsampleRatio444: " 4:4:4", image.YCbCrSubsampleRatio420: " 4:2:0"}[m.SubsampleRatio]
		}
		if name != c.want {
			t.Errorf("%s turned %g°: a %s, want a %s", typeName(c.img), c.angle, name, c.want)
		}
	}
	var s Scratch
	s.Reuse()
	for _, img := range []image.Image{rgb, ycc, grayOf(rgb)} {
		Rotate(&s, img, 33, true, color.White)
		s.Reuse()
		if p := testimg.PSNR(Rotate(&s, img, 33, true, color.White), Rotate(nil, img, 33, true, color.White)); !math.IsInf(p, 1) {
			t.Errorf("%s in recycled memory: PSNR %.1f dB against a new image", typeName(img), p)
		}
		s.Reuse()
	}
	for _, angle := range []float64{0, 360, -720, math.NaN(), math.Inf(1)} {
		if got := Rotate(nil, rgb, angle, true, nil); got != image.Image(rgb) {
			t.Errorf("%g°: not the input itself", angle)
		}
	}
}
