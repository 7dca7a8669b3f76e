package stages

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

func TestThumbnailSize(t *testing.T) {
	cases := []struct {
		w, h, box    int
		wantW, wantH int
	}{
		{3088, 2056, 1200, 1200, 799}, // Pillow's rounding: 798.4 -> 799, not truncated to 798
		{2056, 3088, 1200, 799, 1200}, // the same, portrait
		{5312, 2988, 1200, 1200, 675},
		{4272, 2848, 1200, 1200, 800},
		{2560, 3837, 1200, 801, 1200},
		{1365, 1074, 1200, 1200, 944},
		{2000, 2000, 1200, 1200, 1200},
		{1200, 900, 1200, 1200, 900}, // fits: unchanged
		{800, 600, 1200, 800, 600},   // never enlarged
		{1201, 1, 1200, 1200, 1},     // never below 1
		{1, 5000, 1200, 1, 1200},
		{640, 480, 0, 640, 480}, // no box: unchanged
	}
	for _, c := range cases {
		w, h := ThumbnailSize(c.w, c.h, c.box)
		if w != c.wantW || h != c.wantH {
			t.Errorf("ThumbnailSize(%d, %d, %d) = %dx%d, want %dx%d", c.w, c.h, c.box, w, h, c.wantW, c.wantH)
		}
	}
}

// TestThumbnailTypes checks size, aspect, no enlargement and the type
// returned for each kind of image.
func TestThumbnailTypes(t *testing.T) {
	rgba := testimg.PhotoLike(309, 206, 5)
	nrgba := image.NewNRGBA(rgba.Rect)
	copy(nrgba.Pix, rgba.Pix)
	cases := []struct {
		name string
		img  image.Image
		box  int
		want string
	}{
		{"ycbcr 4:2:0", toYCbCr(rgba, image.YCbCrSubsampleRatio420), 120, "*image.YCbCr"},
		{"ycbcr 4:2:2", toYCbCr(rgba, image.YCbCrSubsampleRatio422), 120, "*image.YCbCr"},
		{"ycbcr 4:4:4", toYCbCr(rgba, image.YCbCrSubsampleRatio444), 120, "*image.YCbCr"},
		{"ycbcr 4:1:1", toYCbCr(rgba, image.YCbCrSubsampleRatio411), 31, "*image.YCbCr"},
		{"gray", grayOf(rgba), 100, "*image.Gray"},
		{"rgba", rgba, 77, "*image.RGBA"},
		{"nrgba", nrgba, 150, "*image.NRGBA"},
		{"paletted", image.NewPaletted(rgba.Rect, color.Palette{color.Black, color.White}), 50, "*image.RGBA"},
		{"fits", rgba, 400, "*image.RGBA"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := thumbnail(nil, c.img, c.box)
			w, h := out.Bounds().Dx(), out.Bounds().Dy()
			ww, wh := ThumbnailSize(309, 206, c.box)
			if w != ww || h != wh {
				t.Fatalf("got %dx%d, want %dx%d", w, h, ww, wh)
			}
			if w > max(c.box, 309) || h > max(c.box, 206) || w > 309 || h > 206 {
				t.Errorf("%dx%d: enlarged or outside the box", w, h)
			}
			if a := float64(w) / float64(h); math.Abs(a-309.0/206) > 1.0/float64(h) {
				t.Errorf("aspect %.4f, want %.4f within a pixel", a, 309.0/206)
			}
			if typeName(out) != c.want {
				t.Errorf("got %s, want %s", typeName(out), c.want)
			}
			if m, ok := out.(*image.YCbCr); ok && m.SubsampleRatio != image.YCbCrSubsampleRatio420 {
				t.Errorf("YCbCr output %v, want 4:2:0", m.SubsampleRatio)
			}
		})
	}
	if out := thumbnail(nil, rgba, 400); out != image.Image(rgba) {
		t.Errorf("an image that fits must be returned unchanged")
	}
}

// TestResizeFlat checks that a flat image stays flat at every scale (the
// filter's weights sum to one, also at the edges and in partial blocks).
func TestResizeFlat(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {7, 5}, {100, 3}, {33, 33}, {250, 200}, {401, 97}} {
		g := image.NewGray(image.Rect(0, 0, 1003, 709))
		for i := range g.Pix {
			g.Pix[i] = 201
		}
		out := Resize(nil, g, size[0], size[1]).(*image.Gray)
		for i, p := range out.Pix {
			if p != 201 {
				t.Fatalf("%v: pixel %d is %d, want 201", size, i, p)
			}
		}
	}
}

// TestResizeYCbCrPlanes checks that resizing plane by plane (chroma at its
// own resolution, output 4:2:0) looks like resizing the RGB image and
// storing it as JPEG does (4:2:0: hard colour edges cannot be compared at
// full resolution).
func TestResizeYCbCrPlanes(t *testing.T) {
	rgb := testimg.PhotoLike(613, 411, 6)
	for _, r := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440} {
		ycc := toYCbCr(rgb, r)
		got := Blur(nil, thumbnail(nil, ycc, 150), 1.5)
		ref := toYCbCr(Blur(nil, thumbnail(nil, toRGBA(ycc), 150), 1.5), image.YCbCrSubsampleRatio420)
		p := testimg.PSNR(got, ref)
		t.Logf("%v: PSNR against the RGB path %.1f dB", r, p)
		if p < 40 {
			t.Errorf("%v: PSNR against the RGB path %.1f dB, want >= 40", r, p)
		}
	}
}

