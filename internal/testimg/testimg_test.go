package testimg

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestClamp8(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want uint8
	}{
		{-1e9, 0}, {-0.6, 0}, {-0.4, 0}, {0, 0}, {0.4, 0}, {0.5, 1}, {1.49, 1},
		{127.5, 128}, {254.4, 254}, {254.5, 255}, {255, 255}, {300, 255},
		{math.Inf(1), 255}, {math.Inf(-1), 0}, {math.NaN(), 0},
	} {
		if got := Clamp8(c.in); got != c.want {
			t.Errorf("Clamp8(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestPhotoLike(t *testing.T) {
	a, again, other := PhotoLike(64, 48, 1), PhotoLike(64, 48, 1), PhotoLike(64, 48, 2)
	if a.Bounds() != image.Rect(0, 0, 64, 48) {
		t.Fatalf("bounds %v, want 64x48 at the origin", a.Bounds())
	}
	if !bytes.Equal(a.Pix, again.Pix) {
		t.Error("two images of the same seed differ")
	}
	if bytes.Equal(a.Pix, other.Pix) {
		t.Error("seeds 1 and 2 give the same image")
	}
	if p := PSNR(a, other); p > 30 {
		t.Errorf("seeds 1 and 2 are %.1f dB apart, want a different picture (< 30 dB)", p)
	}
	// Photo-like: opaque, and neither flat nor saturated.
	seen := map[uint8]bool{}
	for i, v := range a.Pix {
		if i%4 == 3 {
			if v != 255 {
				t.Fatalf("alpha %d at byte %d, want opaque", v, i)
			}
			continue
		}
		seen[v] = true
	}
	if len(seen) < 150 {
		t.Errorf("only %d distinct sample values, want a photo's range (>= 150)", len(seen))
	}
}

// rgba is a w x h image of one colour.
func rgba(w, h int, c color.Color) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, c)
		}
	}
	return m
}

func TestPSNR(t *testing.T) {
	black := rgba(2, 1, color.Black)
	offByOne := rgba(2, 1, color.Black)
	offByOne.Pix[0] = 1 // one of six samples differs by 1
	redPixel := rgba(1, 1, color.Black)
	redPixel.Pix[0] = 255
	translucent := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	opaque := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	for i := range translucent.Pix {
		translucent.Pix[i] = 100
		opaque.Pix[i] = 100
	}
	translucent.Pix[3], translucent.Pix[7] = 0, 50
	opaque.Pix[3], opaque.Pix[7] = 255, 255
	gray := image.NewGray(image.Rect(0, 0, 2, 1))
	shifted := rgba(4, 3, color.White).SubImage(image.Rect(2, 2, 4, 3)) // 2x1 at (2,2)
	for _, c := range []struct {
		name string
		a, b image.Image
		want float64
	}{
		{"identical", black, rgba(2, 1, color.Black), math.Inf(1)},
		// MSE = 1/6: 10*log10(255*255*6) = 10*log10(390150) = 55.9123 dB
		{"one sample off by one", black, offByOne, 55.9123},
		// MSE = 255*255/3: 10*log10(3) = 4.7712 dB
		{"one sample off by 255", rgba(1, 1, color.Black), redPixel, 4.7712},
		// every sample off by 255: MSE = 255*255, 0 dB
		{"black and white", black, rgba(2, 1, color.White), 0},
		{"alpha is ignored", translucent, opaque, math.Inf(1)},
		{"gray against RGBA", gray, black, math.Inf(1)},
		{"pixels paired from Bounds().Min", shifted, rgba(2, 1, color.White), math.Inf(1)},
		{"different widths", black, rgba(3, 1, color.Black), 0},
		{"different heights", black, rgba(2, 2, color.Black), 0},
		{"both empty", image.NewRGBA(image.Rectangle{}), image.NewRGBA(image.Rectangle{}), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := PSNR(c.a, c.b)
			if math.IsInf(c.want, 1) != math.IsInf(got, 1) || !math.IsInf(got, 1) && math.Abs(got-c.want) > 1e-4 {
				t.Errorf("PSNR = %v dB, want %v", got, c.want)
			}
			if back := PSNR(c.b, c.a); back != got {
				t.Errorf("PSNR(b, a) = %v, PSNR(a, b) = %v: want symmetric", back, got)
			}
		})
	}
}

