package jpegenc_test

import (
	"fmt"
	"image"
	"image/color"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/jpegenc"
)

// validityCase is an image to encode and the options, named for the
// message of a failure.
type validityCase struct {
	name string
	img  image.Image
	opts jpegenc.Options
}

// validityCases returns outputs of every layout jpegenc writes: 4:2:0 and
// 4:4:4 colour from YCbCr and RGBA sources, grey, at sizes from 1x1 to
// past an MCU, odd and even, and at the lowest and highest qualities.
func validityCases() []validityCase {
	var cases []validityCase
	sizes := [][2]int{{1, 1}, {1, 17}, {17, 1}, {15, 15}, {16, 16}, {31, 33}, {200, 129}}
	for i, sz := range sizes {
		src := testimg.PhotoLike(sz[0], sz[1], uint64(i))
		ycc := image.NewYCbCr(src.Rect, image.YCbCrSubsampleRatio420)
		for y := range sz[1] {
			for x := range sz[0] {
				r, g, b, _ := src.At(x, y).RGBA()
				yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(b>>8))
				ycc.Y[ycc.YOffset(x, y)], ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = yy, cb, cr
			}
		}
		grey := image.NewGray(src.Rect)
		for j := range grey.Pix {
			grey.Pix[j] = src.Pix[4*j]
		}
		for _, q := range []int{1, 75, 100} {
			for _, sub := range []jpegenc.Subsampling{jpegenc.Sub420, jpegenc.Sub444} {
				o := jpegenc.Options{Quality: q, Subsampling: sub}
				tag := fmt.Sprintf("%dx%d-q%d-%v", sz[0], sz[1], q, sub)
				cases = append(cases, validityCase{"rgba-" + tag, src, o}, validityCase{"ycbcr-" + tag, ycc, o})
			}
			cases = append(cases, validityCase{fmt.Sprintf("grey-%dx%d-q%d", sz[0], sz[1], q), grey, jpegenc.Options{Quality: q}})
		}
	}
	return cases
}

// writeCases encodes every case into dir and returns the files' paths.
func writeCases(t *testing.T, dir string) (paths []string, cases []validityCase) {
	t.Helper()
	var e jpegenc.Encoder
	cases = validityCases()
	for _, c := range cases {
		out, err := e.Append(nil, c.img, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		p := filepath.Join(dir, c.name+".jpg")
		testimg.WriteFile(t, p, out)
		paths = append(paths, p)
	}
	return paths, cases
}

// TestDecodesWithDjpeg checks that libjpeg-turbo's djpeg decodes every
// kind of output without a warning, to an image of the right size.
func TestDecodesWithDjpeg(t *testing.T) {
	djpeg, err := exec.LookPath("djpeg")
	if err != nil {
		t.Skip("djpeg not found: install libjpeg-turbo-progs (apt-get install libjpeg-turbo-progs) to check that libjpeg reads jpegenc's output")
	}
	paths, cases := writeCases(t, t.TempDir())
	for i, p := range paths {
		// -pnm writes a header that states the size; stderr holds any warning.
		cmd := exec.Command(djpeg, "-pnm", p)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Errorf("%s: djpeg: %v %s", cases[i].name, err, stderr.String())
			continue
		}
		b := cases[i].img.Bounds()
		var magic string
		var w, h int
		if _, err := fmt.Sscan(string(out), &magic, &w, &h); err != nil || w != b.Dx() || h != b.Dy() {
			t.Errorf("%s: djpeg gave a %dx%d %s image (%v), want %dx%d", cases[i].name, w, h, magic, err, b.Dx(), b.Dy())
		}
	}
}

// TestDecodesWithPillow checks that Pillow decodes every kind of output,
// to an image of the right size and mode.
func TestDecodesWithPillow(t *testing.T) {
	python := testimg.PillowPython(t)
	dir := t.TempDir()
	paths, cases := writeCases(t, dir)
	const script = `
import sys
from PIL import Image
for p in sys.argv[1:]:
    try:
        im = Image.open(p)
        im.load()
        print(im.mode, im.size[0], im.size[1])
    except Exception as e:
        print("error", repr(e).replace(" ", "_"), 0)
`
	out, err := exec.Command(python, append([]string{"-c", script}, paths...)...).Output()
	if err != nil {
		t.Fatalf("Pillow: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(paths) {
		t.Fatalf("Pillow answered for %d files of %d", len(lines), len(paths))
	}
	for i, line := range lines {
		var mode string
		var w, h int
		fmt.Sscan(line, &mode, &w, &h)
		b := cases[i].img.Bounds()
		want := "RGB"
		if _, ok := cases[i].img.(*image.Gray); ok {
			want = "L"
		}
		if mode != want || w != b.Dx() || h != b.Dy() {
			t.Errorf("%s: Pillow read %q, want %s %d %d", cases[i].name, line, want, b.Dx(), b.Dy())
		}
	}
}
