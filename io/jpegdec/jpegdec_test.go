package jpegdec

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFilesScale1(t *testing.T) {
	for _, f := range testFiles(t) {
		md, psnr, err := compareWithRef(readFile(t, f), refFile(t, f), 1, false)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		t.Logf("%s: max diff %d, PSNR %.1f dB", filepath.Base(f), md, psnr)
		if md > 2 {
			t.Errorf("%s: max diff %d > 2", f, md)
		}
	}
}

func TestFilesScaled(t *testing.T) {
	for _, f := range testFiles(t) {
		data := readFile(t, f)
		ref, err := jpeg.Decode(bytes.NewReader(refFile(t, f)))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []int{2, 4, 8} {
			md, psnr, err := compareWithImage(data, ref, s, false)
			if err != nil {
				t.Errorf("%s 1/%d: %v", f, s, err)
				continue
			}
			t.Logf("%s 1/%d: max diff %d, PSNR %.1f dB", filepath.Base(f), s, md, psnr)
			if psnr < 45 {
				t.Errorf("%s 1/%d: PSNR %.1f dB < 45", f, s, psnr)
			}
		}
	}
}

// testImage draws a deterministic picture with gradients, edges and noise.
func testImage(w, h int, gray bool, seed uint64) image.Image {
	rng := rand.New(rand.NewPCG(seed, 1))
	var g *image.Gray
	var c *image.RGBA
	if gray {
		g = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		c = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r := uint8(x * 255 / max(w, 1))
			gg := uint8(y * 255 / max(h, 1))
			b := uint8(0)
			if (x/5+y/3)%2 == 0 {
				b = 200
			}
			n := uint8(rng.IntN(40))
			if gray {
				g.SetGray(x, y, color.Gray{r/2 + gg/3 + b/8 + n})
			} else {
				c.SetRGBA(x, y, color.RGBA{r, gg + n, b + n/2, 255})
			}
		}
	}
	if gray {
		return g
	}
	return c
}

func encode(t testing.TB, img image.Image, quality int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var testSizes = [][2]int{{1, 1}, {2, 3}, {7, 5}, {8, 8}, {9, 17}, {16, 16}, {17, 9}, {31, 33}, {64, 48}, {100, 75}}

func TestGenerated(t *testing.T) {
	for _, sz := range testSizes {
		for _, gray := range []bool{false, true} {
			for _, q := range []int{50, 90, 100} {
				data := encode(t, testImage(sz[0], sz[1], gray, uint64(sz[0]*1000+sz[1])), q)
				for _, s := range []int{1, 2, 4, 8} {
					md, psnr, err := compareWithRef(data, data, s, false)
					if err != nil {
						t.Errorf("%v gray=%v q=%d 1/%d: %v", sz, gray, q, s, err)
						continue
					}
					if s == 1 && md > 2 {
						t.Errorf("%v gray=%v q=%d: max diff %d > 2", sz, gray, q, md)
					}
					if s > 1 && psnr < 45 {
						t.Errorf("%v gray=%v q=%d 1/%d: PSNR %.1f < 45", sz, gray, q, s, psnr)
					}
				}
			}
		}
	}
}

func TestCorpus(t *testing.T) {
	dir := os.Getenv("AUGPIPE_CORPUS")
	if dir == "" {
		t.Skip("set AUGPIPE_CORPUS=DIR to test the photos in DIR")
	}
	files := globFiles(t, filepath.Join(dir, "*.jpg"))
	if len(files) == 0 {
		t.Fatalf("no *.jpg in %s", dir)
	}
	for _, f := range files {
		data := readFile(t, f)
		ref, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []int{1, 2, 4, 8} {
			md, psnr, err := compareWithImage(data, ref, s, false)
			if err != nil {
				t.Errorf("%s 1/%d: %v", f, s, err)
				continue
			}
			t.Logf("%s 1/%d: max diff %d, PSNR %.1f dB", filepath.Base(f), s, md, psnr)
			if s == 1 && (psnr < 50 || md > 2) {
				t.Errorf("%s: PSNR %.1f dB, max diff %d (want >= 50 dB, <= 2)", f, psnr, md)
			}
			if s > 1 && psnr < 45 {
				t.Errorf("%s 1/%d: PSNR %.1f dB < 45", f, s, psnr)
			}
		}
	}
}

func TestUnsupported(t *testing.T) {
	for _, f := range globFiles(t, "testdata/unsup_*.jpg") {
		data := readFile(t, f)
		if _, err := Decode(data, Options{}); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: Decode error %v, want ErrUnsupported", f, err)
		}
		if _, err := DecodeConfig(data); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: DecodeConfig error %v, want ErrUnsupported", f, err)
		}
	}
}

