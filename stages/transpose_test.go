package stages

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomPlane returns a w x h single-channel plane of random bytes whose
// stride exceeds w by pad.
func randomPlane(rng *rand.Rand, w, h, pad int) plane {
	p := plane{pix: make([]uint8, (w+pad)*h), w: w, h: h, stride: w + pad, ch: 1}
	for i := range p.pix {
		p.pix[i] = uint8(rng.UintN(256))
	}
	return p
}

// transposeSizes are plane sides around the 16 x 16 blocks and the 64 x 64
// tiles.
var transposeSizes = []int{1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 130}

func TestTransposePlane(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, w := range transposeSizes {
		for _, h := range transposeSizes {
			src := randomPlane(rng, w, h, w%3)
			dst := plane{pix: make([]uint8, w*h), w: h, h: w, stride: h, ch: 1}
			transposePlane(dst, src)
			for y := range h {
				for x := range w {
					if got, want := dst.pix[x*h+y], src.pix[y*src.stride+x]; got != want {
						t.Fatalf("%dx%d: dst(%d,%d) = %d, want src(%d,%d) = %d", w, h, y, x, got, x, y, want)
					}
				}
			}
		}
	}
}

func TestBlurRowsTransposedMatchesRows(t *testing.T) {
	if !transposing() {
		t.Skip("the horizontal passes are not transposed on this build")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	var s Scratch
	for _, sigma := range []float64{0.3, 1, 3, 15, 60} {
		for _, w := range transposeSizes {
			for _, h := range []int{1, 8, 13, 64, 150} {
				t.Run(fmt.Sprintf("sigma%g/%dx%d", sigma, w, h), func(t *testing.T) {
					src := randomPlane(rng, w, h, 3)
					k := newBoxKernel(sigma)
					want := plane{pix: make([]uint8, (w+5)*h), w: w, h: h, stride: w + 5, ch: 1}
					got := plane{pix: make([]uint8, (w+5)*h), w: w, h: h, stride: w + 5, ch: 1}
					blurRows(&s, want, src, k)
					blurRowsTransposed(&s, got, src, k)
					if !bytes.Equal(got.pix, want.pix) {
						t.Errorf("transposed passes differ from the row passes")
					}
				})
			}
		}
	}
}

func TestResampleRowsTransposedMatchesRows(t *testing.T) {
	if !transposing() {
		t.Skip("the horizontal passes are not transposed on this build")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	var s Scratch
	for _, srcW := range []int{1, 5, 9, 16, 37, 130, 301} {
		for _, dstW := range []int{1, 3, 8, 20, 150, 400} {
			for _, h := range []int{1, 9, 20, 150} {
				t.Run(fmt.Sprintf("%d-to-%d/h%d", srcW, dstW, h), func(t *testing.T) {
					src := randomPlane(rng, srcW, h, 2)
					want := plane{pix: make([]uint8, dstW*h), w: dstW, h: h, stride: dstW, ch: 1}
					got := plane{pix: make([]uint8, dstW*h), w: dstW, h: h, stride: dstW, ch: 1}
					b, k, ks := coefficients(&s, &s.boundX, &s.coefX, srcW, 0.25, float32(srcW)-0.5, dstW)
					resampleRowsOf(&s, got, src, b, k, ks)
					// resampleRows may rewrite the taps (fixTaps): after.
					resampleRows(want, src, b, k, ks)
					if !bytes.Equal(got.pix, want.pix) {
						t.Errorf("transposed pass differs from the row pass")
					}
				})
			}
		}
	}
}

// BenchmarkTranspose transposes the plane the thumbnail's horizontal pass
// starts from (a reduced 8-megapixel photo's luma at the thumbnail's
// height) and the 1200 x 900 thumbnail's luma.
func BenchmarkTranspose(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range [][2]int{{1632, 900}, {1200, 900}} {
		w, h := size[0], size[1]
		b.Run(fmt.Sprintf("%dx%d", w, h), func(b *testing.B) {
			src := randomPlane(rng, w, h, 0)
			dst := plane{pix: make([]uint8, w*h), w: h, h: w, stride: h, ch: 1}
			b.SetBytes(int64(w * h))
			for b.Loop() {
				transposePlane(dst, src)
			}
		})
	}
}
