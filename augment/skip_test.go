package augment

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestSkipExisting checks that SkipExisting leaves alone exactly the
// outputs made from the same input bytes with the same settings, says so
// in the JSON report, and that without it every output is replaced. An
// input touched but not changed is still up to date; one changed is not.
func TestSkipExisting(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	data := photoJPEG(t, 64, 48)
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": data, "b.jpg": data, "c.png": testimg.EncodePNG(t, testimg.PhotoLike(20, 20, 1)),
		"d.jpg": data})
	cfg := smallJob(in, out)
	if rep, err := RunFolder(context.Background(), cfg, Hooks{}); err != nil || rep.Written != 4 {
		t.Fatalf("first run: %v, %+v", err, rep)
	}
	// b.jpg was edited after its output was made; c's output is gone; d
	// was touched, its bytes unchanged.
	testimg.WriteFile(t, filepath.Join(in, "b.jpg"), photoJPEG(t, 64, 40))
	os.Remove(filepath.Join(out, "c.jpg"))
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(in, "d.jpg"), later, later); err != nil {
		t.Fatal(err)
	}
	aInfo, _ := os.Stat(filepath.Join(out, "a.jpg"))

	cfg.SkipExisting = true
	rep, err := RunFolder(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.UpToDate != 2 || rep.Written != 2 || rep.Files != 4 || rep.Failed != 0 {
		t.Errorf("--skip-existing: %d up to date, %d written of %d; want 2, 2 of 4", rep.UpToDate, rep.Written, rep.Files)
	}
	if st, _ := os.Stat(filepath.Join(out, "a.jpg")); !os.SameFile(st, aInfo) || !st.ModTime().Equal(aInfo.ModTime()) {
		t.Error("a.jpg's up-to-date output was rewritten")
	}
	var raw bytes.Buffer
	if err := rep.WriteJSON(&raw); err != nil {
		t.Fatal(err)
	}
	var j struct {
		UpToDate int `json:"up_to_date"`
		Files    []struct {
			Input, Status string
		} `json:"files"`
	}
	if err := json.Unmarshal(raw.Bytes(), &j); err != nil || j.UpToDate != 2 {
		t.Errorf("JSON up_to_date %d, %v", j.UpToDate, err)
	}
	for _, f := range j.Files {
		want := "written"
		if strings.HasSuffix(f.Input, "a.jpg") || strings.HasSuffix(f.Input, "d.jpg") {
			want = "up-to-date"
		}
		if f.Status != want {
			t.Errorf("JSON: %s status %q, want %q", f.Input, f.Status, want)
		}
	}

	cfg.SkipExisting = false
	if rep, err := RunFolder(context.Background(), cfg, Hooks{}); err != nil || rep.Written != 4 || rep.UpToDate != 0 {
		t.Errorf("default run: %v, %d written, %d up to date; want every output replaced", err, rep.Written, rep.UpToDate)
	}
	testimg.CompleteOutputs(t, out)
}

