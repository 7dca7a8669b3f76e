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

// TestSkipExisting checks that --skip-existing leaves alone exactly the
// outputs newer than their inputs, says so in the text and JSON reports,
// and that without it every output is replaced.
func TestSkipExisting(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	data := photoJPEG(t, 64, 48)
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": data, "b.jpg": data, "c.png": testimg.EncodePNG(t, testimg.PhotoLike(20, 20, 1))})
	cfg := smallJob(in, out)
	if rep, err := RunFolder(context.Background(), cfg, Hooks{}); err != nil || rep.Written != 3 {
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
	rep, err := RunFolder(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.UpToDate != 1 || rep.Written != 2 || rep.Files != 3 || rep.Failed != 0 {
		t.Errorf("--skip-existing: %d up to date, %d written of %d; want 1, 2 of 3", rep.UpToDate, rep.Written, rep.Files)
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
	if err := json.Unmarshal(raw.Bytes(), &j); err != nil || j.UpToDate != 1 {
		t.Errorf("JSON up_to_date %d, %v", j.UpToDate, err)
	}
	for _, f := range j.Files {
		if want := map[bool]string{true: "up-to-date", false: "written"}[strings.HasSuffix(f.Input, "a.jpg")]; f.Status != want {
			t.Errorf("JSON: %s status %q, want %q", f.Input, f.Status, want)
		}
	}

	cfg.SkipExisting = false
	if rep, err := RunFolder(context.Background(), cfg, Hooks{}); err != nil || rep.Written != 3 || rep.UpToDate != 0 {
		t.Errorf("default run: %v, %d written, %d up to date; want every output replaced", err, rep.Written, rep.UpToDate)
	}
	testimg.CompleteOutputs(t, out)
}
