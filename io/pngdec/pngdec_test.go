package pngdec_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/imgerr"
	"github.com/augpipe/augpipe/io/pngdec"
)

// suite returns the PNG files of Go's own image/png tests: the PNG suite
// (every colour type and bit depth, tRNS, interlacing, filters, odd sizes)
// and image/png's invalid and benchmark files.
func suite(t testing.TB) map[string][]byte {
	t.Helper()
	root := filepath.Join(runtime.GOROOT(), "src", "image", "png", "testdata")
	files := map[string][]byte{}
	for _, pattern := range []string{"pngsuite/*.png", "*.png"} {
		names, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			files[strings.TrimPrefix(n, root+"/")] = b
		}
	}
	if len(files) < 40 {
		t.Skipf("Go's PNG test files not found under %s (GOROOT without sources?)", root)
	}
	return files
}

// samePixels reports where a and b first differ, or "" when they have the
// same type, bounds and pixels.
func samePixels(a, b image.Image) string {
	if fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
		return fmt.Sprintf("type %T, want %T", a, b)
	}
	if a.Bounds() != b.Bounds() {
		return fmt.Sprintf("bounds %v, want %v", a.Bounds(), b.Bounds())
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ca, cb := a.At(x, y), b.At(x, y)
			if ca != cb {
				return fmt.Sprintf("pixel (%d,%d) = %v, want %v", x, y, ca, cb)
			}
		}
	}
	return ""
}

func TestFullSizeEqualsImagePNG(t *testing.T) {
	var dec pngdec.Decoder // one decoder for all: buffers reused across images
	for name, data := range suite(t) {
		t.Run(name, func(t *testing.T) {
			want, werr := png.Decode(bytes.NewReader(data))
			got, err := dec.Decode(data, pngdec.Options{})
			switch {
			case werr != nil:
				if err == nil {
					t.Fatalf("decoded; image/png says %v", werr)
				}
				if !errors.Is(err, imgerr.ErrCorrupt) {
					t.Errorf("error %v is not ErrCorrupt", err)
				}
			case err != nil:
				t.Fatalf("error %v; image/png decodes it", err)
			default:
				if d := samePixels(got, want); d != "" {
					t.Fatal(d)
				}
			}
		})
	}
}

// stagesForm is what augpipe's stages work on, made from image/png's image
// with image/draw: grey stays grey (16-bit keeps the high byte), the rest
// becomes RGBA, premultiplied or (flatten) composited onto white, or is kept
// as NRGBA when it is NRGBA and opaque.
func stagesForm(img image.Image, flatten bool) (pix []uint8, ch int, kind string) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.Gray:
		return m.Pix, 1, "*image.Gray"
	case *image.Gray16:
		g := image.NewGray(b)
		draw.Draw(g, b, m, b.Min, draw.Src)
		return g.Pix, 1, "*image.Gray"
	}
	opaque := img.(interface{ Opaque() bool }).Opaque()
	kind = "*image.RGBA"
	if _, ok := img.(*image.NRGBA); ok && opaque {
		kind = "*image.NRGBA"
	}
	dst := image.NewRGBA(b)
	if flatten && !opaque {
		draw.Draw(dst, b, image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(dst, b, img, b.Min, draw.Over)
	} else {
		draw.Draw(dst, b, img, b.Min, draw.Src)
	}
	return dst.Pix, 4, kind
}

// boxReduce averages kx x ky blocks of a w x h image of ch channels,
// rounding halves up; edge blocks average the pixels they have.
func boxReduce(pix []uint8, w, h, ch, kx, ky int) []uint8 {
	ow, oh := (w+kx-1)/kx, (h+ky-1)/ky
	out := make([]uint8, ow*oh*ch)
	for yo := 0; yo < oh; yo++ {
		for xo := 0; xo < ow; xo++ {
			for c := 0; c < ch; c++ {
				sum, n := 0, 0
				for y := yo * ky; y < min(yo*ky+ky, h); y++ {
					for x := xo * kx; x < min(xo*kx+kx, w); x++ {
						sum += int(pix[(y*w+x)*ch+c])
						n++
					}
				}
				out[(yo*ow+xo)*ch+c] = uint8((sum + n/2) / n)
			}
		}
	}
	return out
}

