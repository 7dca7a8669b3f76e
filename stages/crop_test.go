package stages

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// squareThumbnailSize is ThumbnailSize as it was before boxes had two
// sides (commit 54242f4): FitSize must give the same sizes for a square
// box, or default outputs would change.
func squareThumbnailSize(w, h, box int) (int, int) {
	if box <= 0 || (w <= box && h <= box) {
		return w, h
	}
	aspect := float64(w) / float64(h)
	if w >= h {
		y := roundAspect(float64(box)/aspect, func(n float64) float64 { return math.Abs(aspect - float64(box)/n) })
		return box, y
	}
	x := roundAspect(float64(box)*aspect, func(n float64) float64 { return math.Abs(aspect - n/float64(box)) })
	return x, box
}

func TestFitSizeSquareUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	for range 200000 {
		w, h, box := 1+rng.IntN(9000), 1+rng.IntN(9000), 1+rng.IntN(3000)
		if rng.IntN(4) == 0 { // near-square photos, where rounding ties live
			h = max(1, w+rng.IntN(7)-3)
		}
		gw, gh := FitSize(w, h, box, box, false)
		ww, wh := squareThumbnailSize(w, h, box)
		if gw != ww || gh != wh {
			t.Fatalf("FitSize(%d, %d, %d, %d) = %dx%d, the square rule gives %dx%d", w, h, box, box, gw, gh, ww, wh)
		}
	}
}

// TestFitSizeMatchesPillow checks FitSize with boxes of two sides against
// the sizes Pillow's Image.thumbnail gives (and, with upscale, against
// Pillow's rule without its "already fits" test).
func TestFitSizeMatchesPillow(t *testing.T) {
	python := testimg.PillowPython(t)
	type c struct{ w, h, bw, bh int }
	cases := []c{{3088, 2056, 800, 600}, {3088, 2056, 600, 800}, {2056, 3088, 800, 600}, {4000, 3000, 800, 600},
		{4000, 3000, 801, 600}, {1365, 1074, 300, 1000}, {1000, 1000, 640, 480}, {5312, 2988, 1920, 1080},
		{640, 480, 1200, 100}, {700, 500, 800, 600}, {1201, 1, 1200, 5}, {1, 5000, 7, 1200}}
	rng := rand.New(rand.NewPCG(13, 2))
	for range 200 { // Pillow makes each image: a few megapixels at most
		cases = append(cases, c{1 + rng.IntN(2500), 1 + rng.IntN(2500), 1 + rng.IntN(1500), 1 + rng.IntN(1500)})
	}
	var in strings.Builder
	for _, k := range cases {
		fmt.Fprintf(&in, "%d %d %d %d\n", k.w, k.h, k.bw, k.bh)
	}
	// Pillow's own preserve_aspect_ratio, as Image.thumbnail runs it, with
	// and without the early return for an image that fits.
	script := `import sys, math
from PIL import Image
for line in sys.stdin:
    w, h, x, y = map(int, line.split())
    im = Image.new("L", (w, h))
    im.thumbnail((x, y))
    aspect = w / h
    def round_aspect(number, key):
        return max(min(math.floor(number), math.ceil(number), key=key), 1)
    if x / y >= aspect:
        ux, uy = round_aspect(y * aspect, key=lambda n: abs(aspect - n / y)), y
    else:
        ux, uy = x, round_aspect(x / aspect, key=lambda n: 0 if n == 0 else abs(aspect - x / n))
    print(im.size[0], im.size[1], ux, uy)
`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("Pillow: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("Pillow gave %d lines for %d cases", len(lines), len(cases))
	}
	for i, k := range cases {
		var pw, ph, uw, uh int
		fmt.Sscan(lines[i], &pw, &ph, &uw, &uh)
		if w, h := FitSize(k.w, k.h, k.bw, k.bh, false); w != pw || h != ph {
			t.Errorf("FitSize(%d, %d, %d, %d) = %dx%d, Pillow's thumbnail %dx%d", k.w, k.h, k.bw, k.bh, w, h, pw, ph)
		}
		if w, h := FitSize(k.w, k.h, k.bw, k.bh, true); w != uw || h != uh {
			t.Errorf("FitSize(%d, %d, %d, %d, upscale) = %dx%d, Pillow's rule %dx%d", k.w, k.h, k.bw, k.bh, w, h, uw, uh)
		}
	}
}

