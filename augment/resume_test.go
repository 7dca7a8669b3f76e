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

	"github.com/augpipe/augpipe/io/imgfile"
)

// TestResumeAfterSIGKILL kills a run outright: what it leaves is complete
// outputs and, at worst, augpipe's temporary files. The next run, with
// --skip-existing, removes those temporary files (and nothing else), keeps
// the outputs already made and writes the rest.
func TestResumeAfterSIGKILL(t *testing.T) {
	const files = 20
	in, out := slowFolder(t, files), t.TempDir()
	ch := startChild(t, slowCLI(in, out))
	waitForOutput(t, ch, out)
	if err := ch.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	ch.cmd.Wait()
	// What a kill during a write leaves, and files that are not ours.
	writeTree(t, out, map[string][]byte{
		imgfile.TempPrefix + "123456":        []byte("half a JPEG"),
		"sub/" + imgfile.TempPrefix + "7890": []byte("half another"),
		"notes.txt":                          []byte("keep me"),
		".augpipe-notes":                     []byte("keep me too"),
	})
	var done []string
	for _, f := range checkOutputsOrTemps(t, out) {
		if strings.HasSuffix(f, ".jpg") {
			done = append(done, f)
		}
	}
	if len(done) == 0 || len(done) >= files {
		t.Fatalf("%d outputs after the kill: not mid-way", len(done))
	}

	cfg := smallRunConfig(in, out)
	cfg.SkipExisting, cfg.Sigma = true, 0
	rep, err := Run(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.UpToDate != len(done) || rep.Written != files-len(done) {
		t.Errorf("second run: %d up to date, %d written; want %d and %d", rep.UpToDate, rep.Written, len(done), files-len(done))
	}
	os.Remove(filepath.Join(out, "notes.txt"))
	os.Remove(filepath.Join(out, ".augpipe-notes"))
	if outs := assertCompleteOutputs(t, out); len(outs) != files {
		t.Errorf("%d outputs, want %d", len(outs), files)
	}
}

// checkOutputsOrTemps lists the files under dir, checking that every one
// that is not a temporary file or one of the test's own is a complete JPEG.
func checkOutputsOrTemps(t *testing.T, dir string) []string {
	t.Helper()
	var all []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		all = append(all, filepath.ToSlash(rel))
		return nil
	})
	sub := t.TempDir()
	for _, f := range all {
		if strings.HasSuffix(f, ".jpg") {
			data, _ := os.ReadFile(filepath.Join(dir, f))
			writeTree(t, sub, map[string][]byte{f: data})
		}
	}
	assertCompleteOutputs(t, sub)
	return all
}

// TestSkipExisting checks that --skip-existing leaves alone exactly the
// outputs newer than their inputs, says so in the text and JSON reports,
// and that without it every output is replaced.
func TestSkipExisting(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	data := encodeJPEGBytes(t, detailedPhoto(64, 48))
	writeTree(t, in, map[string][]byte{"a.jpg": data, "b.jpg": data, "c.png": encodePNGBytes(t, detailedPhoto(20, 20))})
	cfg := smallRunConfig(in, out)
	if rep, err := Run(context.Background(), cfg, Hooks{}); err != nil || rep.Written != 3 {
		t.Fatalf("first run: %v, %+v", err, rep)
	}
	// b.jpg was edited after its output was made; c's output is gone.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(in, "b.jpg"), later, later); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(out, "c.jpg"))
	aInfo, _ := os.Stat(filepath.Join(out, "a.jpg"))

	cfg.SkipExisting = true
	rep, err := Run(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.UpToDate != 1 || rep.Written != 2 || rep.Files != 3 || rep.ExitCode() != 0 {
		t.Errorf("--skip-existing: %d up to date, %d written of %d; want 1, 2 of 3", rep.UpToDate, rep.Written, rep.Files)
	}
	if st, _ := os.Stat(filepath.Join(out, "a.jpg")); !os.SameFile(st, aInfo) || !st.ModTime().Equal(aInfo.ModTime()) {
		t.Error("a.jpg's up-to-date output was rewritten")
	}
	var text bytes.Buffer
	rep.WriteText(&text)
	if !strings.Contains(text.String(), "1 skipped (output up to date)") {
		t.Errorf("text report:\n%s", text.String())
	}
	jpath := filepath.Join(t.TempDir(), "r.json")
	if err := rep.WriteJSON(jpath); err != nil {
		t.Fatal(err)
	}
	var j struct {
		SkippedExisting int `json:"skipped_existing"`
		Files           []struct {
			Input, Status string
		} `json:"files_detail"`
	}
	raw, _ := os.ReadFile(jpath)
	if err := json.Unmarshal(raw, &j); err != nil || j.SkippedExisting != 1 {
		t.Errorf("JSON skipped_existing %d, %v", j.SkippedExisting, err)
	}
	for _, f := range j.Files {
		if want := map[bool]string{true: "up-to-date", false: "written"}[strings.HasSuffix(f.Input, "a.jpg")]; f.Status != want {
			t.Errorf("JSON: %s status %q, want %q", f.Input, f.Status, want)
		}
	}

	cfg.SkipExisting = false
	if rep, err := Run(context.Background(), cfg, Hooks{}); err != nil || rep.Written != 3 || rep.UpToDate != 0 {
		t.Errorf("default run: %v, %d written, %d up to date; want every output replaced", err, rep.Written, rep.UpToDate)
	}
	assertCompleteOutputs(t, out)
}