// pixOf returns the samples of a shrunk image: grey, RGBA or NRGBA.
func pixOf(img image.Image) []uint8 {
	switch m := img.(type) {
	case *image.Gray:
		return m.Pix
	case *image.RGBA:
		return m.Pix
	case *image.NRGBA:
		return m.Pix
	}
	return nil
}

func TestReducedEqualsStagesForm(t *testing.T) {
	var dec pngdec.Decoder
	factors := [][2]int{{1, 1}, {1, 3}, {3, 1}, {2, 2}, {3, 3}, {2, 5}, {7, 4}, {40, 40}}
	for name, data := range suite(t) {
		want, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			continue // invalid: covered above
		}
		b := want.Bounds()
		for _, f := range factors {
			for _, flatten := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%dx%d/flatten=%v", name, f[0], f[1], flatten), func(t *testing.T) {
					called := false
					got, err := dec.Decode(data, pngdec.Options{Flatten: flatten, Reduce: func(w, h int) (int, int) {
						if w != b.Dx() || h != b.Dy() {
							t.Errorf("Reduce(%d, %d), want the size %v", w, h, b.Size())
						}
						called = true
						return f[0], f[1]
					}})
					if err != nil {
						t.Fatal(err)
					}
					if !called { // interlaced, or 16-bit with transparency: as without Reduce
						if d := samePixels(got, want); d != "" {
							t.Fatal(d)
						}
						return
					}
					pix, ch, kind := stagesForm(want, flatten)
					if k := fmt.Sprintf("%T", got); k != kind {
						t.Fatalf("type %s, want %s", k, kind)
					}
					wantPix := boxReduce(pix, b.Dx(), b.Dy(), ch, f[0], f[1])
					gotPix := pixOf(got)
					if ow, oh := (b.Dx()+f[0]-1)/f[0], (b.Dy()+f[1]-1)/f[1]; got.Bounds() != image.Rect(0, 0, ow, oh) {
						t.Fatalf("bounds %v, want %dx%d", got.Bounds(), ow, oh)
					}
					if !bytes.Equal(gotPix, wantPix) {
						for i := range wantPix {
							if gotPix[i] != wantPix[i] {
								t.Fatalf("byte %d (pixel %d) = %d, want %d", i, i/ch, gotPix[i], wantPix[i])
							}
						}
					}
				})
			}
		}
	}
}

// TestYCbCrIsTheShrunkRGB checks the YCbCr option: the shrunk colour
// image, luma per pixel as image/jpeg's encoder converts, chroma that of
// each 2 x 2 block's mean colour.
func TestYCbCrIsTheShrunkRGB(t *testing.T) {
	var dec pngdec.Decoder
	for _, name := range []string{"pngsuite/basn2c08.png", "pngsuite/basn6a08.png", "pngsuite/basn3p08.png", "pngsuite/basn2c16.png"} {
		data := suite(t)[name]
		for _, k := range []int{1, 3} {
			reduce := func(w, h int) (int, int) { return k, k }
			rgb, err := dec.Decode(data, pngdec.Options{Reduce: reduce, Flatten: true})
			if err != nil {
				t.Fatal(err)
			}
			img, err := dec.Decode(data, pngdec.Options{Reduce: reduce, Flatten: true, YCbCr: true})
			if err != nil {
				t.Fatal(err)
			}
			m, ok := img.(*image.YCbCr)
			if !ok || m.SubsampleRatio != image.YCbCrSubsampleRatio420 || m.Rect != rgb.Bounds() {
				t.Fatalf("%s 1/%d: %T %v, want a 4:2:0 *image.YCbCr of %v", name, k, img, img.Bounds(), rgb.Bounds())
			}
			b := m.Rect
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					r, g, bb, _ := rgb.At(x, y).RGBA()
					yy, _, _ := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bb>>8))
					if m.Y[m.YOffset(x, y)] != yy {
						t.Fatalf("%s 1/%d: Y(%d,%d) = %d, want %d", name, k, x, y, m.Y[m.YOffset(x, y)], yy)
					}
				}
			}
			for cy := 0; cy < (b.Dy()+1)/2; cy++ {
				for cx := 0; cx < (b.Dx()+1)/2; cx++ {
					var sum [3]int
					n := 0
					for y := 2 * cy; y < min(2*cy+2, b.Dy()); y++ {
						for x := 2 * cx; x < min(2*cx+2, b.Dx()); x++ {
							r, g, bb, _ := rgb.At(x, y).RGBA()
							sum[0], sum[1], sum[2], n = sum[0]+int(r>>8), sum[1]+int(g>>8), sum[2]+int(bb>>8), n+1
						}
					}
					_, u, v := color.RGBToYCbCr(uint8((sum[0]+n/2)/n), uint8((sum[1]+n/2)/n), uint8((sum[2]+n/2)/n))
					o := m.COffset(2*cx, 2*cy)
					if m.Cb[o] != u || m.Cr[o] != v {
						t.Fatalf("%s 1/%d: chroma (%d,%d) = %d,%d, want %d,%d", name, k, cx, cy, m.Cb[o], m.Cr[o], u, v)
					}
				}
			}
		}
	}
}

