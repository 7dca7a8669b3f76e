package augment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// damagedInputs writes a folder of a w x h photo-like JPEG, whole.jpg, and
// that JPEG and its PNG cut to two thirds, truncated.jpg and
// truncated.png, and returns it.
func damagedInputs(t *testing.T, w, h int) string {
	t.Helper()
	photo := testimg.PhotoLike(w, h, 5)
	jpg := testimg.EncodeJPEG(t, photo, 90)
	png := testimg.EncodePNG(t, photo)
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{
		"whole.jpg":     jpg,
		"truncated.jpg": jpg[:len(jpg)*2/3],
		"truncated.png": png[:len(png)*2/3],
	})
	return in
}

// Under FailOn none, a truncated JPEG, PNG or GIF is written from what
// could be decoded, its record says it is damaged and why, and the report
// counts it among the written; under the default, it fails. A whole file
// is the same under both.
func TestFailOnNone(t *testing.T) {
	in := damagedInputs(t, 120, 80)
	for _, tc := range []struct {
		failOn                   string
		written, failed, damaged int
	}{
		{"", 1, 2, 0},
		{FailOnError, 1, 2, 0},
		{FailOnNone, 3, 0, 2},
	} {
		t.Run("FailOn="+tc.failOn, func(t *testing.T) {
			j := smallJob(in, t.TempDir())
			j.FailOn = tc.failOn
			r, err := RunFolder(context.Background(), j, Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			if r.Written != tc.written || r.Failed != tc.failed || r.Damaged != tc.damaged {
				t.Fatalf("written %d, failed %d, damaged %d; want %d, %d, %d",
					r.Written, r.Failed, r.Damaged, tc.written, tc.failed, tc.damaged)
			}
			for _, rec := range r.Records {
				damaged := strings.HasPrefix(filepath.Base(rec.Input), "truncated")
				switch {
				case tc.failOn == FailOnNone && damaged:
					if rec.Status != StatusWritten || !strings.Contains(rec.Damaged, "truncated") {
						t.Errorf("%s: %s, damaged %q; want written, damaged saying why", rec.Input, rec.Status, rec.Damaged)
					}
					js, _ := json.Marshal(rec)
					if !strings.Contains(string(js), `"damaged":"`) {
						t.Errorf("%s: JSON record %s has no \"damaged\"", rec.Input, js)
					}
				case damaged:
					if rec.Status != StatusFailed || !errors.Is(rec.Err, ErrCorrupt) {
						t.Errorf("%s: %s (%v), want failed as corrupt", rec.Input, rec.Status, rec.Err)
					}
				default:
					if rec.Status != StatusWritten || rec.Damaged != "" {
						t.Errorf("%s: %s, damaged %q; want written, whole", rec.Input, rec.Status, rec.Damaged)
					}
				}
			}
		})
	}
}

// FailOn changes no output of a valid file, so it is not in the settings
// fingerprint: outputs made under one are up to date under the other.
func TestFailOnNotInFingerprint(t *testing.T) {
	a, b, c := DefaultConfig(), DefaultConfig(), DefaultConfig()
	b.FailOn, c.FailOn = FailOnNone, ""
	if Fingerprint(a) != Fingerprint(b) || Fingerprint(a) != Fingerprint(c) {
		t.Error("FailOn changes the fingerprint")
	}
}

// FailOn takes error, none or "" (error).
func TestFailOnValidate(t *testing.T) {
	c := DefaultConfig()
	c.FailOn = "warning"
	var ce *ConfigError
	if err := c.Validate(); !errors.As(err, &ce) || ce.Field != "FailOn" {
		t.Fatalf("Validate: %v, want a *ConfigError on FailOn", err)
	}
}

// Under a recipe too, FailOn none writes every variant of a truncated
// JPEG or PNG, each record and manifest line saying it is damaged, and
// each line replays to its output's bytes; under the default every
// variant of a truncated file fails.
func TestFailOnNoneRecipe(t *testing.T) {
	in := damagedInputs(t, 320, 240)
	r := mustRecipe(t, everyOp)
	for _, tc := range []struct {
		failOn                   string
		written, failed, damaged int
	}{
		{FailOnError, 3, 6, 0},
		{FailOnNone, 9, 0, 6},
	} {
		t.Run("FailOn="+tc.failOn, func(t *testing.T) {
			j := recipeJob(in, t.TempDir(), r, 3, 2)
			j.FailOn = tc.failOn
			rep, err := RunFolder(context.Background(), j, Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Written != tc.written || rep.Failed != tc.failed || rep.Damaged != tc.damaged {
				t.Fatalf("written %d, failed %d, damaged %d; want %d, %d, %d",
					rep.Written, rep.Failed, rep.Damaged, tc.written, tc.failed, tc.damaged)
			}
			man, err := os.ReadFile(j.Manifest)
			if err != nil {
				t.Fatal(err)
			}
			lines := manifestLines(t, man)
			if len(lines) != 9 {
				t.Fatalf("%d manifest lines, want 9", len(lines))
			}
			for _, l := range lines {
				damaged := strings.HasPrefix(l.Rel, "truncated")
				if tc.failOn != FailOnNone {
					if damaged && l.Record.Status != StatusFailed {
						t.Errorf("%s: %s, want failed", l.Name, l.Record.Status)
					}
					continue
				}
				if l.Record.Status != StatusWritten || (l.Record.Damaged != "") != damaged {
					t.Errorf("%s: %s, damaged %q; want written, damaged %v", l.Name, l.Record.Status, l.Record.Damaged, damaged)
				}
				data, err := os.ReadFile(filepath.Join(in, l.Rel))
				if err != nil {
					t.Fatal(err)
				}
				out, err := Replay(context.Background(), l, data)
				if err != nil {
					t.Fatalf("%s: %v", l.Name, err)
				}
				if want, err := os.ReadFile(filepath.Join(j.Output, l.Name)); err != nil || !bytes.Equal(out, want) {
					t.Errorf("%s replayed differs from the output (%v)", l.Name, err)
				}
			}
		})
	}
}