// TestSkipExistingSettings is bug 8 of issue 13: SkipExisting kept
// outputs made with other settings. Each change of a setting that decides
// the output's bytes makes every output redone, with the new settings;
// one that does not (the workers, the pixel limit) keeps them. An output
// with no manifest entry (made by an older augpipe), or whose entry is not
// for its bytes any more, is redone.
func TestSkipExistingSettings(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photoJPEG(t, 200, 150), "b.jpg": photoJPEG(t, 120, 160)})
	cases := []struct {
		name   string
		change func(*FolderJob)
		redone bool
	}{
		{"same settings", func(*FolderJob) {}, false},
		{"blur and size (the bug's own case)", func(j *FolderJob) { j.Sigma, j.MaxSize = 2, 30 }, true},
		{"blur", func(j *FolderJob) { j.Sigma = 2 }, true},
		{"size", func(j *FolderJob) { j.MaxSize = 30 }, true},
		{"quality", func(j *FolderJob) { j.Quality = 90 }, true},
		{"order", func(j *FolderJob) { j.Order = OrderBlurFirst }, true},
		{"format, same names", func(j *FolderJob) { j.Name, j.Format = DefaultName, FormatPNG }, true},
		{"a step of the caller's", func(j *FolderJob) {
			j.Steps = []Step{{Name: "mine", Apply: func(context.Context, *Frame) error { return nil }}}
		}, true},
		{"workers and buffer", func(j *FolderJob) { j.Workers, j.Buffer = 1, 0 }, false},
		{"pixel limit", func(j *FolderJob) { j.MaxPixels = 1e6 }, false},
		{"the same format spelt out", func(j *FolderJob) { j.Format = FormatJPEG }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			j := smallJob(in, out)
			if _, err := RunFolder(context.Background(), j, Hooks{}); err != nil {
				t.Fatal(err)
			}
			c.change(&j)
			j.SkipExisting = true
			rep, err := RunFolder(context.Background(), j, Hooks{})
			if err != nil {
				t.Fatal(err)
			}
			wantWritten, wantUpToDate := 0, 2
			if c.redone {
				wantWritten, wantUpToDate = 2, 0
			}
			if rep.Written != wantWritten || rep.UpToDate != wantUpToDate {
				t.Fatalf("%d written, %d up to date; want %d and %d", rep.Written, rep.UpToDate, wantWritten, wantUpToDate)
			}
			// The outputs are the new settings' own: a run without
			// SkipExisting makes the same bytes.
			fresh := t.TempDir()
			j.Output, j.SkipExisting = fresh, false
			if _, err := RunFolder(context.Background(), j, Hooks{}); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"a.jpg", "b.jpg"} {
				got, _ := os.ReadFile(filepath.Join(out, name))
				want, _ := os.ReadFile(filepath.Join(fresh, name))
				if !bytes.Equal(got, want) {
					t.Errorf("%s is not what the settings make", name)
				}
			}
		})
	}

	t.Run("no manifest: made by an older augpipe", func(t *testing.T) {
		out := t.TempDir()
		j := smallJob(in, out)
		if _, err := RunFolder(context.Background(), j, Hooks{}); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(out, ManifestName))
		j.SkipExisting = true
		if rep, err := RunFolder(context.Background(), j, Hooks{}); err != nil || rep.Written != 2 || rep.UpToDate != 0 {
			t.Fatalf("%v: %d written, %d up to date; want every output redone", err, rep.Written, rep.UpToDate)
		}
		if rep, err := RunFolder(context.Background(), j, Hooks{}); err != nil || rep.UpToDate != 2 {
			t.Fatalf("%v: %d up to date the time after; want 2", err, rep.UpToDate)
		}
	})
	t.Run("an output replaced by another file", func(t *testing.T) {
		out := t.TempDir()
		j := smallJob(in, out)
		if _, err := RunFolder(context.Background(), j, Hooks{}); err != nil {
			t.Fatal(err)
		}
		testimg.WriteFile(t, filepath.Join(out, "a.jpg"), photoJPEG(t, 10, 10))
		j.SkipExisting = true
		if rep, err := RunFolder(context.Background(), j, Hooks{}); err != nil || rep.Written != 1 || rep.UpToDate != 1 {
			t.Fatalf("%v: %d written, %d up to date; want a.jpg redone", err, rep.Written, rep.UpToDate)
		}
	})
}

