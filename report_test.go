package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/internal/cli"
	"github.com/augpipe/augpipe/internal/testimg"
)

// isReport reports whether data is a JSON report of a run that wrote n
// files.
func isReport(data []byte, n int) bool {
	var rep struct {
		Written int `json:"written"`
	}
	return json.Unmarshal(data, &rep) == nil && rep.Written == n
}

// TestReportDestinations writes the JSON report through each kind of path
// --report takes: a new file, a file replaced, a symbolic link (to a file,
// to a link, dangling), and "-". A link is written through to its target
// and stays a link (it used to be replaced by a regular file); "-" puts
// the JSON alone on stdout and the text report on stderr (not with -q, and
// not with JSON logs there).
func TestReportDestinations(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 32, 24, 1)})
	cases := []struct {
		name string
		// setup makes what the report path names in dir, and returns the
		// --report value and the file that must hold the report ("":
		// stdout).
		setup func(t *testing.T, dir string) (arg, file string)
		flags []string
	}{
		{"new file", func(t *testing.T, dir string) (string, string) {
			return filepath.Join(dir, "r.json"), filepath.Join(dir, "r.json")
		}, nil},
		{"existing file", func(t *testing.T, dir string) (string, string) {
			testimg.WriteFile(t, filepath.Join(dir, "r.json"), []byte("old"))
			return filepath.Join(dir, "r.json"), filepath.Join(dir, "r.json")
		}, nil},
		{"link to a file", func(t *testing.T, dir string) (string, string) {
			testimg.WriteFile(t, filepath.Join(dir, "real", "r.json"), []byte("old"))
			symlink(t, filepath.Join("real", "r.json"), filepath.Join(dir, "link.json"))
			return filepath.Join(dir, "link.json"), filepath.Join(dir, "real", "r.json")
		}, nil},
		{"link to a link", func(t *testing.T, dir string) (string, string) {
			testimg.WriteFile(t, filepath.Join(dir, "r.json"), []byte("old"))
			symlink(t, "r.json", filepath.Join(dir, "l1"))
			symlink(t, filepath.Join(dir, "l1"), filepath.Join(dir, "l2"))
			return filepath.Join(dir, "l2"), filepath.Join(dir, "r.json")
		}, nil},
		{"dangling link", func(t *testing.T, dir string) (string, string) {
			symlink(t, "new.json", filepath.Join(dir, "link.json"))
			return filepath.Join(dir, "link.json"), filepath.Join(dir, "new.json")
		}, nil},
		{"stdout", func(t *testing.T, dir string) (string, string) { return "-", "" }, nil},
		{"stdout, quiet", func(t *testing.T, dir string) (string, string) { return "-", "" }, []string{"-q"}},
		{"stdout, JSON logs", func(t *testing.T, dir string) (string, string) { return "-", "" }, []string{"--log-format", "json"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			arg, file := c.setup(t, dir)
			links := linksIn(t, dir)
			r := runCmd(t, smallArgs(append([]string{in, "-o", t.TempDir(), "--report", arg}, c.flags...)...)...)
			if r.code != cli.ExitOK {
				t.Fatalf("exit status %d\nstderr:\n%s", r.code, r.stderr)
			}
			if file == "" {
				if !isReport([]byte(r.stdout), 1) {
					t.Errorf("stdout is not the JSON report alone:\n%s", r.stdout)
				}
				// The text report goes to stderr, but for -q, and for JSON
				// logs: every line there is JSON then.
				wantText := len(c.flags) == 0
				if text := strings.Contains(r.stderr, "files: 1 written"); text != wantText {
					t.Errorf("text report on stderr: %v, want %v\nstderr:\n%s", text, wantText, r.stderr)
				}
				return
			}
			if data, err := os.ReadFile(file); err != nil || !isReport(data, 1) {
				t.Errorf("%s does not hold the report (%v): %.100q", file, err, data)
			}
			if !strings.Contains(r.stdout, "files: 1 written") {
				t.Errorf("no text report on stdout:\n%s", r.stdout)
			}
			if got := linksIn(t, dir); strings.Join(got, ",") != strings.Join(links, ",") {
				t.Errorf("symbolic links %q after the run, want %q as before", got, links)
			}
		})
	}
}

// symlink makes a symbolic link, or skips the test where there are none.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// linksIn lists the symbolic links in dir and its sub-folders, each with
// its target.
func linksIn(t *testing.T, dir string) []string {
	t.Helper()
	var links []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			to, err := os.Readlink(path)
			if err != nil {
				return err
			}
			links = append(links, path+" -> "+to)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return links
}

// TestReportPathChecked checks that a --report path that cannot be written
// is refused before any work, exit status 2, no output folder made (it
// used to be found only at the end, after all the work, with exit status
// 0), and that a report that cannot be written at the end, its folder gone
// during the run, gives exit status 1.
func TestReportPathChecked(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 32, 24, 1)})
	aFile := filepath.Join(in, "a.jpg")
	dir := t.TempDir()
	cases := []struct {
		name, path, stderr string
	}{
		{"missing folder", filepath.Join(dir, "nope", "r.json"), "no folder " + filepath.Join(dir, "nope")},
		{"parent is a file", filepath.Join(aFile, "r.json"), aFile + " is not a folder"},
		{"grandparent is a file", filepath.Join(aFile, "sub", "r.json"), aFile + " is not a folder"},
		{"a folder", dir, "is a folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			r := runCmd(t, smallArgs(in, "-o", out, "--report", c.path)...)
			want := "augpipe: --report " + c.path + ": "
			if r.code != cli.ExitUsage || !strings.HasPrefix(r.stderr, want) || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("exit status %d, stderr:\n%s\nwant %d and %q ... %q", r.code, r.stderr, cli.ExitUsage, want, c.stderr)
			}
			if strings.Contains(r.stderr, "--help") {
				t.Errorf("an unusable path is no usage error, but stderr suggests --help:\n%s", r.stderr)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the run went ahead: output folder %v", err)
			}
		})
	}

	t.Run("fails at the end", func(t *testing.T) {
		gone := filepath.Join(t.TempDir(), "gone")
		if err := os.Mkdir(gone, 0o755); err != nil {
			t.Fatal(err)
		}
		removeFolder := augment.Step{Name: "remove-folder", Apply: func(context.Context, *augment.Frame) error {
			return os.RemoveAll(gone)
		}}
		r := runCmdWith(t, func(c *cli.CLI) { c.Steps = append(c.Steps, removeFolder) },
			smallArgs(in, "-o", t.TempDir(), "--report", filepath.Join(gone, "r.json"))...)
		if r.code != cli.ExitSomeFailed || !strings.Contains(r.stderr, "cannot write the JSON report") {
			t.Errorf("exit status %d, stderr:\n%s\nwant %d and the report's error", r.code, r.stderr, cli.ExitSomeFailed)
		}
		if !strings.Contains(r.stdout, "files: 1 written, 0 failed") {
			t.Errorf("the run did not go ahead:\n%s", r.stdout)
		}
	})
}
