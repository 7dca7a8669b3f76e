//go:build unix

package imgfile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLockFolderExcludesASecondRun checks that while one run holds an
// output folder a second one is refused with an error naming the folder
// and the holder, that the folder is free again once unlocked, and that
// unlocking leaves no lock file behind.
func TestLockFolderExcludesASecondRun(t *testing.T) {
	dir := t.TempDir()
	unlock, err := LockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockFolder(dir)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, strconv.Itoa(os.Getpid())) {
		t.Errorf("error %q should name the folder and the process holding it", msg)
	}
	unlock()
	if _, err := os.Stat(filepath.Join(dir, LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file after unlock: %v, want none", err)
	}
	unlock, err = LockFolder(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock()
}

// TestLockFolderReusesAStaleLockFile checks that a lock file left by a run
// that was killed (nobody holds it) does not stop the next run.
func TestLockFolderReusesAStaleLockFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockName), []byte("999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, err := LockFolder(dir)
	if err != nil {
		t.Fatalf("stale lock file: %v", err)
	}
	unlock()
}

func TestLockFolderMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	if _, err := LockFolder(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("missing folder: %v, want an error naming it", err)
	}
}
