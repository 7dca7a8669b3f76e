package augment

import (
	"context"
	"image"
	_ "image/jpeg"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/imgfile"
)

// The Pillow reference script and the interpreter that has Pillow.
const (
	pillowPython = "/usr/bin/python3"
	seedScript   = "/work/shared/reference/seed_augment.py"
)

// TestLooksLikePillow runs every photo of samples/ (and of the folder in
// AUGPIPE_CORPUS, when set) through ProcessFile in both orders and compares
// the output with what Pillow's seed script (blur, then thumbnail) writes:
// the same size within a pixel, and a PSNR of at least 40 dB on every
// photo (45 dB on average).
func TestLooksLikePillow(t *testing.T) {
	if err := exec.Command(pillowPython, "-c", "import PIL").Run(); err != nil {
		t.Skipf("skipping the comparison with Pillow: %s cannot import PIL (apt-get install python3-pil): %v", pillowPython, err)
	}
	if _, err := os.Stat(seedScript); err != nil {
		t.Skipf("skipping the comparison with Pillow: no reference script: %v", err)
	}
	dirs := []string{"../samples"}
	if d := os.Getenv("AUGPIPE_CORPUS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) { comparePillow(t, dir) })
	}
}

func comparePillow(t *testing.T, dir string) {
	ref := t.TempDir()
	if out, err := exec.Command(pillowPython, seedScript, "--mode", "sequential", dir, ref).CombinedOutput(); err != nil {
		t.Fatalf("Pillow seed script: %v\n%s", err, out)
	}
	inputs, _, err := imgfile.Find(context.Background(), dir, imgfile.FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range []string{OrderFitFirst, OrderBlurFirst} {
		t.Run(order, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Order = order
			out := t.TempDir()
			var sum float64
			n := 0
			for _, in := range inputs {
				name := strings.TrimSuffix(filepath.Base(in.Path), filepath.Ext(in.Path)) + ".jpg"
				rec := ProcessFile(context.Background(), &cfg, in, filepath.Join(out, name))
				if rec.Status != StatusWritten {
					t.Fatalf("%s: %s %s", in.Rel, rec.Status, rec.Err)
				}
				got := decodeFile(t, filepath.Join(out, name))
				want := decodeFile(t, filepath.Join(ref, "augmented-"+name))
				gb, wb := got.Bounds(), want.Bounds()
				if abs(gb.Dx()-wb.Dx()) > 1 || abs(gb.Dy()-wb.Dy()) > 1 {
					t.Errorf("%s: %dx%d, Pillow's %dx%d", in.Rel, gb.Dx(), gb.Dy(), wb.Dx(), wb.Dy())
					continue
				}
				p := rgbPSNR(got, want)
				t.Logf("%-40s %4dx%-4d %.2f dB", in.Rel, gb.Dx(), gb.Dy(), p)
				if p < 40 {
					t.Errorf("%s: PSNR %.2f dB against Pillow's output, want >= 40", in.Rel, p)
				}
				sum += p
				n++
			}
			if n > 0 {
				t.Logf("mean PSNR %.2f dB over %d photos", sum/float64(n), n)
			}
			if n > 0 && sum/float64(n) < 45 {
				t.Errorf("mean PSNR %.2f dB against Pillow's outputs, want >= 45", sum/float64(n))
			}
		})
	}
}

func abs(x int) int { return max(x, -x) }

// rgbPSNR compares the 8-bit RGB samples of the common area of two images.
func rgbPSNR(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	w, h := min(ab.Dx(), bb.Dx()), min(ab.Dy(), bb.Dy())
	var se float64
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			for _, d := range [3]float64{float64(r1>>8) - float64(r2>>8), float64(g1>>8) - float64(g2>>8), float64(b1>>8) - float64(b2>>8)} {
				se += d * d
			}
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*3*float64(w*h)/se)
}
