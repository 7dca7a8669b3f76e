package stages

import (
	"fmt"
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestResizeColourMatchesPillow compares the resizes an augmentation recipe
// uses, on colour images, with Pillow on the input's RGB, in one Python
// process: an exact size (Resize, against Image.resize), fitting in a box
// (FitSize then Resize, the size against Image.thumbnail's), filling a box
// and cropping it (FillSize, CentreWindow and ResizeRegion, against
// Image.resize of the same window, and the size against ImageOps.fit's)
// and a random-resized-crop window resized to 224x224 (ResizeRegion,
// against Image.resize with a box). Every resampling is bicubic with
// reducing_gap 1, the factor Resize uses. Sizes must be Pillow's exactly.
// The inputs: a photo-like image as RGBA and as 4:2:0 YCbCr, and two of
// samples/ as image/jpeg decodes them (4:2:0 and 4:4:4 YCbCr).
//
// Tolerance: on RGBA the arithmetic is Pillow's but for the order of the
// passes and the rounding of block means (TestResizeMatchesPillow: two
// levels at most), far above the 40 dB. A YCbCr input is resized
// plane by plane into a 4:2:0 image, the subsampling the JPEG encoder
// writes anyway: Pillow's RGB result keeps full chroma, which its own JPEG
// save would subsample too, so the YCbCr results are compared with
// Pillow's subsampled the same way (each chroma sample the mean of the
// pixels it covers), at 40 dB; the PSNR against Pillow's full-chroma RGB
// is logged, and is lower by what 4:2:0 loses at sharp colour edges.
func TestResizeColourMatchesPillow(t *testing.T) {
	type resize struct {
		name string
		do   func(img image.Image) image.Image
		py   string // a Python expression of im giving the reference
	}
	resizes := func(W, H int) []resize {
		fitW, fitH := FitSize(W, H, 160, 160, false)
		fillW, fillH, winW, winH := FillSize(W, H, 120, 90, false)
		win := CentreWindow(W, H, winW, winH)
		// A RandomResizedCrop draw: 30% of the area, aspect 0.8.
		cw, ch := math.Sqrt(0.3*float64(W*H)*0.8), math.Sqrt(0.3*float64(W*H)/0.8)
		rrc := Region{X0: float64(W / 7), Y0: float64(H / 9)}
		rrc.X1, rrc.Y1 = rrc.X0+math.Round(cw), rrc.Y0+math.Round(ch)
		box := func(r Region) string { return fmt.Sprintf("box=(%g, %g, %g, %g)", r.X0, r.Y0, r.X1, r.Y1) }
		return []resize{
			{"exact 200x150", func(img image.Image) image.Image { return Resize(nil, img, 200, 150) },
				"im.resize((200, 150), Image.BICUBIC, reducing_gap=1.0)"},
			{"exact 97x301 (a side enlarged)", func(img image.Image) image.Image { return Resize(nil, img, 97, 301) },
				"im.resize((97, 301), Image.BICUBIC, reducing_gap=1.0)"},
			{fmt.Sprintf("fit 160x160 (%dx%d)", fitW, fitH), func(img image.Image) image.Image { return Resize(nil, img, fitW, fitH) },
				"im.resize(thumb_size(im, (160, 160)), Image.BICUBIC, reducing_gap=1.0)"},
			{fmt.Sprintf("fill 120x90 (%dx%d)", fillW, fillH), func(img image.Image) image.Image {
				return ResizeRegion(nil, img, win, fillW, fillH, 1)
			}, fmt.Sprintf("im.resize(fit_size(im, (120, 90)), Image.BICUBIC, %s, reducing_gap=1.0)", box(win))},
			{"random resized crop to 224x224", func(img image.Image) image.Image { return ResizeRegion(nil, img, rrc, 224, 224, 1) },
				fmt.Sprintf("im.resize((224, 224), Image.BICUBIC, %s, reducing_gap=1.0)", box(rrc))},
		}
	}
	photo := testimg.PhotoLike(331, 217, 71)
	inputs := asTypes(photo, "RGBA", "YCbCr 4:2:0")
	for _, name := range []string{"chelsea.jpg", "coffee.jpg"} {
		img := testimg.DecodeFile(t, filepath.Join(testimg.RepoRoot(t), "samples", name))
		m, ok := img.(*image.YCbCr)
		if !ok {
			t.Fatalf("samples/%s decodes to a %T, want a *image.YCbCr", name, img)
		}
		inputs = append(inputs, namedImage{fmt.Sprintf("samples/%s (YCbCr %s)", name, ratioName(m.SubsampleRatio)), m})
	}
	var imgs []image.Image
	var args []string
	var todo []resize
	var names []string
	for _, in := range inputs {
		b := in.img.Bounds()
		for _, r := range resizes(b.Dx(), b.Dy()) {
			imgs = append(imgs, in.img)
			args = append(args, r.py)
			todo = append(todo, r)
			names = append(names, in.name+", "+r.name)
		}
	}
	// thumb_size is Image.thumbnail's size (without its JPEG draft and
	// reduce), fit_size ImageOps.fit's.
	want := pillowEach(t, `eval(arg, {"im": im, "Image": Image, "ImageOps": ImageOps,
        "thumb_size": lambda im, box: (lambda c: (c.thumbnail(box), c.size)[1])(im.copy()),
        "fit_size": lambda im, size: ImageOps.fit(im, size).size})`, imgs, args)
	for i, r := range todo {
		got := r.do(imgs[i])
		ref := want[i]
		if got.Bounds().Size() != ref.Bounds().Size() {
			t.Errorf("%s: %v, Pillow's %v", names[i], got.Bounds().Size(), ref.Bounds().Size())
			continue
		}
		p, full, what := testimg.PSNR(got, ref), testimg.PSNR(got, ref), "Pillow's"
		if m, ok := got.(*image.YCbCr); ok {
			p, what = testimg.PSNR(got, toYCbCr(ref, m.SubsampleRatio)), "Pillow's as "+ratioName(m.SubsampleRatio)
		}
		t.Logf("%s: %v, PSNR %.1f dB against %s (%.1f dB against Pillow's RGB)", names[i], got.Bounds().Size(), p, what, full)
		if p < 40 {
			t.Errorf("%s: PSNR %.1f dB against %s, want >= 40", names[i], p, what)
		}
	}
}

// ratioName is the usual name of a subsampling ratio.
func ratioName(r image.YCbCrSubsampleRatio) string {
	return map[image.YCbCrSubsampleRatio]string{
		image.YCbCrSubsampleRatio444: "4:4:4", image.YCbCrSubsampleRatio422: "4:2:2", image.YCbCrSubsampleRatio420: "4:2:0",
		image.YCbCrSubsampleRatio440: "4:4:0", image.YCbCrSubsampleRatio411: "4:1:1", image.YCbCrSubsampleRatio410: "4:1:0",
	}[r]
}
