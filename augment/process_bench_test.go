package augment

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/augpipe/augpipe/io/imgfile"
)

// benchPhotos returns the paths and the bytes of every JPEG of
// AUGPIPE_CORPUS (default: samples/), skipping the benchmark when there is
// none.
func benchPhotos(b *testing.B) (paths []string, files [][]byte) {
	dir := os.Getenv("AUGPIPE_CORPUS")
	if dir == "" {
		dir = "../samples"
	}
	paths, _ = filepath.Glob(filepath.Join(dir, "*.jpg"))
	if len(paths) == 0 {
		b.Skip("no photos in", dir)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
	}
	return paths, files
}

// BenchmarkTransform runs decode, blur, thumbnail and encode (no file I/O)
// on every photo of AUGPIPE_CORPUS (default: samples/), one worker's
// scratch reused, in each order; ns/op is per pass over all the photos.
// Use it with -cpuprofile to see where the time goes.
func BenchmarkTransform(b *testing.B) {
	_, files := benchPhotos(b)
	b.Run("decode-only", func(b *testing.B) {
		var mp float64
		b.ReportAllocs()
		cpu0 := cpuTime()
		for b.Loop() {
			mp = 0
			for _, data := range files {
				d, err := imgfile.Decode(data, 0)
				if err != nil {
					b.Fatal(err)
				}
				mp += float64(d.Image.Bounds().Dx()*d.Image.Bounds().Dy()) / 1e6
			}
		}
		b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N)/mp, "cpu-ms/MP")
	})
	for _, order := range []string{OrderFitFirst, OrderBlurFirst} {
		b.Run(order, func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.Order = order
			p, err := NewProcessor(cfg)
			if err != nil {
				b.Fatal(err)
			}
			var mp float64
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				mp = 0
				for _, data := range files {
					_, rec, err := p.Process(context.Background(), data)
					if err != nil {
						b.Fatal(err)
					}
					mp += rec.Megapixels()
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N)/mp, "cpu-ms/MP")
		})
	}
}

// cpuTime is the process's user+system CPU time: on a shared, busy machine
// it is a steadier measure than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
