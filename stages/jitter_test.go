package stages

import (
	"fmt"
	"image"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// pillowOps is the reference for the colour operations: ImageEnhance's
// Brightness, Contrast, Color and Sharpness (what torchvision's
// adjust_brightness, adjust_contrast, adjust_saturation and adjust_sharpness
// call on a PIL image), and torchvision 0.14's functional_pil.adjust_hue,
// whose body is copied here since torchvision is not a test dependency.
// argv: the input PNG, then triples of operation, factor and output PNG.
const pillowOps = `import sys
import numpy as np
from PIL import Image, ImageEnhance

def adjust_hue(img, hue_factor):
    input_mode = img.mode
    if input_mode in {"L", "1", "I", "F"}:
        return img
    h, s, v = img.convert("HSV").split()
    np_h = np.array(h, dtype=np.uint8)
    with np.errstate(over="ignore"):
        np_h += np.uint8(hue_factor * 255)
    h = Image.fromarray(np_h, "L")
    return Image.merge("HSV", (h, s, v)).convert(input_mode)

im = Image.open(sys.argv[1])
if im.mode not in ("L", "RGB"):
    im = im.convert("RGB")
ops = {
    "brightness": lambda f: ImageEnhance.Brightness(im).enhance(f),
    "contrast": lambda f: ImageEnhance.Contrast(im).enhance(f),
    "saturation": lambda f: ImageEnhance.Color(im).enhance(f),
    "sharpness": lambda f: ImageEnhance.Sharpness(im).enhance(f),
    "hue": lambda f: adjust_hue(im, f),
}
args = sys.argv[2:]
for i in range(0, len(args), 3):
    ops[args[i]](float(args[i + 1])).save(args[i + 2])
`

// opCase is one operation with one factor, and its Pillow name.
type opCase struct {
	name   string
	factor float64
	op     func(*Scratch, image.Image, float64) image.Image
}

// comparePillow runs each case on src with Go and with Pillow (on ref,
// src's pixels as Pillow reads them) and returns the PSNR of each, in dB,
// and the largest difference in a sample.
func comparePillow(t *testing.T, src, ref image.Image, cases []opCase) (psnr, diff []float64) {
	t.Helper()
	python, dir, in := pillowInput(t, ref)
	args := []string{in}
	for i, c := range cases {
		args = append(args, c.name, strconv.FormatFloat(c.factor, 'g', -1, 64), filepath.Join(dir, fmt.Sprintf("out%d.png", i)))
	}
	runPillow(t, python, pillowOps, args...)
	for i, c := range cases {
		want := testimg.DecodeFile(t, filepath.Join(dir, fmt.Sprintf("out%d.png", i)))
		got := c.op(nil, src, c.factor)
		psnr = append(psnr, testimg.PSNR(got, want))
		diff = append(diff, maxDiff(t, got, want))
	}
	return psnr, diff
}

// checkPillow compares cases on an RGBA photo-like image, on the same image
// as 4:2:0 YCbCr (Pillow given its RGB), and on its grey, logs the PSNRs
// and requires 40 dB, and the RGBA and grey results equal to Pillow's to
// the byte when exactRGB is set.
func checkPillow(t *testing.T, cases []opCase, exactRGB bool) {
	rgba := testimg.PhotoLike(97, 71, 31)
	ycc := toYCbCr(rgba, image.YCbCrSubsampleRatio420)
	gray := grayOf(rgba)
	pr, dr := comparePillow(t, rgba, rgba, cases)
	py, dy := comparePillow(t, ycc, toRGBA(ycc), cases)
	pg, dg := comparePillow(t, gray, gray, cases)
	for i, c := range cases {
		t.Logf("%s %g: RGBA %.1f dB (max diff %g), YCbCr 4:2:0 %.1f dB (max diff %g), gray %.1f dB",
			c.name, c.factor, pr[i], dr[i], py[i], dy[i], pg[i])
		if min(pr[i], py[i], pg[i]) < 40 {
			t.Errorf("%s %g: PSNR below 40 dB", c.name, c.factor)
		}
		if exactRGB && (dr[i] != 0 || dg[i] != 0) {
			t.Errorf("%s %g: RGBA or gray differs from Pillow by up to %g, %g", c.name, c.factor, dr[i], dg[i])
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
	checkPillow(t, cases, true)
}

// TestHueMatchesTorchvision compares Hue with torchvision's adjust_hue on a
// PIL image (its code, with Pillow's HSV conversions). RGBA must agree to
// the byte; YCbCr is converted to RGB first, so it must too.
func TestHueMatchesTorchvision(t *testing.T) {
	var cases []opCase
	for _, f := range []float64{-0.1, 0.05, 0.3} {
		cases = append(cases, opCase{"hue", f, Hue})
	}
	checkPillow(t, cases, true)
}