func TestFitSizeFreeSide(t *testing.T) {
	cases := []struct {
		w, h, bw, bh int
		up           bool
		ww, wh       int
	}{
		{3088, 2056, 800, 0, false, 800, 533},
		{3088, 2056, 0, 600, false, 901, 600},
		{2056, 3088, 800, 0, false, 800, 1202},
		{700, 500, 800, 0, false, 700, 500},         // fits: unchanged
		{700, 500, 800, 0, true, 800, 571},          // enlarged to the width
		{700, 500, 0, 1000, true, 1400, 1000},       // enlarged to the height
		{1, 60000, 800, 0, true, 1, MaxSide},        // a free side stops at MaxSide
		{640, 480, 0, 0, true, 640, 480},            // no box at all
		{3088, 2056, 1200, 1200, false, 1200, 799},  // the square rule
		{800, 600, 1200, 1200, true, 1200, 900},     // enlarged into the square
		{0, 600, 1200, 1200, true, 0, 600},          // no pixels: as given
		{MaxSide, 2, 0, 100, false, MaxSide, 2},     // fits the free side
		{MaxSide + 1, 2, 0, 100, false, MaxSide, 2}, // but not beyond MaxSide
	}
	for _, c := range cases {
		if w, h := FitSize(c.w, c.h, c.bw, c.bh, c.up); w != c.ww || h != c.wh {
			t.Errorf("FitSize(%d, %d, %d, %d, %v) = %dx%d, want %dx%d", c.w, c.h, c.bw, c.bh, c.up, w, h, c.ww, c.wh)
		}
	}
}

func TestFillSize(t *testing.T) {
	cases := []struct {
		w, h, bw, bh int
		up           bool
		ow, oh       int
		winW, winH   float64
	}{
		{3000, 2000, 600, 600, false, 600, 600, 2000, 2000},
		{2000, 3000, 600, 600, false, 600, 600, 2000, 2000},
		{3000, 2000, 800, 200, false, 800, 200, 3000, 750},
		{3000, 2000, 200, 800, false, 200, 800, 500, 2000},
		{3000, 2000, 1500, 1000, false, 1500, 1000, 3000, 2000}, // same aspect: the whole image
		{1000, 800, 1200, 600, false, 1000, 600, 1000, 600},     // too small: as much of the box as it covers
		{1000, 800, 1200, 600, true, 1200, 600, 1000, 500},      // enlarged to fill it
		{500, 400, 300, 600, false, 300, 400, 300, 400},         // one side too small
		{500, 400, 300, 600, true, 300, 600, 200, 400},
	}
	for _, c := range cases {
		ow, oh, ww, wh := FillSize(c.w, c.h, c.bw, c.bh, c.up)
		if ow != c.ow || oh != c.oh || math.Abs(ww-c.winW) > 1e-9 || math.Abs(wh-c.winH) > 1e-9 {
			t.Errorf("FillSize(%d, %d, %d, %d, %v) = %dx%d from %gx%g, want %dx%d from %gx%g",
				c.w, c.h, c.bw, c.bh, c.up, ow, oh, ww, wh, c.ow, c.oh, c.winW, c.winH)
		}
	}
}

func TestCentreWindow(t *testing.T) {
	cases := []struct {
		w, h       int
		winW, winH float64
		want       Region
	}{
		{3000, 2000, 2000, 2000, Region{500, 0, 2500, 2000}},
		{3001, 2000, 2000, 2000, Region{500, 0, 2500, 2000}}, // whole pixels start on a whole pixel
		{3000, 2000, 1999.5, 2000, Region{500.25, 0, 2499.75, 2000}},
		{1000, 800, 1000, 600, Region{0, 100, 1000, 700}},
	}
	for _, c := range cases {
		if got := CentreWindow(c.w, c.h, c.winW, c.winH); got != c.want {
			t.Errorf("CentreWindow(%d, %d, %g, %g) = %v, want %v", c.w, c.h, c.winW, c.winH, got, c.want)
		}
	}
}

// TestResizeRegionWholeIsResizeOriented checks that the region of the
// whole image gives ResizeOriented's bytes, in every orientation.
func TestResizeRegionWholeIsResizeOriented(t *testing.T) {
	src := toYCbCr(testimg.PhotoLike(301, 203, 31), image.YCbCrSubsampleRatio420)
	for o := 1; o <= 8; o++ {
		W, H := OrientedSize(301, 203, o)
		w, h := FitSize(W, H, 97, 97, false)
		a := ResizeOriented(nil, src, w, h, o).(*image.YCbCr)
		b := ResizeRegion(nil, src, WholeRegion(W, H), w, h, o).(*image.YCbCr)
		if string(a.Y) != string(b.Y) || string(a.Cb) != string(b.Cb) || string(a.Cr) != string(b.Cr) {
			t.Errorf("orientation %d: the whole region differs from ResizeOriented", o)
		}
	}
}

