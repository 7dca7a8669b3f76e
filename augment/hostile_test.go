package augment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
)

// TestRunHostileFolder runs the job on a folder of good, odd (names with
// spaces, non-ASCII or invalid UTF-8; a PNG named .jpg) and bad files: the
// good ones are written whatever the bad ones do, each bad one is a
// failure naming its file and reason, unsupported formats are counted
// apart, and the report says so in text and JSON.
func TestRunHostileFolder(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	good := photoJPEG(t, 64, 48)
	half := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 32 {
			half.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
		}
	}
	testimg.WriteTree(t, in, map[string][]byte{
		"good.jpg":             good,
		"png-named.jpg":        testimg.EncodePNG(t, testimg.PhotoLike(40, 30, 1)),
		"alpha.png":            testimg.EncodePNG(t, half),
		"icc.jpg":              testimg.Testdata(t, "quad-icc.jpg"),
		"icc.png":              testimg.Testdata(t, "quad-icc.png"),
		"cmyk.jpg":             testimg.Testdata(t, "quad-cmyk.jpg"),
		"ycck.jpg":             testimg.Testdata(t, "quad-ycck.jpg"),
		"orient6.jpg":          testimg.Testdata(t, "quad-orient6.jpg"),
		"lossless.webp":        testimg.Testdata(t, "half-alpha-lossless.webp"),
		"my photo é.JPG":       good,
		"latin1-\xe9t\xe9.jpg": good,
		"sub dir/日本.png":       testimg.EncodePNG(t, testimg.PhotoLike(30, 20, 1)),
		"empty.jpg":            nil,
		"text.jpg":             []byte("I am not a picture.\n"),
		"truncated.jpg":        good[:len(good)/2],
		"bomb.png":             testimg.PNGBomb(t, 60000, 60000),
		"photo.heic":           []byte("whatever"),
		"notes.txt":            []byte("ignored"),
		".hidden/skipped.jpg":  []byte("not even read"),
	})
	cfg := smallJob(in, out)
	cfg.Sigma, cfg.MaxSize, cfg.Recursive = 0, 1200, true
	rep, err := RunFolder(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	failures := map[string]struct { // input -> what its error must say, and its kind
		why  string
		kind error
	}{
		"empty.jpg":     {"empty file", ErrUnsupported},
		"text.jpg":      {"not an image", ErrUnsupported},
		"truncated.jpg": {"truncated JPEG", ErrCorrupt},
		"bomb.png":      {"over the limit of 200.0", ErrTooLarge},
	}
	if rep.Written != 12 || rep.Failed != len(failures) || rep.Unsupported != 1 || rep.Files != 16 {
		t.Errorf("written %d, failed %d, unsupported %d, files %d; want 12, 4, 1, 16",
			rep.Written, rep.Failed, rep.Unsupported, rep.Files)
	}
	byName := map[string]*Record{}
	for _, r := range rep.Records {
		rel, _ := filepath.Rel(in, r.Input)
		byName[filepath.ToSlash(rel)] = r
	}
	for name, want := range failures {
		r := byName[name]
		if r == nil || r.Status != StatusFailed || r.Err == nil || !strings.Contains(r.Err.Error(), want.why) {
			t.Errorf("%s: %+v, want a failure saying %q", name, r, want.why)
			continue
		}
		if !errors.Is(r.Err, want.kind) {
			t.Errorf("%s: error %q does not match %v", name, r.Err, want.kind)
		}
		var se *StepError
		if !errors.As(r.Err, &se) || (se.Step != StepRead && se.Step != StepDecode) {
			t.Errorf("%s: error %q is not a *StepError of read or decode", name, r.Err)
		}
	}
	if r := byName["png-named.jpg"]; r == nil || r.Format != "png" || r.Status != StatusWritten {
		t.Errorf("PNG named .jpg: %+v, want written, decoded as png", r)
	}
	outs := testimg.CompleteOutputs(t, out)
	if len(outs) != 12 {
		t.Errorf("%d outputs: %q", len(outs), outs)
	}

	// Transparency flattened onto white; CMYK colours right; orientation applied.
	px := func(name string, x, y int) color.NRGBA {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		m, err := jpeg.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
	}
	close := func(c color.NRGBA, r, g, b uint8) bool {
		d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
		return d(c.R, r) < 24 && d(c.G, g) < 24 && d(c.B, b) < 24
	}
	checks := []struct {
		name    string
		x, y    int
		r, g, b uint8
	}{
		{"alpha.jpg", 8, 8, 255, 0, 0},
		{"alpha.jpg", 56, 8, 255, 255, 255},
		{"lossless.jpg", 56, 40, 255, 255, 255},
		{"cmyk.jpg", 8, 6, 255, 0, 0},
		{"cmyk.jpg", 56, 6, 0, 255, 0},
		{"cmyk.jpg", 8, 42, 0, 0, 255},
		{"cmyk.jpg", 56, 42, 255, 255, 255},
		{"ycck.jpg", 8, 6, 255, 0, 0},
		{"ycck.jpg", 56, 6, 0, 255, 0},
		{"ycck.jpg", 8, 42, 0, 0, 255},
		{"ycck.jpg", 56, 42, 255, 255, 255},
		// quad-orient6 is stored 64x48 with orientation 6: upright it is
		// 48x64 with the red quadrant top right.
		{"orient6.jpg", 40, 8, 255, 0, 0},
		{"orient6.jpg", 8, 56, 255, 255, 255},
	}
	for _, c := range checks {
		if got := px(c.name, c.x, c.y); !close(got, c.r, c.g, c.b) {
			t.Errorf("%s (%d,%d) = %v, want about (%d,%d,%d)", c.name, c.x, c.y, got, c.r, c.g, c.b)
		}
	}
	if r := byName["orient6.jpg"]; r.OutWidth != 48 || r.OutHeight != 64 {
		t.Errorf("orient6: output %dx%d, want 48x64", r.OutWidth, r.OutHeight)
	}

	// ICC profiles carried unchanged.
	for _, name := range []string{"icc.jpg", "icc.png"} {
		src := map[string]string{"icc.jpg": "quad-icc.jpg", "icc.png": "quad-icc.png"}[name]
		in, _ := imgfile.Decode(testimg.Testdata(t, src), 0)
		outName := map[string]string{"icc.jpg": "icc.jpg", "icc.png": "icc.png.jpg"}[name]
		data, err := os.ReadFile(filepath.Join(out, outName))
		if err != nil {
			t.Fatal(err)
		}
		if got := decodedICC(t, data); len(in.ICC) == 0 || !bytes.Equal(got, in.ICC) {
			t.Errorf("%s: output carries %d bytes of ICC profile, input %d", name, len(got), len(in.ICC))
		}
	}
	if data, _ := os.ReadFile(filepath.Join(out, "good.jpg")); decodedICC(t, data) != nil {
		t.Error("good.jpg gained a profile")
	}

	// The report in JSON.
	var data bytes.Buffer
	if err := rep.WriteJSON(&data); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Failed, Unsupported, Written int
		Files                        []struct{ Input, Output, Status, Error string } `json:"files"`
	}
	if err := json.Unmarshal(data.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	nerr := 0
	for _, f := range j.Files {
		if f.Status == "failed" && f.Error != "" && f.Input != "" && f.Output == "" {
			nerr++
		}
	}
	if j.Failed != 4 || j.Unsupported != 1 || j.Written != 12 || nerr != 4 {
		t.Errorf("JSON: failed %d, unsupported %d, written %d, failures with reasons %d", j.Failed, j.Unsupported, j.Written, nerr)
	}
}

// decodedICC is the ICC profile embedded in the image data.
func decodedICC(t testing.TB, data []byte) []byte {
	t.Helper()
	d, err := imgfile.Decode(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	return d.ICC
}
