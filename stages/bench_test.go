package stages

import (
	"image"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// benchYCbCr returns a photo-sized w x h YCbCr image with smooth content,
// texture and noise (filled plane by plane: fast to build).
func benchYCbCr(w, h int, r image.YCbCrSubsampleRatio) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), r)
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		row := m.Y[y*m.YStride : y*m.YStride+w]
		for x := range row {
			v := 60 + 120*float64(x)/float64(w) + 40*math.Sin(float64(y)*0.01) + 20*math.Sin(float64(x)*0.8) + float64(rng.IntN(9))
			row[x] = uint8(max(0, min(255, v)))
		}
	}
	hs, vs := subsampling(r)
	cw, ch := (w+hs-1)/hs, (h+vs-1)/vs
	for y := 0; y < ch; y++ {
		for x := 0; x < cw; x++ {
			m.Cb[y*m.CStride+x] = uint8(100 + 50*float64(x)/float64(cw) + float64(rng.IntN(5)))
			m.Cr[y*m.CStride+x] = uint8(150 - 60*float64(y)/float64(ch) + float64(rng.IntN(5)))
		}
	}
	return m
}

// Photo-like sizes: the corpus's typical 8-megapixel 4:2:2 photo, its
// 1200-pixel thumbnail, and the blur's sigma at each size.
const (
	benchW, benchH = 3264, 2448
	benchSigma     = 15.0
)

// cpuTime is the process's user+system CPU time: on a shared, busy machine
// it is a steadier measure than the wall time ns/op is based on.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportMpix reports throughput in Mpix/s (wall) and CPU ms per megapixel,
// given the CPU time when the timed loop started.
func reportMpix(b *testing.B, pixels int, cpu0 time.Duration) {
	mp := float64(pixels) / 1e6
	b.ReportMetric(mp*float64(b.N)/b.Elapsed().Seconds(), "Mpix/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(b.N)/mp, "cpu-ms/MP")
}

// BenchmarkBlur: blur-first blurs the full-size image; fit-first blurs the
// thumbnail with sigma scaled to it. Mpix/s counts the pixels blurred.
func BenchmarkBlur(b *testing.B) {
	full := benchYCbCr(benchW, benchH, image.YCbCrSubsampleRatio422)
	tw, th := ThumbnailSize(benchW, benchH, 1200)
	small := Resize(nil, full, tw, th)
	cases := []struct {
		name  string
		img   image.Image
		sigma float64
	}{
		{"blur-first/8MP-422", full, benchSigma},
		{"fit-first/1200x900-420", small, benchSigma * float64(tw) / benchW},
		{"gray/8MP", &image.Gray{Pix: full.Y, Stride: full.YStride, Rect: full.Rect}, benchSigma},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var s Scratch
			Blur(&s, c.img, c.sigma) // grow the scratch buffers
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for b.Loop() {
				Blur(&s, c.img, c.sigma)
			}
			reportMpix(b, c.img.Bounds().Dx()*c.img.Bounds().Dy(), cpu0)
		})
	}
}

// BenchmarkThumbnail shrinks the full-size image into the 1200 box, from
// 4:2:2 and 4:2:0 (Mpix/s counts input pixels).
func BenchmarkThumbnail(b *testing.B) {
	for _, r := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420} {
		img := benchYCbCr(benchW, benchH, r)
		b.Run(r.String(), func(b *testing.B) {
			var s Scratch
			thumbnail(&s, img, 1200)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for b.Loop() {
				thumbnail(&s, img, 1200)
			}
			reportMpix(b, benchW*benchH, cpu0)
		})
	}
}

// BenchmarkOrient turns a 1200x900 thumbnail by 90 degrees.
func BenchmarkOrient(b *testing.B) {
	img := benchYCbCr(1200, 900, image.YCbCrSubsampleRatio420)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		Orient(img, 6)
	}
	reportMpix(b, 1200*900, cpu0)
}
