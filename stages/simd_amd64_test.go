//go:build !purego

package stages

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/sys/cpu"
)

// fillBytes fills b by kind: "random", "zero", "max" (255) or "alternate"
// (0 and 255, the widest swings).
func fillBytes(rng *rand.Rand, b []uint8, kind string) {
	for i := range b {
		switch kind {
		case "random":
			b[i] = uint8(rng.UintN(256))
		case "zero":
			b[i] = 0
		case "max":
			b[i] = 255
		case "alternate":
			b[i] = uint8(255 * ((i + rng.IntN(2)) % 2))
		}
	}
}

func needAVX2(t *testing.T) {
	t.Helper()
	if !cpu.X86.HasAVX2 {
		t.Skip("no AVX2: the assembly is not used on this CPU")
	}
}

// kernelLengths are row lengths around the 32- and 8-column steps, and
// photo-sized ones.
func kernelLengths() []int {
	n := make([]int, 0, 110)
	for i := 0; i <= 100; i++ {
		n = append(n, i)
	}
	return append(n, 127, 255, 256, 257, 600, 1199, 1200, 3264, 4099)
}

func TestColumnStepAVX2MatchesGo(t *testing.T) {
	needAVX2(t)
	rng := rand.New(rand.NewPCG(3, 4))
	kernels := []struct {
		name   string
		ww, fw uint32
		accMax uint32 // accumulators drawn from [0, accMax]
	}{
		{"sigma0.5", newBoxKernel(0.5).ww, newBoxKernel(0.5).fw, 255 * 3},
		{"sigma3", newBoxKernel(3).ww, newBoxKernel(3).fw, 255 * 11},
		{"sigma15", newBoxKernel(15).ww, newBoxKernel(15).fw, 255 * 51},
		{"sigma80", newBoxKernel(80).ww, newBoxKernel(80).fw, 255 * 300},
		// Weights and sums out of any kernel's range: both must wrap alike.
		{"wrapping", 0xFFFFFFF, 0x7654321, 1<<32 - 1},
	}
	for _, k := range kernels {
		for _, kind := range []string{"random", "zero", "max", "alternate"} {
			for _, n := range kernelLengths() {
				sub, add, far := make([]uint8, n), make([]uint8, n), make([]uint8, n)
				fillBytes(rng, sub, kind)
				fillBytes(rng, add, kind)
				fillBytes(rng, far, kind)
				acc := make([]uint32, n)
				for i := range acc {
					acc[i] = uint32(rng.Uint64N(uint64(k.accMax) + 1))
				}
				accGo := slices.Clone(acc)
				out, outGo := make([]uint8, n), make([]uint8, n)
				columnStep(out, sub, add, far, acc, k.ww, k.fw)
				columnStepGo(outGo, sub, add, far, accGo, k.ww, k.fw)
				if !bytes.Equal(out, outGo) || !slices.Equal(acc, accGo) {
					t.Fatalf("%s %s n=%d: out or acc differs from the Go code", k.name, kind, n)
				}
			}
		}
	}
}

func TestResampleColumnsAVX2MatchesGo(t *testing.T) {
	needAVX2(t)
	rng := rand.New(rand.NewPCG(5, 6))
	var s Scratch
	cases := []struct {
		name   string
		srcH   int
		in0    float32
		in1    float32
		dstH   int
		random bool // random coefficients of any size, not a filter's
	}{
		{"shrink1.3", 13, 0, 13, 10, false},
		{"shrink2", 40, 0, 40, 20, false},
		{"shrink1.9-region", 50, 3.5, 41.2, 20, false},
		{"enlarge", 7, 0, 7, 19, false},
		{"one-row", 1, 0, 1, 3, false},
		{"random-taps", 30, 0, 30, 17, true},
	}
	for _, c := range cases {
		for _, kind := range []string{"random", "zero", "max", "alternate"} {
			for _, w := range kernelLengths() {
				if w == 0 {
					continue
				}
				b, k, ks := coefficients(&s, &s.boundY, &s.coefY, c.srcH, c.in0, c.in1, c.dstH)
				if c.random {
					for i := range k {
						k[i] = int32(rng.Uint32())
					}
				}
				stride := w + rng.IntN(9)
				src := plane{pix: make([]uint8, stride*(c.srcH-1)+w), w: w, h: c.srcH, stride: stride, ch: 1}
				fillBytes(rng, src.pix, kind)
				got := plane{pix: make([]uint8, w*c.dstH), w: w, h: c.dstH, stride: w, ch: 1}
				want := plane{pix: make([]uint8, w*c.dstH), w: w, h: c.dstH, stride: w, ch: 1}
				resampleColumns(got, src, b, k, ks, make([]int32, w))
				resampleColumnsGo(want, src, b, k, ks, make([]int32, w))
				if !bytes.Equal(got.pix, want.pix) {
					t.Fatalf("%s %s w=%d: rows differ from the Go code", c.name, kind, w)
				}
			}
		}
	}
}
