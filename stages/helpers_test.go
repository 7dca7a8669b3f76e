package stages

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

// photoLike returns a deterministic w x h RGBA image with what photos have:
// smooth gradients, soft blobs, hard edges, fine texture and noise.
func photoLike(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 7))
	type blob struct{ x, y, r, cr, cg, cb float64 }
	blobs := make([]blob, 12)
	for i := range blobs {
		blobs[i] = blob{rng.Float64() * float64(w), rng.Float64() * float64(h), (0.05 + 0.2*rng.Float64()) * float64(min(w, h)),
			rng.Float64()*200 - 100, rng.Float64()*200 - 100, rng.Float64()*200 - 100}
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			r, g, b := 60+120*fx, 80+100*fy, 140-80*fx*fy
			for _, bl := range blobs {
				d := math.Hypot(float64(x)-bl.x, float64(y)-bl.y) / bl.r
				if d < 1 {
					e := 1 - d*d
					r, g, b = r+bl.cr*e, g+bl.cg*e, b+bl.cb*e
				}
			}
			if x > w/3 && x < w/2 && y > h/4 && y < 3*h/4 { // a hard-edged rectangle
				r, g, b = 240, 230, 40
			}
			t := 25 * math.Sin(float64(x)*0.9) * math.Sin(float64(y)*0.7) // fine texture
			n := rng.NormFloat64() * 6                                    // sensor noise
			img.SetRGBA(x, y, color.RGBA{clamp8(r + t + n), clamp8(g + t + n), clamp8(b + t + n), 255})
		}
	}
	return img
}

func clamp8(v float64) uint8 {
	return uint8(max(0, min(255, math.Round(v))))
}

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
			dst.Cb[o] = clamp8(cbSum[i] / cnt[i])
			dst.Cr[o] = clamp8(crSum[i] / cnt[i])
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

// psnr compares two images' RGB samples, in dB (+Inf when equal).
func psnr(t testing.TB, a, b image.Image) float64 {
	t.Helper()
	aw, ah, ap := rgbOf(a)
	bw, bh, bp := rgbOf(b)
	if aw != bw || ah != bh {
		t.Fatalf("sizes differ: %dx%d vs %dx%d", aw, ah, bw, bh)
	}
	var se float64
	for i := range ap {
		d := ap[i] - bp[i]
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(ap))))
}

// maxDiff is the largest difference between two images' RGB samples.
func maxDiff(t testing.TB, a, b image.Image) float64 {
	t.Helper()
	_, _, ap := rgbOf(a)
	_, _, bp := rgbOf(b)
	m := 0.0
	for i := range ap {
		m = max(m, math.Abs(ap[i]-bp[i]))
	}
	return m
}
