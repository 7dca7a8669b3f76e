package imgfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// TempPrefix begins the name of every temporary file augpipe writes. Only
// files with this prefix are ever removed by RemoveTemps.
const TempPrefix = ".augpipe-tmp-"

// WriteAtomic writes data to path so that path either keeps its old content
// or holds all of data, never a part: it writes a temporary file in the same
// folder, syncs it, and renames it into place. The folder is created if
// needed. On any error the temporary file is removed.
func WriteAtomic(path string, data []byte) error {
	return (*Temps)(nil).WriteAtomic(path, data)
}

// Temps keeps track of the temporary files a run is writing, and of other
// paths of its own (Track), so that a process about to exit at once can
// remove every one of them (Abort). The zero value is ready to use; a nil
// *Temps tracks nothing.
type Temps struct {
	mu      sync.Mutex
	files   map[string]struct{}
	others  map[string]struct{}
	aborted bool
}

// Track records path, a file or folder the run made for itself (a lock
// file, a scratch folder), for Abort to remove with everything in it. The
// returned function forgets it again: call it once the run has removed path
// itself or wants it kept.
func (t *Temps) Track(path string) (forget func()) {
	if t == nil {
		return func() {}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.others == nil {
		t.others = make(map[string]struct{})
	}
	t.others[path] = struct{}{}
	return func() {
		t.mu.Lock()
		delete(t.others, path)
		t.mu.Unlock()
	}
}

// ErrAborted is returned (wrapped) by Temps.WriteAtomic once Abort has
// been called.
var ErrAborted = errors.New("writing aborted")

// WriteAtomic is the package's WriteAtomic, with the temporary file
// tracked by t while it exists.
func (t *Temps) WriteAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	f, err := t.create(dir)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer t.forget(tmp)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename into %s: %w", path, err)
	}
	return nil
}

// create makes a temporary file in dir and records it, in one step under
// the lock, so that Abort cannot miss a file being created.
func (t *Temps) create(dir string) (*os.File, error) {
	if t == nil {
		return os.CreateTemp(dir, TempPrefix+"*")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.aborted {
		return nil, ErrAborted
	}
	f, err := os.CreateTemp(dir, TempPrefix+"*")
	if err != nil {
		return nil, err
	}
	if t.files == nil {
		t.files = make(map[string]struct{})
	}
	t.files[f.Name()] = struct{}{}
	return f, nil
}

func (t *Temps) forget(name string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	delete(t.files, name)
	t.mu.Unlock()
}

// Abort removes every temporary file being written and every tracked path,
// and makes later writes fail with ErrAborted. A write racing with Abort
// either renamed its complete file into place first or finds its temporary
// file gone and fails: no output is ever left half-written. It returns how
// many temporary files it removed.
func (t *Temps) Abort() int {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.aborted = true
	n := 0
	for name := range t.files {
		if os.Remove(name) == nil {
			n++
		}
		delete(t.files, name)
	}
	for path := range t.others {
		os.RemoveAll(path)
		delete(t.others, path)
	}
	return n
}

// RemoveTemps removes the temporary files that an earlier, killed run left
// in dir and its sub-folders (files whose names begin with TempPrefix, and
// nothing else). It returns how many it removed.
func RemoveTemps(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() && d.Type().IsRegular() && strings.HasPrefix(d.Name(), TempPrefix) {
			if err := os.Remove(path); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// CheckWritable creates dir if needed and proves that a file can be created
// in it, so that an unusable output folder is reported before any work.
func CheckWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, TempPrefix+"probe-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