// TestResizeRegionUnscaledIsCrop checks the crop identity: a region of
// whole pixels resized to its own size is a plain crop of the upright
// image, to the byte (luma, grey and RGBA; 4:2:0 chroma is resampled to
// the crop's grid and compared within a level).
func TestResizeRegionUnscaledIsCrop(t *testing.T) {
	rgba := testimg.PhotoLike(151, 97, 32)
	for _, img := range []image.Image{rgba, grayOf(rgba), toYCbCr(rgba, image.YCbCrSubsampleRatio444), toYCbCr(rgba, image.YCbCrSubsampleRatio420)} {
		for o := 1; o <= 8; o++ {
			up := Orient(img, o)
			ub := up.Bounds()
			for _, r := range []image.Rectangle{image.Rect(10, 7, 60, 50), image.Rect(0, 0, ub.Dx(), 3), image.Rect(1, 1, 2, 2)} {
				got := ResizeRegion(nil, img, Region{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)}, r.Dx(), r.Dy(), o)
				want := cropOf(up, r)
				if gb := got.Bounds(); gb.Dx() != r.Dx() || gb.Dy() != r.Dy() {
					t.Fatalf("%T orientation %d %v: got %v", img, o, r, gb)
				}
				switch g := got.(type) {
				case *image.YCbCr:
					w := want.(*image.YCbCr)
					for y := 0; y < r.Dy(); y++ {
						if string(g.Y[y*g.YStride:y*g.YStride+r.Dx()]) != string(w.Y[w.YOffset(r.Min.X, r.Min.Y+y):w.YOffset(r.Min.X, r.Min.Y+y)+r.Dx()]) {
							t.Fatalf("%T %v orientation %d %v: luma row %d is not the crop's", img, w.SubsampleRatio, o, r, y)
						}
					}
					if p := testimg.PSNR(got, want); p < 25 && r.Dx() > 1 {
						t.Errorf("%T %v orientation %d %v: PSNR %.1f dB against the crop (chroma resampled to 4:2:0)", img, w.SubsampleRatio, o, r, p)
					}
				default:
					if d := maxDiff(t, got, want); d != 0 {
						t.Errorf("%T orientation %d %v: up to %g from the crop, want 0", img, o, r, d)
					}
				}
			}
		}
	}
}

// lumaOf returns the luma plane of a *image.YCbCr, and other images as
// they are.
func lumaOf(img image.Image) image.Image {
	if m, ok := img.(*image.YCbCr); ok {
		return &image.Gray{Pix: m.Y, Stride: m.YStride, Rect: m.Rect}
	}
	return img
}

// cropOf returns the part r of img, with its origin at r.Min.
func cropOf(img image.Image, r image.Rectangle) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r.Add(img.Bounds().Min))
}

// TestResizeRegionOrientations checks that a region of the upright frame
// is the same part of the photo whatever the orientation it is stored in:
// resizing a region of a stored image with orientation o looks like
// resizing the same region of the image turned upright first. (The box
// reduction's blocks start at the stored image's corner, which is another
// corner of the upright image: the source is blurred so that where the
// blocks fall does not matter. 4:2:0 chroma samples sit on the stored
// image's grid too, as ResizeOriented's do: luma must agree to 45 dB, the
// colour image to 38.)
func TestResizeRegionOrientations(t *testing.T) {
	rgba := Blur(nil, testimg.PhotoLike(403, 251, 33), 2)
	for _, img := range []image.Image{grayOf(rgba), toYCbCr(rgba, image.YCbCrSubsampleRatio420)} {
		for o := 1; o <= 8; o++ {
			up := Orient(img, o)
			W, H := OrientedSize(403, 251, o)
			r := Region{0.3 * float64(W), 0.1 * float64(H), 0.9 * float64(W), 0.75 * float64(H)}
			got := ResizeRegion(nil, img, r, 71, 53, o)
			want := ResizeRegion(nil, up, r, 71, 53, 1)
			luma, all := testimg.PSNR(lumaOf(got), lumaOf(want)), testimg.PSNR(got, want)
			if luma < 45 || all < 38 {
				t.Errorf("%T orientation %d: PSNR %.1f dB (luma %.1f) against the upright image's region, want >= 38 (45)", img, o, all, luma)
			}
		}
	}
}

