package imgfile

import (
	"image"
	"os"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time: on a shared, busy machine
// it is a steadier measure than the wall time ns/op is based on.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDecode decodes a real 2-megapixel photo (samples/), and with
// AUGPIPE_CORPUS=DIR set, nothing more: the corpus is measured by bench/.
func BenchmarkDecode(b *testing.B) {
	data, err := os.ReadFile("../../samples/seeding-1920.jpg")
	if err != nil {
		b.Skip("samples/seeding-1920.jpg:", err)
	}
	d, err := Decode(data, 0)
	if err != nil {
		b.Fatal(err)
	}
	px := d.Image.Bounds().Dx() * d.Image.Bounds().Dy()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := Decode(data, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(px)*float64(b.N)/1e6/b.Elapsed().Seconds(), "Mpix/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N)/(float64(px)/1e6), "cpu-ms/MP")
}

// BenchmarkEncode encodes a 1200x800 4:2:0 YCbCr thumbnail at quality 75,
// the pipeline's output (Mpix/s counts output pixels).
func BenchmarkEncode(b *testing.B) {
	data, err := os.ReadFile("../../samples/seeding-1920.jpg")
	if err != nil {
		b.Skip("samples/seeding-1920.jpg:", err)
	}
	d, err := Decode(data, 0)
	if err != nil {
		b.Fatal(err)
	}
	src := d.Image.(*image.YCbCr)
	img := src.SubImage(image.Rect(0, 0, 1200, 800)).(*image.YCbCr)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := EncodeJPEG(img, 75); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1200*800*float64(b.N)/1e6/b.Elapsed().Seconds(), "Mpix/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
}