// countingAlloc is an Allocator that counts the images it makes.
type countingAlloc struct{ ycbcr, gray int }

func (a *countingAlloc) NewYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	a.ycbcr++
	return image.NewYCbCr(r, ratio)
}

func (a *countingAlloc) NewGray(r image.Rectangle) *image.Gray {
	a.gray++
	return image.NewGray(r)
}

// TestAllocMakesShrunkImages checks that shrunk decoding makes its YCbCr
// and grey images with Options.Alloc, which lets a caller recycle them.
func TestAllocMakesShrunkImages(t *testing.T) {
	var dec pngdec.Decoder
	files := suite(t)
	var a countingAlloc
	reduce := func(w, h int) (int, int) { return 2, 2 }
	for _, name := range []string{"pngsuite/basn2c08.png", "pngsuite/basn0g08.png"} {
		if _, err := dec.Decode(files[name], pngdec.Options{Reduce: reduce, Flatten: true, YCbCr: true, Alloc: &a}); err != nil {
			t.Fatal(err)
		}
	}
	if a.ycbcr != 1 || a.gray != 1 {
		t.Errorf("Alloc made %d YCbCr and %d grey images, want 1 and 1", a.ycbcr, a.gray)
	}
}

// TestReducedTallBlocks checks shrinking by blocks of more than 257 rows,
// summed in 32 bits rather than in 16-bit lanes, for each kind of row,
// with a new Decoder each time (no buffer left large by an earlier image).
func TestReducedTallBlocks(t *testing.T) {
	const w, h = 37, 601
	rgb := image.NewNRGBA(image.Rect(0, 0, w, h))
	rgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	grey := image.NewGray(image.Rect(0, 0, w, h))
	for i := range rgb.Pix {
		v := uint8(i*7 + i/97)
		rgb.Pix[i], rgba.Pix[i] = v, v
		if i%4 == 3 {
			rgb.Pix[i] = 0xff
		}
	}
	for i := range grey.Pix {
		grey.Pix[i] = uint8(i * 5)
	}
	for _, src := range []struct {
		name string
		img  image.Image
	}{{"RGB", rgb}, {"RGBA", rgba}, {"grey", grey}} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, src.img); err != nil {
			t.Fatal(err)
		}
		want, err := png.Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range [][2]int{{1, 258}, {3, 300}, {2, h}} {
			t.Run(fmt.Sprintf("%s/%dx%d", src.name, f[0], f[1]), func(t *testing.T) {
				var dec pngdec.Decoder
				got, err := dec.Decode(buf.Bytes(), pngdec.Options{Reduce: func(w, h int) (int, int) { return f[0], f[1] }})
				if err != nil {
					t.Fatal(err)
				}
				pix, ch, kind := stagesForm(want, false)
				if k := fmt.Sprintf("%T", got); k != kind {
					t.Fatalf("type %s, want %s", k, kind)
				}
				if !bytes.Equal(pixOf(got), boxReduce(pix, w, h, ch, f[0], f[1])) {
					t.Fatal("pixels differ from the stages' form box-reduced")
				}
			})
		}
	}
}
