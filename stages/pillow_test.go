package stages

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// runPillow runs a Python snippet with Pillow's interpreter, the paths as
// sys.argv[1:]. The comparisons need Pillow only, not the seed script.
func runPillow(t *testing.T, python, script string, args ...string) {
	t.Helper()
	out, err := exec.Command(python, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("Pillow: %v\n%s", err, out)
	}
}

// debianPackages names the Debian package of each Python module a
// reference needs beyond Pillow.
var debianPackages = map[string]string{"torchvision": "python3-torchvision", "torch": "python3-torch", "cv2": "python3-opencv", "numpy": "python3-numpy"}

// missingModule matches Python's message for a module it cannot import.
var missingModule = regexp.MustCompile(`(?m)^ModuleNotFoundError: No module named '([^'.]+)`)

// runReference is runPillow for a snippet that may import more than Pillow
// (torchvision, OpenCV), when it needs them: a module Python cannot import
// skips the test with a message that names the package to install, or
// fails it under AUGPIPE_REQUIRE_PILLOW=1, as testimg does for Pillow
// itself. The check is the snippet's own import, so that a slow import
// (torch) is paid once.
func runReference(t *testing.T, python, script string, args ...string) {
	t.Helper()
	out, err := exec.Command(python, append([]string{"-c", script}, args...)...).CombinedOutput()
	if err == nil {
		return
	}
	m := missingModule.FindSubmatch(out)
	if m == nil {
		t.Fatalf("reference: %v\n%s", err, out)
	}
	mod := string(m[1])
	pkg := debianPackages[mod]
	if pkg == "" {
		pkg = "python3-" + mod
	}
	msg := fmt.Sprintf("the comparison cannot run: %s cannot import %s: install it with `apt-get install %s`, "+
		"or set %s to a python3 that has it", python, mod, pkg, testimg.EnvPython)
	if os.Getenv(testimg.EnvRequirePillow) == "1" {
		t.Fatalf("%s (%s=1, so this is a failure, not a skip)", msg, testimg.EnvRequirePillow)
	}
	t.Skipf("skipping: %s (set %s=1 to make this a failure)", msg, testimg.EnvRequirePillow)
}

// pillowInput finds Pillow's interpreter and writes img as a PNG in a new
// test folder, for a comparison: it returns the interpreter, the folder
// and the PNG's path.
func pillowInput(t *testing.T, img image.Image) (python, dir, in string) {
	t.Helper()
	python = testimg.PillowPython(t)
	dir = t.TempDir()
	in = filepath.Join(dir, "in.png")
	testimg.WriteFile(t, in, testimg.EncodePNG(t, img))
	return python, dir, in
}

func readGray(t *testing.T, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return grayOf(img)
}

// TestBlurMatchesPillow checks that Blur is Pillow's GaussianBlur, to the
// byte, on a single-channel image: same box radii and weights, same
// fixed-point rounding, same edge rule (Pillow transposes for the vertical
// passes; walking rows with column accumulators must give the same sums).
func TestBlurMatchesPillow(t *testing.T) {
	src := grayOf(testimg.PhotoLike(173, 131, 21))
	python, dir, in := pillowInput(t, src)
	for _, sigma := range []float64{0.7, 2.5, 6, 15, 80} {
		arg := strconv.FormatFloat(sigma, 'g', -1, 64)
		out := filepath.Join(dir, "blur-"+arg+".png")
		runPillow(t, python, `import sys
from PIL import Image, ImageFilter
Image.open(sys.argv[1]).filter(ImageFilter.GaussianBlur(float(sys.argv[3]))).save(sys.argv[2])`, in, out, arg)
		want := readGray(t, out)
		got := Blur(nil, src, sigma).(*image.Gray)
		for i := range got.Pix {
			if got.Pix[i] != want.Pix[i] {
				t.Errorf("sigma %g: pixel (%d,%d) is %d, Pillow's %d", sigma, i%173, i/173, got.Pix[i], want.Pix[i])
				break
			}
		}
	}
}

// TestResizeMatchesPillow compares Resize with Pillow's resize (bicubic,
// reducing_gap 1, the factor Resize uses) on a single-channel image.
// Pillow filters horizontally first and computes some block means one
// level low (its division_UINT32); Resize filters vertically first and
// rounds means exactly. Both round to 8 bits between the passes, so a
// pixel may differ by two grey levels; on the whole the images must agree
// to 50 dB.
func TestResizeMatchesPillow(t *testing.T) {
	src := grayOf(testimg.PhotoLike(641, 427, 22))
	python, dir, in := pillowInput(t, src)
	for _, size := range [][2]int{{300, 200}, {200, 133}, {97, 65}, {641, 100}, {500, 427}} {
		out := filepath.Join(dir, "resized.png")
		runPillow(t, python, `import sys
from PIL import Image
im = Image.open(sys.argv[1])
im.resize((int(sys.argv[3]), int(sys.argv[4])), Image.BICUBIC, reducing_gap=1.0).save(sys.argv[2])`,
			in, out, strconv.Itoa(size[0]), strconv.Itoa(size[1]))
		want := readGray(t, out)
		got := Resize(nil, src, size[0], size[1])
		d, p := maxDiff(t, got, want), testimg.PSNR(got, want)
		t.Logf("%dx%d: up to %g grey levels from Pillow's, PSNR %.1f dB", size[0], size[1], d, p)
		if d > 2 || p < 50 {
			t.Errorf("%dx%d: up to %g grey levels (limit 2) from Pillow's, PSNR %.1f dB (limit 50)", size[0], size[1], d, p)
		}
	}
}
