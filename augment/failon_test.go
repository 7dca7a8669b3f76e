package augment

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// Under FailOn none, a truncated JPEG, PNG or GIF is written from what
// could be decoded, its record says it is damaged and why, and the report
// counts it among the written; under the default, it fails. A whole file
// is the same under both.
func TestFailOnNone(t *testing.T) {
	photo := testimg.PhotoLike(120, 80, 5)
	jpg := testimg.EncodeJPEG(t, photo, 90)
	png := testimg.EncodePNG(t, photo)
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{
		"whole.jpg":     jpg,
		"truncated.jpg": jpg[:len(jpg)*2/3],
		"truncated.png": png[:len(png)*2/3],
	})
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
