//go:build unix

package imgfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

func lockFolder(dir string) (func(), error) {
	path := filepath.Join(dir, LockName)
	// Unlocking removes the file; a run that opened it just before then
	// holds a lock on a file no longer in the folder, so after locking,
	// check that the file is still the one at path, and try again if not.
	for range 10 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("output folder %s: lock: %w", dir, pathless(err))
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			holder, _ := os.ReadFile(path)
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				pid := string(bytes.TrimSpace(holder))
				if _, perr := strconv.Atoi(pid); perr != nil {
					pid = ""
				}
				return nil, &LockedError{Dir: dir, PID: pid}
			}
			return nil, fmt.Errorf("output folder %s: lock: %w", dir, err)
		}
		if !sameFile(f, path) {
			f.Close()
			continue
		}
		if err := f.Truncate(0); err == nil {
			f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		}
		return func() {
			os.Remove(path) // while still locked: see above
			f.Close()
		}, nil
	}
	return nil, fmt.Errorf("output folder %s: lock: the lock file kept changing", dir)
}

// sameFile reports whether the open file f is the file at path.
func sameFile(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}
