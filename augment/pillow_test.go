package augment

import (
	"context"
	_ "image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
)

// TestLooksLikePillow runs every photo of samples/ (and of the folder in
// AUGPIPE_CORPUS, when set) through a Processor in both orders and compares
// the output with what Pillow's seed script (blur, then thumbnail) writes:
// the same size within a pixel, and a PSNR of at least 40 dB on every
// photo (45 dB on average).
func TestLooksLikePillow(t *testing.T) {
	python, script := testimg.Pillow(t)
	dirs := []string{"../samples"}
	if d := os.Getenv("AUGPIPE_CORPUS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) { comparePillow(t, python, script, dir) })
	}
}

func comparePillow(t *testing.T, python, script, dir string) {
	ref := t.TempDir()
	if out, err := exec.Command(python, script, "--mode", "sequential", dir, ref).CombinedOutput(); err != nil {
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
			p, err := NewProcessor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			sink := DirSink{Dir: t.TempDir()}
			var sum float64
			n := 0
			for _, in := range inputs {
				name := strings.TrimSuffix(filepath.Base(in.Path), filepath.Ext(in.Path)) + ".jpg"
				rec := p.ProcessTo(context.Background(), in, sink, name)
				if rec.Status != StatusWritten {
					t.Fatalf("%s: %s %s", in.Rel, rec.Status, rec.Err)
				}
				got := testimg.DecodeFile(t, sink.Path(name))
				want := testimg.DecodeFile(t, filepath.Join(ref, "augmented-"+name))
				gb, wb := got.Bounds(), want.Bounds()
				if abs(gb.Dx()-wb.Dx()) > 1 || abs(gb.Dy()-wb.Dy()) > 1 {
					t.Errorf("%s: %dx%d, Pillow's %dx%d", in.Rel, gb.Dx(), gb.Dy(), wb.Dx(), wb.Dy())
					continue
				}
				db := testimg.PSNROverlap(got, want)
				t.Logf("%-40s %4dx%-4d %.2f dB", in.Rel, gb.Dx(), gb.Dy(), db)
				if db < 40 {
					t.Errorf("%s: PSNR %.2f dB against Pillow's output, want >= 40", in.Rel, db)
				}
				sum += db
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
