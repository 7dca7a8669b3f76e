package augment

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// buildOnce builds the augpipe binary for the end-to-end tests.
var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "augpipe-e2e-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "augpipe")
	out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput()
	if err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

type cmdResult struct {
	code           int
	stdout, stderr string
}

func runAugpipe(t *testing.T, args ...string) cmdResult {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test builds the binary; skipped with -short")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatalf("building augpipe: %v", err)
	}
	cmd := exec.Command(bin, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cmdResult{code, stdout.String(), stderr.String()}
}

func TestEndToEnd(t *testing.T) {
	in := t.TempDir()
	out := filepath.Join(t.TempDir(), "out")
	writeJPEG(t, filepath.Join(in, "wide.jpg"), 320, 200, 1)
	writeJPEG(t, filepath.Join(in, "tall photo.JPG"), 150, 260, 2)
	writePNG(t, filepath.Join(in, "small.png"), 60, 40, 3)
	writeJPEG(t, filepath.Join(in, "sub", "nested.jpg"), 300, 300, 4)
	writeFile(t, filepath.Join(in, "broken.jpg"), []byte("this is text, not a JPEG"))
	writeFile(t, filepath.Join(in, "README.txt"), []byte("not an image"))
	report := filepath.Join(t.TempDir(), "report.json")

	r := runAugpipe(t, in, "-r", "-o", out, "--max-size", "100", "--blur", "3", "--report", report, "--workers", "3")
	if r.code != ExitSomeFailed {
		t.Fatalf("exit %d, want %d (one file broken)\nstdout:\n%s\nstderr:\n%s", r.code, ExitSomeFailed, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "broken.jpg") {
		t.Errorf("stderr does not name the broken file:\n%s", r.stderr)
	}
	for _, want := range []string{"4 written, 1 failed", "bottleneck", "decode", "process"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	wantSizes := map[string][2]int{
		"wide.jpg":       {100, 63}, // 320x200 -> 100x62.5: Pillow's rule picks 63 (closer aspect)
		"tall photo.jpg": {58, 100},
		"small.jpg":      {60, 40}, // never enlarged
		"sub/nested.jpg": {100, 100},
	}
	for name, size := range wantSizes {
		img := decodeFile(t, filepath.Join(out, filepath.FromSlash(name)))
		if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
			t.Errorf("%s is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), size[0], size[1])
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".augpipe") {
			t.Errorf("temporary file %s left in the output folder", e.Name())
		}
	}

	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Config  map[string]any `json:"config"`
		Machine Machine        `json:"machine"`
		Written int            `json:"written"`
		Failed  int            `json:"failed"`
		Steps   []StepSummary  `json:"steps"`
		Stages  []StageSummary `json:"stages"`
		Records []FileRecord   `json:"files_detail"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if rep.Written != 4 || rep.Failed != 1 || len(rep.Records) != 5 {
		t.Errorf("report: written %d, failed %d, %d records; want 4, 1, 5", rep.Written, rep.Failed, len(rep.Records))
	}
	if rep.Machine.Cores < 1 || rep.Machine.GOMAXPROCS < 1 || rep.Machine.GoVersion == "" || rep.Machine.CPU == "" {
		t.Errorf("machine not described: %+v", rep.Machine)
	}
	if rep.Config["workers"] != 3.0 {
		t.Errorf("config workers = %v, want 3", rep.Config["workers"])
	}
	if len(rep.Steps) != 6 || len(rep.Stages) != 3 {
		t.Errorf("%d steps and %d stages in the report, want 6 and 3", len(rep.Steps), len(rep.Stages))
	}
	for _, rec := range rep.Records {
		switch {
		case strings.HasSuffix(rec.Input, "broken.jpg"):
			if rec.Status != StatusFailed || !strings.Contains(rec.Err, "decode") {
				t.Errorf("broken.jpg: status %q, error %q; want failed in decode", rec.Status, rec.Err)
			}
		case rec.Status != StatusWritten || rec.BytesOut == 0 || rec.OutWidth == 0:
			t.Errorf("%s: %+v, want written with sizes", rec.Input, rec)
		}
	}
}

func TestExitStatus(t *testing.T) {
	images := t.TempDir()
	writeJPEG(t, filepath.Join(images, "a.jpg"), 64, 48, 1)
	empty := t.TempDir()
	aFile := filepath.Join(images, "a.jpg")
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout or stderr
	}{
		{"all written", []string{images, "-o", filepath.Join(t.TempDir(), "o")}, ExitOK, "1 written, 0 failed"},
		{"empty folder", []string{empty, "-o", filepath.Join(t.TempDir(), "o")}, ExitOK, "no images found"},
		{"missing input", []string{filepath.Join(empty, "nope")}, ExitUsage, "nope"},
		{"input is a file", []string{aFile}, ExitUsage, "not a folder"},
		{"no argument", nil, ExitUsage, "expected one INPUT_DIR"},
		{"bad quality", []string{images, "--quality", "0"}, ExitUsage, "--quality"},
		{"unknown flag", []string{images, "--frobnicate"}, ExitUsage, "frobnicate"},
		{"output would overwrite an input", []string{images, "-o", images}, ExitUsage, "overwrite"},
		{"help", []string{"--help"}, ExitOK, "--max-size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runAugpipe(t, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, tc.want) {
				t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", tc.want, r.stdout, r.stderr)
			}
		})
	}
	// The refused overwrite left the input as it was.
	if img := decodeFile(t, aFile); img.Bounds().Dx() != 64 {
		t.Errorf("input changed: now %v", img.Bounds())
	}
}

func TestHelpExplainsEveryFlag(t *testing.T) {
	r := runAugpipe(t, "--help")
	for _, flag := range []string{"--out", "--recursive", "--blur", "--max-size", "--quality", "--readers", "--workers",
		"--writers", "--buffer", "--baseline", "--report", "--log-format", "--verbose", "--quiet", "--max-pixels", "Exit status"} {
		if !strings.Contains(r.stdout, flag) {
			t.Errorf("--help does not mention %s", flag)
		}
	}
}