func TestPSNROverlap(t *testing.T) {
	big := rgba(3, 2, color.Black)
	big.Pix[len(big.Pix)-4] = 255 // bottom-right pixel, outside a 2x1 overlap
	if got := PSNROverlap(big, rgba(2, 1, color.Black)); !math.IsInf(got, 1) {
		t.Errorf("overlap of equal areas: %v dB, want +Inf", got)
	}
	// The overlap of a 2x1 and a 1x1 image is one pixel: one sample of three
	// off by 255 is 10*log10(3) dB.
	red := rgba(2, 1, color.Black)
	red.Pix[0] = 255
	if got := PSNROverlap(red, rgba(1, 1, color.Black)); math.Abs(got-4.7712) > 1e-4 {
		t.Errorf("one pixel overlap: %v dB, want 4.7712", got)
	}
}

func TestEncode(t *testing.T) {
	src := PhotoLike(40, 30, 3)
	pngData := EncodePNG(t, src)
	m, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	if p := PSNR(m, src); !math.IsInf(p, 1) {
		t.Errorf("PNG round trip: %.1f dB, want lossless", p)
	}
	var prev int
	for _, q := range []int{10, 50, 95} {
		data := EncodeJPEG(t, src, q)
		m, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("quality %d: %v", q, err)
		}
		if m.Bounds() != src.Bounds() {
			t.Errorf("quality %d: bounds %v", q, m.Bounds())
		}
		if len(data) <= prev {
			t.Errorf("quality %d: %d bytes, no more than the lower quality's %d: quality not applied", q, len(data), prev)
		}
		prev = len(data)
	}
	var def bytes.Buffer
	if err := jpeg.Encode(&def, src, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(EncodeJPEG(t, src, jpeg.DefaultQuality), def.Bytes()) {
		t.Error("EncodeJPEG at the default quality differs from jpeg.Encode with nil options")
	}
}

func TestWriteTree(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"a.jpg": []byte("a"), "sub/deeper/b.png": []byte("bb"), "sub/c": nil}
	WriteTree(t, dir, files)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	WriteFile(t, filepath.Join(dir, "new", "folder", "f"), []byte("f"))
	if got, err := os.ReadFile(filepath.Join(dir, "new", "folder", "f")); err != nil || string(got) != "f" {
		t.Errorf("WriteFile: %q, %v", got, err)
	}
	for _, bad := range []string{"../escape", "/abs", "sub/../../escape"} {
		r := run(func(tb testing.TB) { WriteTree(tb, dir, map[string][]byte{bad: nil}) })
		if r.failed == "" {
			t.Errorf("WriteTree accepted %q", bad)
		}
	}
}

func TestRepoRoot(t *testing.T) {
	root := RepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "internal", "testimg", "testimg.go")); err != nil {
		t.Errorf("RepoRoot = %s, which does not hold internal/testimg: %v", root, err)
	}
}

func TestFindRoot(t *testing.T) {
	top := t.TempDir()
	WriteTree(t, top, map[string][]byte{
		"repo/go.mod":                   []byte("// a comment\nmodule github.com/augpipe/augpipe\n\ngo 1.26\n"),
		"repo/beam/go.mod":              []byte("module github.com/augpipe/augpipe/beam\n"),
		"repo/beam/pkg/x.go":            nil,
		"repo/stages/x.go":              nil,
		"quoted/go.mod":                 []byte("module \"github.com/augpipe/augpipe\" // quoted\n"),
		"quoted/a/x.go":                 nil,
		"fork/go.mod":                   []byte("module github.com/augpipe/augpipe2\n"),
		"fork/pkg/x.go":                 nil,
		"prefix/go.mod":                 []byte("module github.com/augpipe/augpipe/sub\n"),
		"prefix/inner/go.mod":           []byte("modules github.com/augpipe/augpipe\n"),
		"prefix/inner/x.go":             nil,
		"nested/go.mod":                 []byte("module github.com/augpipe/augpipe\n"),
		"nested/vendor/x/go.mod":        []byte("module example.com/x\n"),
		"nested/vendor/x/deeper/y/z.go": nil,
	})
	for _, c := range []struct{ from, want string }{
		{"repo", "repo"},
		{"repo/stages", "repo"},
		{"repo/beam", "repo"},
		{"repo/beam/pkg", "repo"},
		{"quoted/a", "quoted"},
		{"nested/vendor/x/deeper/y", "nested"},
		{"fork/pkg", ""},
		{"prefix/inner", ""},
	} {
		got, err := findRoot(filepath.Join(top, c.from))
		if c.want == "" {
			if err == nil && strings.HasPrefix(got, top) {
				t.Errorf("from %s: found %s, want none", c.from, got)
			}
			continue
		}
		if want := filepath.Join(top, c.want); got != want || err != nil {
			t.Errorf("from %s: %q, %v; want %s", c.from, got, err, want)
		}
	}
}

