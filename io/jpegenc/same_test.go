package jpegenc_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/jpegenc"
)

// sameAsGo reports whether this Go's image/jpeg is the one whose DCT and
// rounding jpegenc reproduces (Go 1.26); with another the byte-for-byte
// tests skip, and the quality tests still hold jpegenc to its targets.
func sameAsGo(t *testing.T) {
	t.Helper()
	if !goIs126() {
		t.Skipf("jpegenc reproduces Go 1.26's image/jpeg byte for byte; this is %s", runtime.Version())
	}
}

// goIs126 reports whether this is Go 1.26.
func goIs126() bool { return strings.HasPrefix(runtime.Version(), "go1.26") }

// sourceImages returns img as each kind of image jpegenc reads: YCbCr at
// every subsampling, RGBA, NRGBA (opaque and not), a sub-image at an odd
// origin, and an image read through At (Paletted).
func sourceImages(rgba *image.RGBA, seed uint64) map[string]image.Image {
	b := rgba.Bounds()
	out := map[string]image.Image{"rgba": rgba}
	ratios := map[string]image.YCbCrSubsampleRatio{
		"444": image.YCbCrSubsampleRatio444, "422": image.YCbCrSubsampleRatio422,
		"420": image.YCbCrSubsampleRatio420, "440": image.YCbCrSubsampleRatio440,
		"411": image.YCbCrSubsampleRatio411, "410": image.YCbCrSubsampleRatio410,
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	for name, r := range ratios {
		m := image.NewYCbCr(b, r)
		for i := range m.Y {
			m.Y[i] = rgba.Pix[(i%max(1, len(rgba.Pix)/4))*4]
		}
		for i := range m.Cb {
			m.Cb[i] = uint8(96 + rng.IntN(64))
			m.Cr[i] = uint8(110 + rng.IntN(40))
		}
		out["ycbcr"+name] = m
		if b.Dx() > 3 && b.Dy() > 3 {
			out["ycbcr"+name+"-sub"] = m.SubImage(image.Rect(1, 1, b.Dx(), b.Dy()))
		}
	}
	n := image.NewNRGBA(b)
	copy(n.Pix, rgba.Pix)
	out["nrgba"] = n
	na := image.NewNRGBA(b)
	copy(na.Pix, rgba.Pix)
	for i := 3; i < len(na.Pix); i += 4 {
		na.Pix[i] = uint8(rng.IntN(256))
	}
	out["nrgba-alpha"] = na
	g := image.NewGray(b)
	for i := range g.Pix {
		g.Pix[i] = rgba.Pix[4*i+1]
	}
	out["gray"] = g
	if b.Dx() > 2 && b.Dy() > 2 {
		out["gray-sub"] = g.SubImage(image.Rect(1, 2, b.Dx(), b.Dy()))
		out["rgba-sub"] = rgba.SubImage(image.Rect(2, 1, b.Dx(), b.Dy()))
	}
	pal := image.NewPaletted(b, color.Palette{color.Black, color.White, color.RGBA{200, 30, 60, 255}, color.RGBA{20, 130, 250, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(rng.IntN(4))
	}
	out["paletted"] = pal
	return out
}

// TestSameBytesAsImageJPEG checks that a 4:2:0 encoding is byte for byte
// what image/jpeg writes, for every kind of source image, at sizes that
// end inside a block, inside an MCU and on its edge, and at several
// qualities.
func TestSameBytesAsImageJPEG(t *testing.T) {
	sameAsGo(t)
	sizes := [][2]int{{1, 1}, {2, 1}, {1, 3}, {7, 9}, {8, 8}, {15, 17}, {16, 16}, {17, 15}, {33, 31}, {64, 48}, {101, 67}}
	var e jpegenc.Encoder // one encoder throughout: its reused memory must not leak between images
	for i, sz := range sizes {
		src := testimg.PhotoLike(sz[0], sz[1], uint64(i))
		for name, img := range sourceImages(src, uint64(i)) {
			for _, q := range []int{1, 10, 50, 75, 90, 100} {
				var want bytes.Buffer
				if err := jpeg.Encode(&want, img, &jpeg.Options{Quality: q}); err != nil {
					t.Fatal(err)
				}
				got, err := e.Append(nil, img, jpegenc.Options{Quality: q})
				if err != nil {
					t.Fatalf("%dx%d %s q%d: %v", sz[0], sz[1], name, q, err)
				}
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("%dx%d %s q%d: %d bytes, image/jpeg %d; first difference at %d",
						sz[0], sz[1], name, q, len(got), want.Len(), firstDiff(got, want.Bytes()))
				}
			}
		}
	}
}

// firstDiff returns the first offset at which a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
