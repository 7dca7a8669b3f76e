package stages

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// toYCbCr converts an image to YCbCr with the given chroma subsampling, each
// chroma sample the mean of the pixels it covers (as a JPEG encoder does).
func toYCbCr(src image.Image, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	b := src.Bounds()
	dst := image.NewYCbCr(image.Rect(0, 0, b.Dx(), b.Dy()), ratio)
	hs, vs := subsampling(ratio)
	cw, ch := (b.Dx()+hs-1)/hs, (b.Dy()+vs-1)/vs
	cbSum := make([]float64, cw*ch)
	crSum := make([]float64, cw*ch)
	cnt := make([]float64, cw*ch)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, g, bb, _ := src.At(b.Min.X+x, b.Min.Y+y).RGBA()
			Y, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bb>>8))
			dst.Y[dst.YOffset(x, y)] = Y
			i := (y/vs)*cw + x/hs
			cbSum[i] += float64(cb)
			crSum[i] += float64(cr)
			cnt[i]++
		}
	}
	for cy := 0; cy < ch; cy++ {
		for cx := 0; cx < cw; cx++ {
			i := cy*cw + cx
			o := cy*dst.CStride + cx
			dst.Cb[o] = testimg.Clamp8(cbSum[i] / cnt[i])
			dst.Cr[o] = testimg.Clamp8(crSum[i] / cnt[i])
		}
	}
	return dst
}

// rgbOf returns an image's 8-bit non-premultiplied RGB samples.
func rgbOf(img image.Image) (w, h int, pix []float64) {
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	pix = make([]float64, 0, 3*w*h)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			pix = append(pix, float64(c.R), float64(c.G), float64(c.B))
		}
	}
	return w, h, pix
}

// maxDiff is the largest difference between two images' RGB samples; the
// images must be of the same size.
func maxDiff(t testing.TB, a, b image.Image) float64 {
	t.Helper()
	aw, ah, ap := rgbOf(a)
	bw, bh, bp := rgbOf(b)
	if aw != bw || ah != bh {
		t.Fatalf("sizes differ: %dx%d vs %dx%d", aw, ah, bw, bh)
	}
	m := 0.0
	for i := range ap {
		m = max(m, math.Abs(ap[i]-bp[i]))
	}
	return m
}

// thumbnail shrinks img to fit inside a box x box square, to the size
// ThumbnailSize gives, with Resize. An image that already fits is returned
// unchanged.
func thumbnail(s *Scratch, img image.Image, box int) image.Image {
	b := img.Bounds()
	w, h := ThumbnailSize(b.Dx(), b.Dy(), box)
	return Resize(s, img, w, h)
}
