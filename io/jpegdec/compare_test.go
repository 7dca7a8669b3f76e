package jpegdec

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// plane is the visible part of one sample plane.
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

func (p plane) at(x, y int) int { return int(p.pix[y*p.stride+x]) }

// chromaSize is the chroma plane size of a w x h YCbCr image at ratio r.
func chromaSize(w, h int, r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// planesOf returns the planes of an *image.YCbCr or *image.Gray whose
// bounds start at (0, 0).
func planesOf(img image.Image) ([]plane, error) {
	switch m := img.(type) {
	case *image.Gray:
		b := m.Bounds()
		if b.Min != (image.Point{}) {
			return nil, fmt.Errorf("bounds %v do not start at 0,0", b)
		}
		return []plane{{m.Pix, m.Stride, b.Dx(), b.Dy()}}, nil
	case *image.YCbCr:
		b := m.Bounds()
		if b.Min != (image.Point{}) {
			return nil, fmt.Errorf("bounds %v do not start at 0,0", b)
		}
		cw, ch := chromaSize(b.Dx(), b.Dy(), m.SubsampleRatio)
		return []plane{
			{m.Y, m.YStride, b.Dx(), b.Dy()},
			{m.Cb, m.CStride, cw, ch},
			{m.Cr, m.CStride, cw, ch},
		}, nil
	}
	return nil, fmt.Errorf("unexpected image type %T", img)
}

func ratioOf(img image.Image) image.YCbCrSubsampleRatio {
	if m, ok := img.(*image.YCbCr); ok {
		return m.SubsampleRatio
	}
	return -1
}

// diffStats compares got with want plane by plane after checking that they
// have the same type, size and chroma ratio.
func diffStats(got, want []plane) (maxDiff int, psnr float64, err error) {
	if len(got) != len(want) {
		return 0, 0, fmt.Errorf("%d planes, want %d", len(got), len(want))
	}
	var se float64
	n := 0
	for i := range got {
		g, w := got[i], want[i]
		if g.w != w.w || g.h != w.h {
			return 0, 0, fmt.Errorf("plane %d is %dx%d, want %dx%d", i, g.w, g.h, w.w, w.h)
		}
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				d := g.at(x, y) - w.at(x, y)
				if d < 0 {
					d = -d
				}
				maxDiff = max(maxDiff, d)
				se += float64(d * d)
				n++
			}
		}
	}
	if se == 0 {
		return maxDiff, math.Inf(1), nil
	}
	return maxDiff, 10 * math.Log10(255*255*float64(n)/se), nil
}

// boxDown averages s x s boxes of each plane exactly (partial boxes at the
// right and bottom edges average the samples they hold).
func boxDown(ps []plane, s int) []plane {
	out := make([]plane, len(ps))
	for i, p := range ps {
		w, h := (p.w+s-1)/s, (p.h+s-1)/s
		q := plane{make([]byte, w*h), w, w, h}
		sums := make([]int, w)
		counts := make([]int, w)
		for y := 0; y < h; y++ {
			clear(sums)
			clear(counts)
			for yy := y * s; yy < min(y*s+s, p.h); yy++ {
				row := p.pix[yy*p.stride : yy*p.stride+p.w]
				for x, v := range row {
					sums[x/s] += int(v)
					counts[x/s]++
				}
			}
			for x := range sums {
				q.pix[y*w+x] = byte((sums[x] + counts[x]/2) / counts[x])
			}
		}
		out[i] = q
	}
	return out
}

// compareWithRef decodes data at scale s with jpegdec and refData with
// image/jpeg. With interior, only full s x s boxes are compared.
func compareWithRef(data, refData []byte, s int, interior bool) (maxDiff int, psnr float64, err error) {
	ref, err := jpeg.Decode(bytes.NewReader(refData))
	if err != nil {
		return 0, 0, fmt.Errorf("image/jpeg: %v", err)
	}
	return compareWithImage(data, ref, s, interior)
}

// compareWithImage decodes data at scale s with jpegdec and compares it
// with ref box-averaged by s.
func compareWithImage(data []byte, ref image.Image, s int, interior bool) (maxDiff int, psnr float64, err error) {
	full, err := planesOf(ref)
	if err != nil {
		return 0, 0, err
	}
	want := full
	if s > 1 {
		want = boxDown(full, s)
	}
	img, err := Decode(data, Options{Scale: s})
	if err != nil {
		return 0, 0, fmt.Errorf("jpegdec: %v", err)
	}
	if ratioOf(img) != ratioOf(ref) {
		return 0, 0, fmt.Errorf("ratio %v, image/jpeg %v", ratioOf(img), ratioOf(ref))
	}
	got, err := planesOf(img)
	if err != nil {
		return 0, 0, err
	}
	if interior && len(got) == len(want) {
		for i := range got {
			w, h := full[i].w/s, full[i].h/s
			got[i].w, got[i].h = min(got[i].w, w), min(got[i].h, h)
			want[i].w, want[i].h = min(want[i].w, w), min(want[i].h, h)
		}
	}
	return diffStats(got, want)
}

func globFiles(t testing.TB, pattern string) []string {
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// testFiles are the repository samples and the supported fixtures.
func testFiles(t testing.TB) []string {
	var out []string
	for _, f := range append(globFiles(t, "../../samples/*.jpg"), globFiles(t, "testdata/*.jpg")...) {
		if !strings.HasPrefix(filepath.Base(f), "unsup_") && !strings.HasSuffix(f, "_seq.jpg") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatal("no test files")
	}
	return out
}

func readFile(t testing.TB, name string) []byte {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// refFile returns the file image/jpeg decodes as the reference for name:
// name itself or its sequential transcode name_seq.jpg when there is one.
func refFile(t testing.TB, name string) []byte {
	seq := strings.TrimSuffix(name, ".jpg") + "_seq.jpg"
	if _, err := os.Stat(seq); err == nil {
		return readFile(t, seq)
	}
	return readFile(t, name)
}