// TestResizeRegionMatchesPillow compares ResizeRegion with Pillow's
// Image.resize with a box (bicubic, reducing_gap 1, the factor Resize
// uses) on a single-channel image, as TestResizeMatchesPillow does for
// the whole image: the same window, the same reduction of the part of the
// image the filter reaches, within two grey levels and 50 dB.
func TestResizeRegionMatchesPillow(t *testing.T) {
	src := grayOf(testimg.PhotoLike(641, 427, 35))
	python, dir, in := pillowInput(t, src)
	for _, c := range []struct {
		r    Region
		w, h int
	}{
		{Region{100.5, 0, 527, 427}, 150, 150},
		{Region{0, 53.25, 641, 213.5}, 300, 75},
		{Region{17, 9, 217, 409}, 40, 80},
		{Region{320, 200, 420, 260}, 100, 60},
		{Region{320, 200, 420, 260}, 250, 150},
	} {
		out := filepath.Join(dir, "region.png")
		runPillow(t, python, `import sys
from PIL import Image
im = Image.open(sys.argv[1])
box = tuple(float(v) for v in sys.argv[5:9])
im.resize((int(sys.argv[3]), int(sys.argv[4])), Image.BICUBIC, box=box, reducing_gap=1.0).save(sys.argv[2])`,
			in, out, strconv.Itoa(c.w), strconv.Itoa(c.h), fmt.Sprint(c.r.X0), fmt.Sprint(c.r.Y0), fmt.Sprint(c.r.X1), fmt.Sprint(c.r.Y1))
		want := readGray(t, out)
		got := ResizeRegion(nil, src, c.r, c.w, c.h, 1)
		d, p := maxDiff(t, got, want), testimg.PSNR(got, want)
		t.Logf("%v to %dx%d: up to %g grey levels from Pillow's, PSNR %.1f dB", c.r, c.w, c.h, d, p)
		if d > 2 || p < 50 {
			t.Errorf("%v to %dx%d: up to %g grey levels (limit 2) from Pillow's, PSNR %.1f dB (limit 50)", c.r, c.w, c.h, d, p)
		}
	}
}

// TestCentreCropMatchesPillow compares a centre crop as augpipe makes it
// (FillSize, CentreWindow, ResizeRegion, then Blur with sigma scaled to
// the output) with Pillow's ImageOps.fit(method=BICUBIC, centering=(0.5,
// 0.5)) and the same GaussianBlur, on a colour image. ImageOps.fit
// resamples the window directly where ResizeRegion box-reduces first
// (reducing gap 1, as augpipe's thumbnails), which the blur hides: 45 dB
// at least.
func TestCentreCropMatchesPillow(t *testing.T) {
	src := testimg.PhotoLike(1201, 803, 34)
	python, dir, in := pillowInput(t, src)
	for _, c := range []struct {
		bw, bh int
		sigma  float64
	}{{300, 300, 15}, {400, 100, 15}, {100, 400, 15}, {199, 131, 5}} {
		ow, oh, winW, winH := FillSize(1201, 803, c.bw, c.bh, false)
		sigma := c.sigma * float64(ow) / winW
		got := Blur(nil, ResizeRegion(nil, src, CentreWindow(1201, 803, winW, winH), ow, oh, 1), sigma)
		out := filepath.Join(dir, "fit.png")
		runPillow(t, python, `import sys
from PIL import Image, ImageOps, ImageFilter
im = ImageOps.fit(Image.open(sys.argv[1]).convert("RGB"), (int(sys.argv[3]), int(sys.argv[4])), method=Image.BICUBIC, centering=(0.5, 0.5))
im.filter(ImageFilter.GaussianBlur(float(sys.argv[5]))).save(sys.argv[2])`, in, out, strconv.Itoa(ow), strconv.Itoa(oh), strconv.FormatFloat(sigma, 'g', -1, 64))
		want := testimg.DecodeFile(t, out)
		if gb, wb := got.Bounds(), want.Bounds(); gb.Size() != wb.Size() {
			t.Fatalf("%dx%d: got %v, Pillow %v", c.bw, c.bh, gb, wb)
		}
		p := testimg.PSNR(got, want)
		t.Logf("box %dx%d, blur %g (%.2f on the output): %dx%d, PSNR %.1f dB against ImageOps.fit", c.bw, c.bh, c.sigma, sigma, ow, oh, p)
		if p < 45 {
			t.Errorf("box %dx%d: PSNR %.1f dB against ImageOps.fit, want >= 45", c.bw, c.bh, p)
		}
	}
}
