package augment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runMainInProcess runs the command in-process and returns its exit status,
// stdout and stderr.
func runMainInProcess(t *testing.T, c CLI) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	code := c.Main(stdout, stderr)
	o, _ := os.ReadFile(stdout.Name())
	e, _ := os.ReadFile(stderr.Name())
	return code, string(o), string(e)
}

// TestExitStatuses covers the command's exit statuses: 2 before any work
// for an unusable input or output (naming it), 0 for an empty folder with
// a message, 1 when some files failed, 0 when all were written.
func TestExitStatuses(t *testing.T) {
	root := t.TempDir()
	good := filepath.Join(root, "good")
	writeTree(t, good, map[string][]byte{"a.jpg": encodeJPEGBytes(t, detailedPhoto(32, 24))})
	mixed := filepath.Join(root, "mixed")
	writeTree(t, mixed, map[string][]byte{"a.jpg": encodeJPEGBytes(t, detailedPhoto(32, 24)), "b.jpg": []byte("not an image")})
	onlyHEIC := filepath.Join(root, "heic")
	writeTree(t, onlyHEIC, map[string][]byte{"a.heic": []byte("x"), "notes.txt": []byte("x")})
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	aFile := filepath.Join(root, "good", "a.jpg")

	cases := []struct {
		name     string
		in, out  string
		mutate   func(*Config)
		status   int
		stderr   string // part of stderr, "" for none expected
		stdout   string // part of stdout
		noOutDir bool   // the output folder must not have been created
	}{
		{name: "all written", in: good, out: "out", status: 0, stdout: "1 written, 0 failed"},
		{name: "some failed", in: mixed, out: "out", status: 1, stdout: "1 written, 1 failed", stderr: "not an image"},
		{name: "empty folder", in: empty, out: "out", status: 0, stdout: "no images found", noOutDir: true},
		{name: "only unsupported", in: onlyHEIC, out: "out", status: 0, stdout: "HEIC is not supported", noOutDir: true},
		{name: "missing input", in: filepath.Join(root, "nope"), out: "out", status: 2, stderr: filepath.Join(root, "nope"), noOutDir: true},
		{name: "input is a file", in: aFile, out: "out", status: 2, stderr: "not a folder", noOutDir: true},
		{name: "output under a file", in: good, out: filepath.Join(aFile, "out"), status: 2, stderr: "output folder " + filepath.Join(aFile, "out")},
		{name: "output is a file", in: good, out: aFile, status: 2, stderr: "output folder " + aFile},
		{name: "output would overwrite input", in: good, out: good, status: 2, stderr: "would overwrite the input"},
		{name: "bad setting", in: good, out: "out", mutate: func(c *Config) { c.Quality = 0 }, status: 2, stderr: "--quality", noOutDir: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := c.out
			if !filepath.IsAbs(out) {
				out = filepath.Join(t.TempDir(), out)
			}
			cfg := smallRunConfig(c.in, out)
			if c.mutate != nil {
				c.mutate(&cfg)
			}
			code, stdout, stderr := runMainInProcess(t, CLI{Config: cfg, LogFormat: "console"})
			if code != c.status {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.status, stdout, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr lacks %q:\n%s", c.stderr, stderr)
			}
			if !strings.Contains(stdout, c.stdout) {
				t.Errorf("stdout lacks %q:\n%s", c.stdout, stdout)
			}
			if _, err := os.Stat(out); c.noOutDir && err == nil {
				t.Errorf("output folder %s was created", out)
			}
		})
	}
}
