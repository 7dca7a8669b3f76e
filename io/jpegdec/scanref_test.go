package jpegdec

import (
	"bytes"

	"fmt"
	"image"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// The block decoding of progressive AC refinement scans as it was before
// decodeACRefine kept the bit reader and the mask in locals and inlined
// the Huffman look-up and the correction loop: the reference that the new
// one must match bit for bit, on valid and on damaged data.

// storeACRef saves the non-zero AC coefficient k of a block, if the scale
// uses it, and keeps the block's non-zero mask. Coefficients are kept in 16
// bits, wrapped when they do not fit (no conforming 8-bit encoder makes
// such); one that wraps to 0 is a zero from then on.
func storeACRef(blk []int16, slot *[64]int8, mask *uint64, k int, v int32) {
	*mask |= 1 << uint(k)
	if j := slot[k&63]; j >= 0 {
		blk[j] = int16(v)
		if int16(v) == 0 {
			*mask &^= 1 << uint(k)
		}
	}
}

// decodeACRefineRef decodes a successive-approximation refinement of a band of
// AC coefficients of a progressive block (G.1.2.3).
func (d *Decoder) decodeACRefineRef(s *scan, _ int, c *component, bx, by int) error {
	blk, slot := d.progBlock(c, bx, by)
	mask := &c.nz[by*c.bw+bx]
	r := &d.br
	h := s.ac[0]
	delta := int32(1) << s.al
	k := s.ss
	if d.eobrun == 0 {
		for ; k <= s.se; k++ {
			if r.n < 32 {
				r.fill()
			}
			sym, ok := h.decode(r)
			if !ok {
				return h.err()
			}
			run, size := int(sym>>4), sym&15
			z := int32(0)
			switch size {
			case 0:
				if run != 15 {
					d.eobrun = 1 << run
					if run > 0 {
						d.eobrun |= int(r.bits(uint(run)))
					}
					goto eob
				}
			case 1:
				z = delta
				if !r.bit() {
					z = -z
				}
			default:
				return FormatError("bad refinement symbol")
			}
			k = d.refineNonZeroesRef(blk, slot, mask, k, s.se, run, delta)
			if k > s.se {
				return FormatError("too many coefficients")
			}
			if z != 0 {
				storeACRef(blk, slot, mask, k, z)
			}
		}
	}
eob:
	if d.eobrun > 0 {
		d.eobrun--
		d.refineNonZeroesRef(blk, slot, mask, k, s.se, -1, delta)
	}
	return nil
}

// refineNonZeroesRef adds a correction bit to each non-zero coefficient from
// k on, stopping at the (nz+1)th zero coefficient (never, if nz < 0), whose
// index it returns. It jumps over zero runs with the block's mask.
func (d *Decoder) refineNonZeroesRef(blk []int16, slot *[64]int8, mask *uint64, k, se, nz int, delta int32) int {
	r := &d.br
	acc, n := r.acc, r.n
	for k <= se {
		z := bits.TrailingZeros64(*mask >> uint(k)) // zeros from k on
		z = min(z, se+1-k)
		if nz >= 0 {
			if nz < z {
				k += nz
				break
			}
			nz -= z
		}
		k += z
		if k > se {
			break
		}
		if n == 0 {
			r.acc, r.n = acc, n
			r.fill()
			acc, n = r.acc, r.n
		}
		bit := acc >> 63
		acc <<= 1
		n--
		if j := slot[k&63]; bit != 0 && j >= 0 {
			v := int32(blk[j])
			if v >= 0 {
				v += delta
			} else {
				v -= delta
			}
			blk[j] = int16(v)
			if int16(v) == 0 {
				*mask &^= 1 << uint(k) // wrapped (see storeACRef)
			}
		}
		k++
	}
	r.acc, r.n = acc, n
	return k
}

// decodeRef decodes data as Decode does, but with decodeACRefineRef for
// the refinement scans.
func decodeRef(d *Decoder, data []byte, opts Options) (image.Image, error) {
	return d.decode(data, opts, func(s *scan) error { return d.decodeScanWith(s, (*Decoder).decodeACRefineRef) })
}

// checkSameAsRef decodes data at every scale with decodeNoSkip and with
// decodeRef and fails unless both fail with the same error or both give
// the same samples.
func checkSameAsRef(t *testing.T, data []byte) {
	t.Helper()
	var d, ref Decoder
	for _, s := range []int{1, 2, 4, 8} {
		opts := Options{Scale: s, MaxPixels: fuzzMaxPixels}
		got, err := decodeNoSkip(&d, data, opts) // the refinement scans decoded at 1/8 too
		want, rerr := decodeRef(&ref, data, opts)
		if fmt.Sprint(err) != fmt.Sprint(rerr) {
			t.Fatalf("1/%d: error %v, reference %v", s, err, rerr)
		}
		if err != nil {
			continue
		}
		if msg := samePixels(got, want); msg != "" {
			t.Fatalf("1/%d: %s", s, msg)
		}
	}
}

// samePixels describes how two decoded images differ, or returns "".
func samePixels(a, b image.Image) string {
	if a.Bounds() != b.Bounds() || ratioOf(a) != ratioOf(b) {
		return fmt.Sprintf("%T %v against %T %v", a, a.Bounds(), b, b.Bounds())
	}
	pa, err := planesOf(a)
	if err != nil {
		return err.Error()
	}
	pb, err := planesOf(b)
	if err != nil {
		return err.Error()
	}
	for i := range pa {
		for y := 0; y < pa[i].h; y++ {
			for x := 0; x < pa[i].w; x++ {
				if pa[i].at(x, y) != pb[i].at(x, y) {
					return fmt.Sprintf("plane %d differs at (%d, %d): %d against %d", i, x, y, pa[i].at(x, y), pb[i].at(x, y))
				}
			}
		}
	}
	return ""
}

// refineInputs are the test files, with $AUGPIPE_CORPUS's photos when set.
func refineInputs(t testing.TB) []string {
	files := append(globFiles(t, "../../samples/*.jpg"), globFiles(t, "testdata/*.jpg")...)
	if dir := os.Getenv("AUGPIPE_CORPUS"); dir != "" {
		files = append(files, globFiles(t, filepath.Join(dir, "*.jpg"))...)
	}
	return files
}

func TestACRefineMatchesReference(t *testing.T) {
	for _, f := range refineInputs(t) {
		t.Run(filepath.Base(f), func(t *testing.T) { checkSameAsRef(t, readFile(t, f)) })
	}
}

// TestACRefineMatchesReferenceDamaged changes bytes of the test files'
// entropy-coded data at random (seeded), and truncates them, so that the
// refinement scans meet bad codes, bad symbols, too many coefficients and
// short data: both implementations must fail alike or decode alike.
func TestACRefineMatchesReferenceDamaged(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	for _, f := range append(globFiles(t, "../../samples/*.jpg"), globFiles(t, "testdata/*.jpg")...) {
		data := readFile(t, f)
		if !bytes.Contains(data, []byte{0xFF, 0xC2}) {
			continue // no progressive frame: no refinement scan
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			for range 40 {
				m := bytes.Clone(data)
				for range 1 + rng.IntN(4) {
					i := len(m)/4 + rng.IntN(len(m)*3/4)
					m[i] ^= byte(1 + rng.IntN(255))
				}
				checkSameAsRef(t, m)
			}
			for _, cut := range []int{len(data) / 2, len(data) * 3 / 4, len(data) - 3} {
				checkSameAsRef(t, data[:cut])
			}
		})
	}
}

func FuzzACRefine(f *testing.F) {
	for _, name := range append(globFiles(f, "testdata/*.jpg"), "../../samples/chelsea.jpg") {
		f.Add(readFile(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameAsRef(t, data)
	})
}
