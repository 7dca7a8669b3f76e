package jpegenc_test

import (
	"bytes"
	"image"
	"image/jpeg"
	_ "image/jpeg" // DecodeFile reads the samples
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/jpegenc"
	"github.com/augpipe/augpipe/stages"
)

// benchImages returns the images the benchmarks encode: a sample photo as
// decoded (a 1920x1080 *image.YCbCr 4:2:0) and the same photo blurred as
// the default job blurs a thumbnail (sigma 15 at 4000 px is about 5 at
// 1200), which leaves fewer non-zero coefficients.
func benchImages(b *testing.B) map[string]image.Image {
	img := testimg.DecodeFile(b, filepath.Join(testimg.RepoRoot(b), "samples", "seeding-1920.jpg"))
	return map[string]image.Image{
		"sharp":   img,
		"blurred": stages.Blur(nil, img, 5),
	}
}

// BenchmarkEncode compares jpegenc with image/jpeg at quality 75; the
// ms/MP metric is per megapixel of the encoded image.
func BenchmarkEncode(b *testing.B) {
	for _, name := range []string{"blurred", "sharp"} {
		img := benchImages(b)[name]
		mp := float64(img.Bounds().Dx()*img.Bounds().Dy()) / 1e6
		report := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/mp, "ms/MP")
		}
		b.Run(name+"/image-jpeg", func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 75}); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
		for _, sub := range []jpegenc.Subsampling{jpegenc.Sub420, jpegenc.Sub444} {
			b.Run(name+"/jpegenc-"+sub.String(), func(b *testing.B) {
				var e jpegenc.Encoder
				var out []byte
				for b.Loop() {
					var err error
					if out, err = e.Append(out[:0], img, jpegenc.Options{Quality: 75, Subsampling: sub}); err != nil {
						b.Fatal(err)
					}
				}
				report(b)
			})
		}
	}
}