// fakeTB records a test's Skipf and Fatal calls; like testing.T's they end
// the goroutine, so run calls the function under test on its own.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatal(args ...any) {
	f.failed = fmt.Sprint(args...)
	runtime.Goexit()
}

func run(fn func(testing.TB)) *fakeTB {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

func TestPillow(t *testing.T) {
	no, yes := lookPath(t, "false"), lookPath(t, "true") // "yes -c 'import PIL'" succeeds
	script := filepath.Join(t.TempDir(), "seed_augment.py")
	WriteFile(t, script, []byte("# a stand-in\n"))
	missing := filepath.Join(t.TempDir(), "nowhere", "seed_augment.py")
	beside := filepath.Join(filepath.Dir(RepoRoot(t)), "shared", "reference", "seed_augment.py")
	_, besideErr := os.Stat(beside)
	for _, c := range []struct {
		name, python, script, require string
		// what the result must say: "" for no skip and no failure, else
		// phrases the message must hold
		want []string
		fail bool
	}{
		{"all there", yes, script, "", nil, false},
		{"all there, required", yes, script, "1", nil, false},
		{"python without PIL", no, script, "", []string{no + " cannot import PIL", "apt-get install python3-pil", EnvPython}, false},
		{"no python", "/nonexistent/python3", script, "", []string{"/nonexistent/python3 cannot import PIL", "apt-get install python3-pil"}, false},
		{"python without PIL, required", no, script, "1", []string{no + " cannot import PIL", "apt-get install python3-pil", "AUGPIPE_REQUIRE_PILLOW=1"}, true},
		{"script missing", yes, missing, "", []string{EnvSeedScript + " names the reference script " + missing}, false},
		{"script missing, required", yes, missing, "1", []string{missing, "AUGPIPE_REQUIRE_PILLOW=1"}, true},
		{"both missing", no, missing, "0", []string{"cannot import PIL", missing}, false},
		{"misspelt requirement", yes, script, "true", []string{`AUGPIPE_REQUIRE_PILLOW="true"`}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(EnvPython, c.python)
			t.Setenv(EnvSeedScript, c.script)
			t.Setenv(EnvRequirePillow, c.require)
			var python, gotScript string
			r := run(func(tb testing.TB) { python, gotScript = Pillow(tb) })
			checkOutcome(t, r, c.want, c.fail)
			if c.want == nil && (python != c.python || gotScript != c.script) {
				t.Errorf("Pillow = %q, %q; want %q, %q", python, gotScript, c.python, c.script)
			}
		})
	}
	t.Run("script beside the repository by default", func(t *testing.T) {
		t.Setenv(EnvPython, yes)
		t.Setenv(EnvSeedScript, "")
		t.Setenv(EnvRequirePillow, "")
		var got string
		r := run(func(tb testing.TB) { _, got = Pillow(tb) })
		if besideErr != nil {
			checkOutcome(t, r, []string{"the reference script " + beside + " is missing", "../shared"}, false)
		} else if checkOutcome(t, r, nil, false); got != beside {
			t.Errorf("script %s, want %s", got, beside)
		}
	})
	t.Run("PillowPython needs no script", func(t *testing.T) {
		t.Setenv(EnvPython, yes)
		t.Setenv(EnvSeedScript, missing)
		t.Setenv(EnvRequirePillow, "1")
		var got string
		r := run(func(tb testing.TB) { got = PillowPython(tb) })
		if checkOutcome(t, r, nil, false); got != yes {
			t.Errorf("PillowPython = %q, want %q", got, yes)
		}
		t.Setenv(EnvPython, no)
		checkOutcome(t, run(func(tb testing.TB) { PillowPython(tb) }), []string{no + " cannot import PIL"}, true)
	})
}

// checkOutcome checks that r neither skipped nor failed (want nil), or
// skipped (fail false) or failed (fail true) with a message holding want.
func checkOutcome(t *testing.T, r *fakeTB, want []string, fail bool) {
	t.Helper()
	msg := r.skipped + r.failed
	switch {
	case want == nil:
		if msg != "" {
			t.Fatalf("skipped %q, failed %q; want neither", r.skipped, r.failed)
		}
		return
	case fail && r.failed == "":
		t.Fatalf("did not fail (skipped %q)", r.skipped)
	case !fail && r.skipped == "":
		t.Fatalf("did not skip (failed %q)", r.failed)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not say %q", msg, w)
		}
	}
}

func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("no %s command to stand in for python3: %v", name, err)
	}
	return p
}
