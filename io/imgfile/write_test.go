package imgfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, rel)
		}
		return nil
	})
	return names
}

func TestWriteAtomicLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.jpg")
	for _, content := range []string{"first", "second, longer content"} {
		if err := WriteAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read back %q, %v; want %q", got, err, content)
		}
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v, want only the output", names)
	}
}

func TestWriteAtomicFailureKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	// The target is a folder: the rename must fail, and the temp file go.
	target := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteAtomic(target, []byte("data"))
	if err == nil || !strings.Contains(err.Error(), target) {
		t.Fatalf("WriteAtomic onto a folder: err = %v, want an error naming %s", err, target)
	}
	for _, n := range listDir(t, dir) {
		if strings.Contains(n, TempPrefix) {
			t.Errorf("temp file %s left behind", n)
		}
	}
}

func TestRemoveTempsRemovesOnlyOurs(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, TempPrefix+"123", "sub/"+TempPrefix+"456", "keep.jpg", "sub/keep-"+TempPrefix+".jpg", ".augpipe-other")
	n, err := RemoveTemps(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("removed %d files, want 2", n)
	}
	left := strings.Join(listDir(t, dir), ",")
	if strings.Contains(left, "123") || strings.Contains(left, "456") || len(listDir(t, dir)) != 3 {
		t.Errorf("left %s", left)
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "new", "folder")); err != nil {
		t.Errorf("CheckWritable on a creatable folder: %v", err)
	}
	makeTree(t, dir, "file")
	bad := filepath.Join(dir, "file", "sub")
	if err := CheckWritable(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("CheckWritable(%s) = %v, want an error naming it", bad, err)
	}
	if len(listDir(t, filepath.Join(dir, "new"))) != 0 {
		t.Error("CheckWritable left its probe file behind")
	}
}