// TestScratchReuse checks that results do not depend on what a Scratch
// held before: outputs must be byte-identical with a fresh and a used one.
func TestScratchReuse(t *testing.T) {
	big := toYCbCr(testimg.PhotoLike(500, 333, 7), image.YCbCrSubsampleRatio422)
	small := toYCbCr(testimg.PhotoLike(210, 170, 8), image.YCbCrSubsampleRatio420)
	run := func(s *Scratch, img image.Image) *image.YCbCr {
		return Orient(Blur(s, thumbnail(s, Blur(s, img, 3), 100), 2), 6).(*image.YCbCr)
	}
	var s Scratch
	run(&s, big)
	got := run(&s, small)
	want := run(nil, small)
	if string(got.Y) != string(want.Y) || string(got.Cb) != string(want.Cb) || string(got.Cr) != string(want.Cr) {
		t.Fatal("results differ between a fresh and a reused Scratch")
	}
}

// TestFitFirstLooksLikeBlurFirst checks the default order's premise:
// thumbnail then blur with sigma scaled by the thumbnail's ratio looks like
// blur then thumbnail.
func TestFitFirstLooksLikeBlurFirst(t *testing.T) {
	for _, c := range []struct {
		w, h  int
		seed  uint64
		ratio image.YCbCrSubsampleRatio
	}{
		{1600, 1067, 9, image.YCbCrSubsampleRatio420},
		{1000, 1500, 10, image.YCbCrSubsampleRatio422},
		{1300, 1000, 11, image.YCbCrSubsampleRatio444},
	} {
		img := toYCbCr(testimg.PhotoLike(c.w, c.h, c.seed), c.ratio)
		const box, sigma = 300, 15
		blurFirst := thumbnail(nil, Blur(nil, img, sigma), box)
		small := thumbnail(nil, img, box)
		fitFirst := Blur(nil, small, sigma*float64(small.Bounds().Dx())/float64(c.w))
		p := testimg.PSNR(fitFirst, blurFirst)
		t.Logf("%dx%d %v: fit-first vs blur-first %.1f dB", c.w, c.h, c.ratio, p)
		if p < 40 {
			t.Errorf("%dx%d: fit-first vs blur-first PSNR %.1f dB, want >= 40", c.w, c.h, p)
		}
	}
}

// TestReduceMatchesAverages checks the box reduction, fast paths included,
// against block means rounded half up, for every factor pair and edge case.
func TestReduceMatchesAverages(t *testing.T) {
	src := grayOf(testimg.PhotoLike(37, 23, 14))
	sp := grayPlane(src)
	for _, k := range [][2]int{{2, 2}, {2, 1}, {1, 2}, {1, 3}, {1, 5}, {3, 3}, {4, 4}, {3, 5}, {2, 3}, {5, 2}, {7, 7}} {
		kx, ky := k[0], k[1]
		rw, rh := (37+kx-1)/kx, (23+ky-1)/ky
		dst := plane{pix: make([]uint8, rw*rh), w: rw, h: rh, stride: rw, ch: 1}
		reducePlane(new(Scratch), dst, sp, kx, ky)
		for yo := 0; yo < rh; yo++ {
			for xo := 0; xo < rw; xo++ {
				sum, n := 0, 0
				for y := yo * ky; y < min(yo*ky+ky, 23); y++ {
					for x := xo * kx; x < min(xo*kx+kx, 37); x++ {
						sum += int(src.Pix[y*src.Stride+x])
						n++
					}
				}
				if want := (sum + n/2) / n; int(dst.pix[yo*rw+xo]) != want {
					t.Fatalf("%dx%d: (%d,%d) = %d, want %d", kx, ky, xo, yo, dst.pix[yo*rw+xo], want)
				}
			}
		}
	}
}

// TestTinyImages runs every operation on images smaller than the blur's box
// and the SWAR words, in every orientation: no panic, the right sizes.
func TestTinyImages(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {1, 7}, {7, 1}, {3, 2}, {9, 5}, {17, 3}} {
		src := testimg.PhotoLike(size[0], size[1], 15)
		for _, img := range []image.Image{src, grayOf(src), toYCbCr(src, image.YCbCrSubsampleRatio420), toYCbCr(src, image.YCbCrSubsampleRatio422)} {
			for o := 1; o <= 8; o++ {
				W, H := OrientedSize(size[0], size[1], o)
				for _, box := range []int{1, 2, 4, 100} {
					w, h := ThumbnailSize(W, H, box)
					out := Blur(nil, ResizeOriented(nil, Blur(nil, img, 15), w, h, o), 40)
					if b := out.Bounds(); b.Dx() != w || b.Dy() != h {
						t.Fatalf("%v %T orientation %d box %d: %v, want %dx%d", size, img, o, box, b, w, h)
					}
				}
			}
		}
	}
}
