package pngdec

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// specUnfilter undoes filter ft as the PNG specification writes it.
func specUnfilter(ft byte, cdat, pdat []byte, bpp int) {
	abs := func(x int) int {
		if x < 0 {
			return -x
		}
		return x
	}
	for i := range cdat {
		var a, c int
		if i >= bpp {
			a, c = int(cdat[i-bpp]), int(pdat[i-bpp])
		}
		b := int(pdat[i])
		var pred int
		switch ft {
		case 1:
			pred = a
		case 2:
			pred = b
		case 3:
			pred = (a + b) / 2
		case 4:
			p := a + b - c
			pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
			switch {
			case pa <= pb && pa <= pc:
				pred = a
			case pb <= pc:
				pred = b
			default:
				pred = c
			}
		}
		cdat[i] = uint8(int(cdat[i]) + pred)
	}
}

func TestUnfilterMatchesSpecification(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, bpp := range []int{1, 2, 3, 4, 6, 8} {
		for _, ft := range []byte{1, 2, 3, 4} {
			for _, n := range []int{bpp, 3 * bpp, 17 * bpp, 64 * bpp} {
				t.Run(fmt.Sprintf("bpp%d/filter%d/%d", bpp, ft, n), func(t *testing.T) {
					for trial := 0; trial < 20; trial++ {
						cdat, pdat := make([]byte, n), make([]byte, n)
						for i := range cdat {
							// Small ranges too, so that ties are common.
							if trial%2 == 0 {
								cdat[i], pdat[i] = uint8(rng.IntN(4)), uint8(rng.IntN(4))
							} else {
								cdat[i], pdat[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
							}
						}
						want := bytes.Clone(cdat)
						specUnfilter(ft, want, pdat, bpp)
						switch ft {
						case 1:
							unfilterSub(cdat, bpp)
						case 2:
							unfilterUp(cdat, pdat)
						case 3:
							unfilterAverage(cdat, pdat, bpp)
						case 4:
							unfilterPaeth(cdat, pdat, bpp)
						}
						if !bytes.Equal(cdat, want) {
							t.Fatalf("got %v, want %v", cdat, want)
						}
					}
				})
			}
		}
	}
}

// BenchmarkUnfilterPaeth undoes the Paeth filter on photo-width rows of
// 3-byte (RGB) and 4-byte (RGBA) pixels.
func BenchmarkUnfilterPaeth(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, bpp := range []int{3, 4} {
		cdat, pdat := make([]byte, 4000*bpp), make([]byte, 4000*bpp)
		for i := range cdat {
			cdat[i], pdat[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
		}
		b.Run(fmt.Sprintf("bpp%d", bpp), func(b *testing.B) {
			b.SetBytes(int64(len(cdat)))
			for b.Loop() {
				unfilterPaeth(cdat, pdat, bpp)
			}
		})
	}
}
