package augbeam_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/beam/augbeam"
	"github.com/augpipe/augpipe/internal/testimg"
)

// TestHostileLikeTheCommand runs the job on the kind of folder the
// command's hostile test uses (odd names, a PNG named .jpg, CMYK, EXIF
// orientation, empty, text, truncated, a decompression bomb, HEIC) and on
// clashing names: the job does not fail, every good file is written with
// the command's bytes and name, and every bad one is a record of
// _failed.jsonl with the command's reason; the bomb is refused when its
// header is read.
func TestHostileLikeTheCommand(t *testing.T) {
	good := testimg.EncodeJPEG(t, testimg.PhotoLike(64, 48, 1), 85)
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{
		"good.jpg":             good,
		"png-named.jpg":        testimg.EncodePNG(t, testimg.PhotoLike(40, 30, 1)),
		"icc.jpg":              testimg.Testdata(t, "quad-icc.jpg"),
		"cmyk.jpg":             testimg.Testdata(t, "quad-cmyk.jpg"),
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
		// Clashes: a.jpg keeps a.jpg, a.png gets a.png.jpg, A.GIF a.gif.jpg.
		"a.png": testimg.EncodePNG(t, testimg.PhotoLike(20, 20, 2)),
		"a.jpg": testimg.EncodeJPEG(t, testimg.PhotoLike(20, 20, 3), 90),
		"A.gif": testimg.Testdata(t, "quad-422.jpg"), // a JPEG named .gif: decoded by content
	})
	cfg := augment.DefaultConfig()
	cfg.Sigma = 2
	want, rep := commandRun(t, in, cfg)
	out := t.TempDir()
	sum := runJob(t, augbeam.Job{Input: in, Output: out, Config: cfg})
	sameOutputs(t, outputs(t, want), outputs(t, out))

	var wantFailed []string
	for _, r := range rep.Records {
		if r.Status == augment.StatusFailed {
			wantFailed = append(wantFailed, r.Input)
		}
	}
	slices.Sort(wantFailed)
	data, err := os.ReadFile(filepath.Join(out, augbeam.FailedName))
	if err != nil {
		t.Fatal(err)
	}
	gotFailed, recs := failedInputs(t, data)
	if !slices.Equal(gotFailed, wantFailed) || len(wantFailed) != 4 {
		t.Errorf("failed %q, the command's %q (want the 4 bad files)", gotFailed, wantFailed)
	}
	for _, r := range recs {
		if filepath.Base(r.Input) != "bomb.png" {
			continue
		}
		// The record's error comes back from JSON as its text: the step
		// first, then the reason.
		if msg := r.Err.Error(); !strings.HasPrefix(msg, augment.StepRead+": ") || !strings.Contains(msg, "over the limit") {
			t.Errorf("bomb: %v; want refused in the read step, from its header", r.Err)
		}
	}
	if sum.Counts[augbeam.MetricFailed] != 4 || sum.Counts[augbeam.MetricUnsupported] != int64(rep.Unsupported) ||
		sum.Counts[augbeam.MetricWritten] != int64(rep.Written) {
		t.Errorf("metrics %v; the command wrote %d, failed 4, skipped %d unsupported", sum.Counts, rep.Written, rep.Unsupported)
	}
}
