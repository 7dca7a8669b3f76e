package jpegenc_test

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/jpegenc"
	"github.com/augpipe/augpipe/stages"
)

// qualityPhotos returns the photos the quality targets are checked on,
// as the pipeline hands them to the encoder (a *image.YCbCr fitted in a
// 1200 px box): samples/, and the folder AUGPIPE_CORPUS names when it is
// set.
func qualityPhotos(t *testing.T) map[string]image.Image {
	t.Helper()
	dirs := []string{filepath.Join(testimg.RepoRoot(t), "samples")}
	if d := os.Getenv("AUGPIPE_CORPUS"); d != "" {
		dirs = append(dirs, d)
	}
	photos := make(map[string]image.Image)
	for _, dir := range dirs {
		paths, err := filepath.Glob(filepath.Join(dir, "*.jpg"))
		if err != nil || len(paths) == 0 {
			t.Fatalf("no photos in %s (%v)", dir, err)
		}
		for _, p := range paths {
			img := testimg.DecodeFile(t, p)
			b := img.Bounds()
			w, h := stages.ThumbnailSize(b.Dx(), b.Dy(), 1200)
			photos[filepath.Base(p)] = stages.ResizeOriented(nil, img, w, h, 1)
		}
	}
	return photos
}

// rgba returns img's pixels as RGBA, for comparing.
func rgba(img image.Image) *image.RGBA {
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Rect, img, b.Min, draw.Src)
	return m
}

// psnr is the PSNR in dB of two RGBA images of the same size over R, G
// and B.
func psnr(a, b *image.RGBA) float64 {
	var se float64
	for i := 0; i < len(a.Pix); i += 4 {
		for c := range 3 {
			d := float64(a.Pix[i+c]) - float64(b.Pix[i+c])
			se += d * d
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*3*float64(len(a.Pix)/4)/se)
}

// decodedPSNR decodes data and returns its PSNR against src.
func decodedPSNR(t *testing.T, data []byte, src *image.RGBA) float64 {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the output does not decode: %v", err)
	}
	if img.Bounds().Size() != src.Rect.Size() {
		t.Fatalf("decoded %v, want %v", img.Bounds().Size(), src.Rect.Size())
	}
	return psnr(rgba(img), src)
}

// TestQualityAgainstImageJPEG holds jpegenc to the encoder's quality
// targets at every quality from 50 to 95 (step 5; 50, 75 and 95 under the
// race detector): at the same quality, its 4:2:0 output's PSNR against the
// source is within 0.1 dB of image/jpeg's and its size within 2%. With -v
// it logs the table.
// A 4:4:4 output must not be worse than the 4:2:0 one: its Y is coded
// the same, its colour at full resolution.
func TestQualityAgainstImageJPEG(t *testing.T) {
	photos := qualityPhotos(t)
	names := make([]string, 0, len(photos))
	for n := range photos {
		names = append(names, n)
	}
	sort.Strings(names)
	qualities := []int{50, 55, 60, 65, 70, 75, 80, 85, 90, 95}
	if raceOn {
		// Under the race detector image/jpeg is many times slower; the
		// targets are checked at three qualities.
		qualities = []int{50, 75, 95}
	}
	var e jpegenc.Encoder
	type sums struct {
		pRef, p420, p444, maxDiff float64
		bRef, b420, b444          int
	}
	perQ := make(map[int]*sums)
	var log strings.Builder
	log.WriteString("\nphoto | q | PSNR image/jpeg | PSNR jpegenc 420 | PSNR jpegenc 444 | bytes image/jpeg | bytes jpegenc 420 | bytes jpegenc 444\n")
	for _, name := range names {
		img := photos[name]
		src := rgba(img)
		for _, q := range qualities {
			var ref bytes.Buffer
			if err := jpeg.Encode(&ref, img, &jpeg.Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			out420, err := e.Append(nil, img, jpegenc.Options{Quality: q})
			if err != nil {
				t.Fatal(err)
			}
			out444, err := e.Append(nil, img, jpegenc.Options{Quality: q, Subsampling: jpegenc.Sub444})
			if err != nil {
				t.Fatal(err)
			}
			pRef, p420, p444 := decodedPSNR(t, ref.Bytes(), src), decodedPSNR(t, out420, src), decodedPSNR(t, out444, src)
			fmt.Fprintf(&log, "%s | %d | %.2f | %.2f | %.2f | %d | %d | %d\n", name, q, pRef, p420, p444, ref.Len(), len(out420), len(out444))
			if perQ[q] == nil {
				perQ[q] = new(sums)
			}
			sq := perQ[q]
			sq.pRef, sq.p420, sq.p444 = sq.pRef+pRef, sq.p420+p420, sq.p444+p444
			sq.maxDiff = max(sq.maxDiff, math.Abs(p420-pRef))
			sq.bRef, sq.b420, sq.b444 = sq.bRef+ref.Len(), sq.b420+len(out420), sq.b444+len(out444)
			if math.Abs(p420-pRef) > 0.1 {
				t.Errorf("%s q%d: PSNR %.3f dB, image/jpeg %.3f: more than 0.1 dB apart", name, q, p420, pRef)
			}
			if r := float64(len(out420)) / float64(ref.Len()); r < 0.98 || r > 1.02 {
				t.Errorf("%s q%d: %d bytes, image/jpeg %d: more than 2%% apart", name, q, len(out420), ref.Len())
			}
			if p444 < p420 {
				t.Errorf("%s q%d: 4:4:4 PSNR %.3f dB below 4:2:0's %.3f", name, q, p444, p420)
			}
		}
	}
	fmt.Fprintf(&log, "\nover %d photos | q | mean PSNR image/jpeg | jpegenc 420 | largest 420 difference | jpegenc 444 | bytes 420 / image/jpeg | bytes 444 / image/jpeg\n", len(names))
	for _, q := range qualities {
		sq, n := perQ[q], float64(len(names))
		fmt.Fprintf(&log, "| %d | %.2f | %.2f | %.3f | %.2f | %.4f | %.3f\n", q, sq.pRef/n, sq.p420/n, sq.maxDiff, sq.p444/n,
			float64(sq.b420)/float64(sq.bRef), float64(sq.b444)/float64(sq.bRef))
	}
	t.Log(log.String())
}