func TestDecodeConfig(t *testing.T) {
	for _, f := range testFiles(t) {
		data := readFile(t, f)
		want, err := jpeg.DecodeConfig(bytes.NewReader(refFile(t, f)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeConfig(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if got.Width != want.Width || got.Height != want.Height || got.ColorModel != want.ColorModel {
			t.Errorf("%s: config %dx%d %v, want %dx%d %v", f, got.Width, got.Height, got.ColorModel, want.Width, want.Height, want.ColorModel)
		}
	}
}

func TestMaxPixels(t *testing.T) {
	data := readFile(t, "testdata/prog420.jpg") // 37x29
	if _, err := Decode(data, Options{MaxPixels: 37*29 - 1}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v, want ErrTooLarge", err)
	}
	if _, err := Decode(data, Options{MaxPixels: 37 * 29}); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

func TestBadScale(t *testing.T) {
	data := readFile(t, "testdata/base420.jpg")
	for _, s := range []int{-1, 3, 16} {
		if _, err := Decode(data, Options{Scale: s}); err == nil {
			t.Errorf("scale %d: no error", s)
		}
	}
}

func TestScaledSize(t *testing.T) {
	data := readFile(t, "testdata/base444_17x9.jpg")
	for _, s := range []int{1, 2, 4, 8} {
		img, err := Decode(data, Options{Scale: s})
		if err != nil {
			t.Fatal(err)
		}
		want := image.Rect(0, 0, (17+s-1)/s, (9+s-1)/s)
		if img.Bounds() != want {
			t.Errorf("1/%d: bounds %v, want %v", s, img.Bounds(), want)
		}
	}
}

// TestDecoderReuse decodes files of different kinds with one Decoder and
// checks each result against a fresh decode.
func TestDecoderReuse(t *testing.T) {
	var d Decoder
	var files []string
	for _, f := range testFiles(t) {
		if strings.HasPrefix(f, "testdata/") || strings.HasSuffix(f, "chelsea.jpg") {
			files = append(files, f)
		}
	}
	for round := 0; round < 2; round++ {
		for i, f := range files {
			data := readFile(t, f)
			s := 1 << (i % 4)
			got, err := d.Decode(data, Options{Scale: s})
			if err != nil {
				t.Fatal(err)
			}
			want, err := Decode(data, Options{Scale: s})
			if err != nil {
				t.Fatal(err)
			}
			gp, _ := planesOf(got)
			wp, _ := planesOf(want)
			if md, _, err := diffStats(gp, wp); err != nil || md != 0 {
				t.Errorf("%s: reused decoder differs (max diff %d, %v)", f, md, err)
			}
		}
	}
}

// TestTruncated checks that every prefix of some files, and files with a
// byte changed, decode or fail without panicking, and fail when image/jpeg
// fails.
func TestTruncated(t *testing.T) {
	for _, name := range []string{"testdata/prog420_rst1.jpg", "testdata/base422.jpg", "testdata/gray_prog_rst.jpg"} {
		data := readFile(t, name)
		for n := 0; n < len(data); n++ {
			checkAgainstRef(t, data[:n])
		}
		for i := 0; i < len(data); i += 7 {
			mod := bytes.Clone(data)
			mod[i] ^= 0x5A
			checkAgainstRef(t, mod)
		}
	}
}

func TestScaleFor(t *testing.T) {
	for _, c := range []struct{ w, h, box, want int }{
		{4000, 3000, 256, 8},
		{4000, 3000, 600, 4},
		{4000, 3000, 1024, 2},
		{4000, 3000, 2048, 1},
		{4000, 3000, 5000, 1},
		{3000, 4000, 500, 8},
		{3000, 4000, 501, 4},
		{2048, 100, 256, 8},
		{2048, 100, 1024, 2},
		{100, 100, 0, 1},
	} {
		if got := ScaleFor(c.w, c.h, c.box); got != c.want {
			t.Errorf("ScaleFor(%d, %d, %d) = %d, want %d", c.w, c.h, c.box, got, c.want)
		}
	}
}

// squareScaleFor is ScaleFor as it was before boxes had two sides
// (commit 54242f4).
func squareScaleFor(w, h, box int) int {
	if w <= 0 || h <= 0 || box <= 0 || (w <= box && h <= box) {
		return 1
	}
	fw, fh := box, box
	if w >= h {
		fh = (h*box + w - 1) / w
	} else {
		fw = (w*box + h - 1) / h
	}
	for s := 8; s > 1; s /= 2 {
		if (w+s-1)/s >= fw && (h+s-1)/s >= fh {
			return s
		}
	}
	return 1
}

func TestScaleForSquareUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	for range 100000 {
		w, h, box := 1+rng.IntN(9000), 1+rng.IntN(9000), rng.IntN(3000)
		if got, want := ScaleFor(w, h, box), squareScaleFor(w, h, box); got != want {
			t.Fatalf("ScaleFor(%d, %d, %d) = %d, the square rule gives %d", w, h, box, got, want)
		}
	}
}

func TestScaleForBox(t *testing.T) {
	for _, c := range []struct{ w, h, bw, bh, want int }{
		{4000, 3000, 500, 1000, 8}, // the width binds: 500x375 needs 1/8 (500x375)
		{4000, 3000, 501, 1000, 4},
		{4000, 3000, 1000, 374, 8}, // the height binds: 499x374
		{4000, 3000, 1000, 376, 4},
		{4000, 3000, 800, 0, 4}, // free height
		{4000, 3000, 0, 375, 8}, // free width
		{4000, 3000, 0, 0, 1},
		{3000, 4000, 375, 500, 8},
		{800, 600, 1200, 0, 1}, // fits
	} {
		if got := ScaleForBox(c.w, c.h, c.bw, c.bh); got != c.want {
			t.Errorf("ScaleForBox(%d, %d, %d, %d) = %d, want %d", c.w, c.h, c.bw, c.bh, got, c.want)
		}
	}
}

func TestScaleToCover(t *testing.T) {
	for _, c := range []struct{ w, h, bw, bh, want int }{
		{4000, 3000, 300, 300, 8}, // 500x375 covers 300x300
		{4000, 3000, 500, 375, 8},
		{4000, 3000, 501, 375, 4}, // a pixel short of 1/8
		{4000, 3000, 500, 376, 4},
		{4000, 3000, 1000, 100, 4},
		{4000, 3000, 2001, 100, 1},
		{1000, 800, 1200, 600, 1}, // too small to fill: full size
		{4000, 300, 300, 300, 1},  // one side too small
	} {
		if got := ScaleToCover(c.w, c.h, c.bw, c.bh); got != c.want {
			t.Errorf("ScaleToCover(%d, %d, %d, %d) = %d, want %d", c.w, c.h, c.bw, c.bh, got, c.want)
		}
	}
}

// TestReducedIDCT checks the reduced transforms against the box average of
// an exact floating-point 8x8 inverse DCT.
func TestReducedIDCT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 600; iter++ {
		var in [64]int32
		amp := []int32{20, 100, 300}[iter%3]
		for i := range in {
			if rng.IntN(4) == 0 || i == 0 {
				in[i] = rng.Int32N(2*amp+1) - amp
			}
		}
		in[0] += rng.Int32N(600) - 300
		var full [64]float64
		for y := 0; y < 8; y++ {
			for x := 0; x < 8; x++ {
				s := 0.0
				for v := 0; v < 8; v++ {
					for u := 0; u < 8; u++ {
						cu, cv := 1.0, 1.0
						if u == 0 {
							cu = math.Sqrt2 / 2
						}
						if v == 0 {
							cv = math.Sqrt2 / 2
						}
						s += cu * cv * float64(in[v*8+u]) *
							math.Cos(float64(2*x+1)*float64(u)*math.Pi/16) *
							math.Cos(float64(2*y+1)*float64(v)*math.Pi/16)
					}
				}
				full[y*8+x] = s/4 + 128
			}
		}
		for _, s := range []int{1, 2, 4, 8} {
			n := 8 / s
			out := make([]byte, n*n)
			b := in
			switch s {
			case 1:
				idct8(&b, out, n)
			case 2:
				idct4(&b, out, n)
			case 4:
				idct2(&b, out, n)
			case 8:
				idct1(&b, out, n)
			}
			for y := 0; y < n; y++ {
				for x := 0; x < n; x++ {
					sum := 0.0
					for yy := 0; yy < s; yy++ {
						for xx := 0; xx < s; xx++ {
							sum += full[(y*s+yy)*8+x*s+xx]
						}
					}
					want := math.Max(0, math.Min(255, sum/float64(s*s)))
					if d := math.Abs(float64(out[y*n+x]) - want); d > 1 {
						t.Fatalf("scale %d: sample %d,%d = %d, want %.2f (coefficients %v)", s, x, y, out[y*n+x], want, in)
					}
				}
			}
		}
	}
}

// firstScan returns the offsets of the first SOS marker and of the marker
// after its entropy-coded data.
func firstScan(t *testing.T, data []byte) (start, end int) {
	for i := 2; i+1 < len(data); i++ {
		if data[i] == 0xFF && data[i+1] == 0xDA {
			start = i
			break
		}
	}
	if start == 0 {
		t.Fatal("no SOS")
	}
	n := int(data[start+2])<<8 | int(data[start+3])
	for i := start + 2 + n; i+1 < len(data); i++ {
		if data[i] == 0xFF && data[i+1] != 0 && (data[i+1] < 0xD0 || data[i+1] > 0xD7) {
			return start, i
		}
	}
	t.Fatal("no marker after SOS")
	return
}

func TestMaxScans(t *testing.T) {
	data := readFile(t, "testdata/prog444.jpg")
	start, end := firstScan(t, data) // the DC scan: repeating it is harmless
	build := func(n int) []byte {
		out := bytes.Clone(data[:end])
		for i := 1; i < n; i++ {
			out = append(out, data[start:end]...)
		}
		return append(out, data[end:]...)
	}
	// The image has a few scans besides the first.
	if _, err := Decode(build(maxScans-20), Options{}); err != nil {
		t.Errorf("%d scans: %v", maxScans-20, err)
	}
	if _, err := Decode(build(maxScans+1), Options{}); !errors.Is(err, errTooManyScans) {
		t.Errorf("%d scans: error %v, want errTooManyScans", maxScans+1, err)
	}
}

// findMarker returns the offset of the first marker m at or after from.
func findMarker(t *testing.T, data []byte, m byte, from int) int {
	for i := from; i+1 < len(data); i++ {
		if data[i] == 0xFF && data[i+1] == m {
			return i
		}
	}
	t.Fatalf("no marker 0x%02X", m)
	return 0
}

func TestBadHuffmanTables(t *testing.T) {
	// A scan using a table that was never defined fails when it decodes.
	data := bytes.Clone(readFile(t, "testdata/prog444.jpg"))
	sos := findMarker(t, data, 0xDA, 2)
	data[sos+6] = 0x33 // first component: DC and AC tables 3
	if _, err := Decode(data, Options{}); !errors.Is(err, errNoHuffTable) {
		t.Errorf("undefined table: error %v, want errNoHuffTable", err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err == nil {
		t.Errorf("undefined table: image/jpeg decoded it")
	}

	// Over-subscribed code lengths: two more 1-bit codes, two fewer 16-bit
	// or shorter ones, same number of values.
	data = bytes.Clone(readFile(t, "testdata/base420.jpg"))
	dht := findMarker(t, data, 0xC4, 2)
	counts := data[dht+5 : dht+21]
	counts[0] += 2
	for i := 15; i >= 0; i-- {
		if counts[i] >= 2 {
			counts[i] -= 2
			break
		}
	}
	if _, err := Decode(data, Options{}); !errors.Is(err, errBadHuffTable) {
		t.Errorf("over-subscribed table: error %v, want errBadHuffTable", err)
	}
}

// recordingAlloc is an Allocator that keeps the images it makes.
type recordingAlloc struct{ made []image.Image }

func (a *recordingAlloc) NewYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	m := image.NewYCbCr(r, ratio)
	a.made = append(a.made, m)
	return m
}

func (a *recordingAlloc) NewGray(r image.Rectangle) *image.Gray {
	m := image.NewGray(r)
	a.made = append(a.made, m)
	return m
}

// TestDecodeIntoAllocatorMemory checks that with Options.Alloc the decoded
// image lives in the memory the allocator made, one image per decode, and
// is the image decoded without it.
func TestDecodeIntoAllocatorMemory(t *testing.T) {
	first := func(img image.Image) *uint8 {
		switch m := img.(type) {
		case *image.YCbCr:
			return &m.Y[0]
		case *image.Gray:
			return &m.Pix[0]
		}
		return nil
	}
	for _, name := range []string{"testdata/base420.jpg", "testdata/prog444.jpg", "testdata/gray.jpg", "testdata/gray_prog_rst.jpg"} {
		data := readFile(t, name)
		for _, scale := range []int{1, 2, 8} {
			var a recordingAlloc
			var d Decoder
			got, err := d.Decode(data, Options{Scale: scale, Alloc: &a})
			if err != nil {
				t.Fatal(err)
			}
			if len(a.made) != 1 || first(got) == nil || first(got) != first(a.made[0]) {
				t.Errorf("%s 1/%d: the image is not in the allocator's memory (%d images made)", name, scale, len(a.made))
			}
			want, err := Decode(data, Options{Scale: scale})
			if err != nil {
				t.Fatal(err)
			}
			gp, _ := planesOf(got)
			wp, _ := planesOf(want)
			if md, _, err := diffStats(gp, wp); err != nil || md != 0 {
				t.Errorf("%s 1/%d: differs from the decode without allocator (max diff %d, %v)", name, scale, md, err)
			}
		}
	}
}
