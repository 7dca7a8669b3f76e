package stages

import (
	"fmt"
	"image"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// colourOps is the reference for the colour operations, one Python process
// for every comparison of a test: ImageEnhance's Brightness, Contrast,
// Color and Sharpness (what torchvision's adjust_brightness,
// adjust_contrast, adjust_saturation and adjust_sharpness call on a PIL
// image), and torchvision's own functions, what its ColorJitter calls:
// adjust_hue, and adjust_brightness, adjust_contrast and adjust_saturation
// as a check of that equivalence, imported only when asked for (importing
// torch takes seconds). argv: groups of input PNG, operation, factor and
// output PNG.
const colourOps = `import sys
from PIL import Image, ImageEnhance

def torchvision(name):
    def op(im, f):
        from torchvision.transforms import functional as F
        return getattr(F, name)(im, f)
    return op

ops = {
    "brightness": lambda im, f: ImageEnhance.Brightness(im).enhance(f),
    "contrast": lambda im, f: ImageEnhance.Contrast(im).enhance(f),
    "saturation": lambda im, f: ImageEnhance.Color(im).enhance(f),
    "sharpness": lambda im, f: ImageEnhance.Sharpness(im).enhance(f),
    "hue": torchvision("adjust_hue"),
    "torchvision brightness": torchvision("adjust_brightness"),
    "torchvision contrast": torchvision("adjust_contrast"),
    "torchvision saturation": torchvision("adjust_saturation"),
}
args = sys.argv[1:]
for i in range(0, len(args), 4):
    im = Image.open(args[i])
    if im.mode not in ("L", "RGB"):
        im = im.convert("RGB")
    ops[args[i + 1]](im, float(args[i + 2])).save(args[i + 3])
`

// opCase is one operation with one factor, and its name in colourOps.
type opCase struct {
	name   string
	factor float64
	op     func(*Scratch, image.Image, float64) image.Image
}

// colourInput is an image given to an operation, and the same pixels as
// the reference reads them (a YCbCr's RGB).
type colourInput struct {
	name     string
	src, ref image.Image
}

// compareColour runs each case on each input with Go and, in one Python
// process, with the reference (on ref), and returns the PSNR in dB and the
// largest difference in a sample of each, indexed [input][case].
func compareColour(t *testing.T, inputs []colourInput, cases []opCase) (psnr, diff [][]float64) {
	t.Helper()
	python := testimg.PillowPython(t)
	dir := t.TempDir()
	var args []string
	out := func(i, j int) string { return filepath.Join(dir, fmt.Sprintf("out%d-%d.png", i, j)) }
	for i, in := range inputs {
		file := filepath.Join(dir, fmt.Sprintf("in%d.png", i))
		testimg.WriteFile(t, file, testimg.EncodePNG(t, in.ref))
		for j, c := range cases {
			args = append(args, file, c.name, strconv.FormatFloat(c.factor, 'g', -1, 64), out(i, j))
		}
	}
	runReference(t, python, colourOps, args...)
	psnr, diff = make([][]float64, len(inputs)), make([][]float64, len(inputs))
	for i, in := range inputs {
		for j, c := range cases {
			want := testimg.DecodeFile(t, out(i, j))
			got := c.op(nil, in.src, c.factor)
			psnr[i] = append(psnr[i], testimg.PSNR(got, want))
			diff[i] = append(diff[i], maxDiff(t, got, want))
		}
	}
	return psnr, diff
}

// checkColour compares cases on an RGBA photo-like image, on the same image
// as 4:2:0 YCbCr (the reference given its RGB), and on its grey, logs the
// PSNRs and requires 40 dB, and the RGBA and grey results equal to the
// reference's to the byte when exactRGB is set.
func checkColour(t *testing.T, cases []opCase, exactRGB bool) {
	rgba := testimg.PhotoLike(97, 71, 31)
	ycc := toYCbCr(rgba, image.YCbCrSubsampleRatio420)
	gray := grayOf(rgba)
	psnr, diff := compareColour(t, []colourInput{
		{"RGBA", rgba, rgba}, {"YCbCr 4:2:0", ycc, toRGBA(ycc)}, {"gray", gray, gray},
	}, cases)
	for j, c := range cases {
		pr, py, pg := psnr[0][j], psnr[1][j], psnr[2][j]
		t.Logf("%s %g: RGBA %.1f dB (max diff %g), YCbCr 4:2:0 %.1f dB (max diff %g), gray %.1f dB",
			c.name, c.factor, pr, diff[0][j], py, diff[1][j], pg)
		if min(pr, py, pg) < 40 {
			t.Errorf("%s %g: PSNR below 40 dB", c.name, c.factor)
		}
		if exactRGB && (diff[0][j] != 0 || diff[2][j] != 0) {
			t.Errorf("%s %g: RGBA or gray differs from the reference by up to %g, %g", c.name, c.factor, diff[0][j], diff[2][j])
		}
	}
}

// TestColourMatchesPillow compares Brightness, Contrast and Saturation with
// ImageEnhance. On RGBA and gray the arithmetic is Pillow's and must agree
// to the byte. On YCbCr the planes are scaled instead of R, G and B, so a
// sample may differ by the rounding of the channels (a grey level or two)
// and, where a factor above 1 pushes a channel of a vivid colour past 255,
// by what Pillow clipped: 40 dB, the bar, allows that on a few
// pixels.
func TestColourMatchesPillow(t *testing.T) {
	var cases []opCase
	for _, f := range []float64{0.6, 1.4} {
		cases = append(cases, opCase{"brightness", f, Brightness})
	}
	for _, f := range []float64{0.5, 1.6} {
		cases = append(cases, opCase{"contrast", f, Contrast})
	}
	for _, f := range []float64{0, 0.5, 1.8} {
		cases = append(cases, opCase{"saturation", f, Saturation})
	}
	checkColour(t, cases, true)
}

// TestHueMatchesTorchvision compares Hue with torchvision's own
// transforms.functional.adjust_hue on a PIL image (Pillow's HSV
// conversions, the hue byte shifted by trunc(factor*255) modulo 256), the
// function torchvision's ColorJitter calls. Hue does the same byte
// arithmetic, so RGBA and gray must agree to the byte; YCbCr is converted
// to RGB first (no scaling of Cb and Cr gives a hue turn), so it must too.
// Factors cover both signs and torchvision's limits, -0.5 and 0.5. In the
// same Python process, ColorJitter's other three functions
// (adjust_brightness, adjust_contrast, adjust_saturation on a PIL image)
// are compared with Brightness, Contrast and Saturation with the
// tolerances of TestColourMatchesPillow: they are ImageEnhance's.
func TestHueMatchesTorchvision(t *testing.T) {
	var cases []opCase
	for _, f := range []float64{-0.5, -0.1, 0.05, 0.3, 0.5} {
		cases = append(cases, opCase{"hue", f, Hue})
	}
	for _, f := range []float64{0.6, 1.4} {
		cases = append(cases, opCase{"torchvision brightness", f, Brightness},
			opCase{"torchvision contrast", f, Contrast}, opCase{"torchvision saturation", f, Saturation})
	}
	checkColour(t, cases, true)
}

// TestSaturationTabulatedBlend checks Saturation's tabulated blend on an
// RGBA image holding many colours against blend itself, for factors
// inside and outside 0..1.
func TestSaturationTabulatedBlend(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range m.Pix {
		m.Pix[i] = uint8(i*7919 + i>>8*31)
	}
	for _, f := range []float64{0, 0.37, 0.6, 1, 1.4, 2.5, 9} {
		got := Saturation(nil, m, f).(*image.RGBA)
		a := float32(f)
		for i := 0; i < len(m.Pix); i += 4 {
			p := m.Pix[i : i+4]
			l := luma(p[0], p[1], p[2])
			want := [4]uint8{blend(l, p[0], a), blend(l, p[1], a), blend(l, p[2], a), p[3]}
			if g := [4]uint8(got.Pix[i : i+4]); g != want {
				t.Fatalf("factor %v, pixel %v: %v, blend gives %v", f, p, g, want)
			}
		}
	}
}

// BenchmarkHue turns the hues of a 224x224 RGBA image (the ImageNet
// recipe's output size) with a Scratch kept between calls.
func BenchmarkHue(b *testing.B) {
	m := image.NewRGBA(image.Rect(0, 0, 224, 224))
	for i := range m.Pix {
		m.Pix[i] = uint8(i*7919 + i>>9*13)
	}
	var s Scratch
	s.Reuse()
	for b.Loop() {
		s.Reuse()
		Hue(&s, m, 0.07)
	}
}
