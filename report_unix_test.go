//go:build unix

package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/augpipe/augpipe/internal/cli"
	"github.com/augpipe/augpipe/internal/testimg"
)

// TestReportToPipe writes the JSON report to a named pipe, and through a
// symbolic link to one: the reader gets the report, and the pipe and the
// link are still there (an atomic write used to rename a regular file over
// them).
func TestReportToPipe(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 32, 24, 1)})
	for _, viaLink := range []bool{false, true} {
		name := "pipe"
		if viaLink {
			name = "link to a pipe"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "fifo")
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			arg := fifo
			if viaLink {
				arg = filepath.Join(dir, "link")
				symlink(t, "fifo", arg)
			}
			got := make(chan []byte, 1)
			go func() {
				f, err := os.Open(fifo) // blocks until the command opens it
				if err != nil {
					got <- nil
					return
				}
				defer f.Close()
				data, _ := io.ReadAll(f)
				got <- data
			}()
			r := runCmd(t, smallArgs(in, "-o", t.TempDir(), "--report", arg)...)
			if r.code != cli.ExitOK {
				t.Fatalf("exit status %d\nstderr:\n%s", r.code, r.stderr)
			}
			if data := <-got; !isReport(data, 1) {
				t.Errorf("the pipe's reader got %.100q, want the report", data)
			}
			if fi, err := os.Lstat(fifo); err != nil || fi.Mode().Type() != fs.ModeNamedPipe {
				t.Errorf("%s is no longer a named pipe: %v %v", fifo, fi.Mode(), err)
			}
			if fi, err := os.Lstat(arg); viaLink && (err != nil || fi.Mode().Type() != fs.ModeSymlink) {
				t.Errorf("%s is no longer a symbolic link: %v %v", arg, fi.Mode(), err)
			}
		})
	}
}
