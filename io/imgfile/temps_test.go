package imgfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

func tempsIn(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), TempPrefix) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// TestTempsAbortRacingWriters aborts while many writers are busy: after
// it, no temporary file remains, every output that exists is whole, and
// writes after the abort fail with ErrAborted.
func TestTempsAbortRacingWriters(t *testing.T) {
	for round := range 20 {
		dir := t.TempDir()
		temps := new(Temps)
		payload := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 256<<10) }
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 8 {
			wg.Go(func() {
				<-start
				for k := 0; ; k++ {
					err := temps.WriteAtomic(filepath.Join(dir, fmt.Sprintf("w%d-%d.jpg", i, k)), payload(i))
					if errors.Is(err, ErrAborted) {
						return
					}
				}
			})
		}
		close(start)
		for len(tempsIn(t, dir)) == 0 {
		}
		temps.Abort()
		wg.Wait()
		if left := tempsIn(t, dir); len(left) != 0 {
			t.Fatalf("round %d: temporary files left: %v", round, left)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			var i, k int
			fmt.Sscanf(e.Name(), "w%d-%d.jpg", &i, &k)
			got, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil || !bytes.Equal(got, payload(i)) {
				t.Fatalf("round %d: %s is not whole (%d bytes, %v)", round, e.Name(), len(got), err)
			}
		}
		if err := temps.WriteAtomic(filepath.Join(dir, "late.jpg"), []byte("x")); !errors.Is(err, ErrAborted) {
			t.Errorf("write after Abort: %v, want ErrAborted", err)
		}
	}
}

func TestTempsForgetsFinishedWrites(t *testing.T) {
	dir := t.TempDir()
	temps := new(Temps)
	for i := range 3 {
		if err := temps.WriteAtomic(filepath.Join(dir, fmt.Sprint(i, ".jpg")), []byte("data")); err != nil {
			t.Fatal(err)
		}
	}
	if n := temps.Abort(); n != 0 {
		t.Errorf("Abort removed %d files after every write had finished", n)
	}
	for i := range 3 {
		if _, err := os.Stat(filepath.Join(dir, fmt.Sprint(i, ".jpg"))); err != nil {
			t.Errorf("Abort touched a finished output: %v", err)
		}
	}
}

// TestRemoveTempsOnlyOurs checks that the clean-up after a killed run
// removes augpipe's temporary files, in sub-folders too, and nothing else.
func TestRemoveTempsOnlyOurs(t *testing.T) {
	dir := t.TempDir()
	ours := []string{TempPrefix + "123", "sub/" + TempPrefix + "456", TempPrefix + "probe-9"}
	theirs := []string{"a.jpg", ".augpipe-tmp", "augpipe-tmp-1", "sub/.tmp-x", "sub/b.jpg", ".other"}
	for _, f := range append(ours, theirs...) {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A folder and a link with the prefix are not temporary files.
	if err := os.Mkdir(filepath.Join(dir, TempPrefix+"dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.jpg", filepath.Join(dir, TempPrefix+"link")); err != nil {
		t.Fatal(err)
	}
	n, err := RemoveTemps(dir)
	if err != nil || n != len(ours) {
		t.Errorf("removed %d, %v; want %d", n, err, len(ours))
	}
	for _, f := range ours {
		if _, err := os.Lstat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there", f)
		}
	}
	for _, f := range append(theirs, TempPrefix+"dir", TempPrefix+"link") {
		if _, err := os.Lstat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s removed: %v", f, err)
		}
	}
	if n, err := RemoveTemps(filepath.Join(dir, "missing")); n != 0 || err != nil {
		t.Errorf("missing folder: %d, %v", n, err)
	}
}

// TestTempsAbortRemovesTrackedPaths checks that Abort removes the paths a
// run tracked (a folder with its contents, a file) and leaves those it
// forgot again.
func TestTempsAbortRemovesTrackedPaths(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "scratch")
	if err := os.MkdirAll(filepath.Join(folder, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	lock, kept := filepath.Join(dir, ".lock"), filepath.Join(dir, "kept")
	for _, f := range []string{filepath.Join(folder, "sub", "a.jpg"), lock, kept} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var temps Temps
	temps.Track(folder)
	temps.Track(lock)
	temps.Track(kept)() // tracked, then forgotten
	temps.Abort()
	for _, gone := range []string{folder, lock} {
		if _, err := os.Stat(gone); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s after Abort: %v, want removed", gone, err)
		}
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("a forgotten path was removed: %v", err)
	}
	var none *Temps
	none.Track(kept)() // a nil Temps tracks nothing
}

// TestTempPrefixKnownToTests checks that the tests' helpers recognise
// this package's temporary files.
func TestTempPrefixKnownToTests(t *testing.T) {
	if testimg.TempPrefix != TempPrefix {
		t.Errorf("testimg.TempPrefix = %q, TempPrefix = %q: the tests would miss leftover temporary files", testimg.TempPrefix, TempPrefix)
	}
}
