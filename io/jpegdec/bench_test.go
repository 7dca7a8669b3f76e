package jpegdec

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchFiles are the repository samples and, with AUGPIPE_CORPUS=DIR, the
// photos in DIR.
func benchFiles(b *testing.B) []string {
	files := globFiles(b, "../../samples/*.jpg")
	if dir := os.Getenv("AUGPIPE_CORPUS"); dir != "" {
		files = append(files, globFiles(b, filepath.Join(dir, "*.jpg"))...)
	}
	return files
}

func benchName(f string) string {
	return strings.TrimSuffix(filepath.Base(f), ".jpg")
}

// reportRates reports full-size megapixels decoded per second of wall-clock
// time and, where measurable, per second of process CPU time.
func reportRates(b *testing.B, mpix float64, cpu time.Duration) {
	b.ReportMetric(mpix*float64(b.N)/b.Elapsed().Seconds(), "Mpix/s")
	if cpu > 0 {
		b.ReportMetric(mpix*float64(b.N)/cpu.Seconds(), "Mpix/cpu-s")
	}
}

// BenchmarkDecode decodes each file with image/jpeg (scale 1, what augpipe
// does today) and with jpegdec at each scale, reusing one Decoder as a
// worker would. Mpix/s counts the pixels of the full-size image.
func BenchmarkDecode(b *testing.B) {
	for _, f := range benchFiles(b) {
		data := readFile(b, f)
		cfg, err := DecodeConfig(data)
		if err != nil {
			b.Fatal(err)
		}
		mpix := float64(cfg.Width*cfg.Height) / 1e6
		b.Run(benchName(f)+"/image-jpeg", func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
			reportRates(b, mpix, processCPU()-cpu)
		})
		for _, s := range []int{1, 2, 4, 8} {
			b.Run(benchName(f)+"/jpegdec-1:"+string(rune('0'+s)), func(b *testing.B) {
				var d Decoder
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					if _, err := d.Decode(data, Options{Scale: s}); err != nil {
						b.Fatal(err)
					}
				}
				reportRates(b, mpix, processCPU()-cpu)
			})
		}
	}
}