// TestManifestSurvivesInterruption checks the manifest's two ways of being
// cut short: a last line half-written (the machine crashed while writing
// it) is ignored, its output redone, and the others kept; and the entries
// of the outputs a run is about to replace are gone from the file before
// any output is replaced, so that a run killed halfway leaves no entry
// describing an output it replaced.
func TestManifestSurvivesInterruption(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photoJPEG(t, 64, 48), "b.jpg": photoJPEG(t, 48, 64)})
	j := smallJob(in, out)
	if _, err := RunFolder(context.Background(), j, Hooks{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, ManifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"output":"a.jpg"`) || !strings.Contains(lines[1], `"output":"b.jpg"`) {
		t.Fatalf("manifest:\n%s\nwant a line for a.jpg, then b.jpg", data)
	}
	// b.jpg's line cut short.
	testimg.WriteFile(t, path, []byte(lines[0]+lines[1][:len(lines[1])/2]))
	j.SkipExisting = true
	rep, err := RunFolder(context.Background(), j, Hooks{})
	if err != nil || rep.UpToDate != 1 || rep.Written != 1 || rep.Records[1].Status != StatusWritten {
		t.Fatalf("%v: %d up to date, %d written; want a.jpg up to date and b.jpg redone", err, rep.UpToDate, rep.Written)
	}
	testimg.CompleteOutputs(t, out) // the manifest is whole again

	// A run with other settings, stopped as it writes its first output (of
	// eight, so that the run cannot end before the cancellation lands): the
	// manifest no longer describes any output of the old settings.
	for _, n := range []string{"c", "d", "e", "f", "g", "h"} {
		testimg.WriteFile(t, filepath.Join(in, n+".jpg"), photoJPEG(t, 64, 48))
	}
	j.Sigma = 3
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen string
	h := Hooks{File: func(_ string, rec *Record) {
		if seen == "" {
			m, _ := os.ReadFile(path)
			seen = string(m)
			cancel()
		}
	}}
	j.Workers, j.Buffer = 1, 0
	if _, err := RunFolder(ctx, j, h); err == nil {
		t.Fatal("the run was not interrupted")
	}
	for _, l := range strings.Split(strings.TrimSpace(seen), "\n") {
		var e ManifestEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("manifest line %q: %v", l, err)
		}
		if e.Settings != Fingerprint(j.Config) {
			t.Errorf("while the run wrote its outputs, the manifest still had an entry for the old settings: %s", l)
		}
	}
}

// TestManifestNameKnownToTests checks that the tests' helpers recognise
// the manifest.
func TestManifestNameKnownToTests(t *testing.T) {
	if testimg.ManifestName != ManifestName {
		t.Errorf("testimg.ManifestName = %q, ManifestName = %q", testimg.ManifestName, ManifestName)
	}
}

// TestFingerprint checks that the fingerprint is stable, that it changes
// with each setting that decides an output's bytes and with nothing else,
// and that a format left to the name's extension is the format it gives.
func TestFingerprint(t *testing.T) {
	base := DefaultConfig()
	fp := Fingerprint(base)
	if len(fp) != 64 || Fingerprint(DefaultConfig()) != fp {
		t.Fatalf("Fingerprint = %q, want 64 hex digits, the same each time", fp)
	}
	cases := []struct {
		name   string
		change func(*Config)
		same   bool
	}{
		{"sigma", func(c *Config) { c.Sigma = 14.5 }, false},
		{"order", func(c *Config) { c.Order = OrderBlurFirst }, false},
		{"max size", func(c *Config) { c.MaxSize = 1199 }, false},
		{"quality", func(c *Config) { c.Quality = 76 }, false},
		{"format", func(c *Config) { c.Format = FormatPNG }, false},
		{"format by the name", func(c *Config) { c.Name = "{stem}.png" }, false},
		{"steps", func(c *Config) { c.Steps = []Step{{Name: "x"}} }, false},
		{"format spelt out", func(c *Config) { c.Format = FormatJPEG }, true},
		{"name, same format", func(c *Config) { c.Name = "{dir}/{stem}-small.jpeg" }, true},
		{"stages", func(c *Config) { c.Readers, c.Workers, c.Writers, c.Buffer = 3, 7, 2, 9 }, true},
		{"pixel limit", func(c *Config) { c.MaxPixels = 5 }, true},
		{"subsampling 444", func(c *Config) { c.Subsampling = Subsampling444 }, false},
		{"subsampling left empty", func(c *Config) { c.Subsampling = "" }, true},
	}
	for _, c := range cases {
		cfg := base
		c.change(&cfg)
		if got := Fingerprint(cfg) == fp; got != c.same {
			t.Errorf("%s: fingerprint unchanged %v, want %v", c.name, got, c.same)
		}
	}
	png := base
	png.Format = FormatPNG
	png444 := png
	png444.Subsampling = Subsampling444
	if Fingerprint(png) != Fingerprint(png444) {
		t.Errorf("a PNG output's fingerprint changes with the JPEG subsampling, which it does not use")
	}
}

// TestFingerprintOfDefaultsKept checks that the default settings still
// have the fingerprint they had before Config.Subsampling existed, so
// that --skip-existing keeps the outputs of earlier default runs. The
// value is Fingerprint(DefaultConfig()) at commit a828a3e; change it only
// together with fingerprintVersion, when default outputs change.
func TestFingerprintOfDefaultsKept(t *testing.T) {
	const before = "9f94693863fefa18000b67c3b74b4337539e6aef98e0cf11c0fc9baf8bdb6efa"
	if got := Fingerprint(DefaultConfig()); got != before {
		t.Errorf("Fingerprint(DefaultConfig()) = %s, was %s: earlier default runs' outputs would all be redone", got, before)
	}
}
