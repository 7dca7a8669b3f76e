//go:build unix

package augment

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/imgfile"
)

// TestOutputFolderInUse checks that a run into an output folder another
// run holds stops before any work, exit 2, saying why; and that a run
// leaves no lock file behind.
func TestOutputFolderInUse(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeTree(t, in, map[string][]byte{"a.jpg": encodeJPEGBytes(t, detailedPhoto(32, 24))})
	unlock, err := imgfile.LockFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runMainInProcess(t, CLI{Config: smallRunConfig(in, out), LogFormat: "console"})
	if code != 2 || !strings.Contains(stderr, "in use by another augpipe run") || !strings.Contains(stderr, out) {
		t.Errorf("exit status %d, stderr:\n%s\nwant 2 and a message naming the folder in use", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "a.jpg")); err == nil {
		t.Error("the refused run wrote an output")
	}
	unlock()

	code, stdout, stderr := runMainInProcess(t, CLI{Config: smallRunConfig(in, out), LogFormat: "console"})
	if code != 0 {
		t.Fatalf("after the other run: exit status %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, imgfile.LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left after the run: %v", err)
	}
}
