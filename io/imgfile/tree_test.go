package imgfile

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// hostileTree lays out a folder the way uncurated ones look and returns
// its root. Links are relative, so the tree could be moved.
func hostileTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := []string{
		"a.jpg", "B.JPG", "c.Jpeg", "d.PNG", "e.gif", "f.bmp", "g.TIF", "h.tiff", "i.webp", "j.jpe",
		"my photo.jpg", "日本語.png", "notes.txt", "README", "a.jpg.bak", "photo.heic", "clip.HEIC",
		"x.avif", "raw.CR2", "raw.nef", "raw.dng",
		".hidden.jpg", ".cache/in-hidden.jpg",
		"sub/one.jpg", "sub/deeper/two.png", "café/été 1.jpeg",
		"out/old-output.jpg",
	}
	tree := make(map[string][]byte, len(files))
	for _, f := range files {
		tree[f] = []byte("x")
	}
	testimg.WriteTree(t, root, tree)
	links := map[string]string{
		"link-to-file.jpg": "a.jpg",
		"sub/link-to-dir":  "../café",
		"sub/loop":         "..",
		"dangling.jpg":     "nowhere.jpg",
		"self.jpg":         "self.jpg",
		"sub/deeper/upup":  "../../sub",
		".hidden-link.jpg": "nowhere-either.jpg",
		"link-to-text.jpg": "notes.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.jpg"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func relsOf(in []Input) []string {
	out := make([]string, len(in))
	for i, x := range in {
		out[i] = x.Rel
	}
	return out
}

func TestFindHostileTree(t *testing.T) {
	root := hostileTree(t)
	top := []string{"B.JPG", "a.jpg", "c.Jpeg", "d.PNG", "e.gif", "f.bmp", "g.TIF", "h.tiff", "i.webp", "j.jpe",
		"link-to-file.jpg", "link-to-text.jpg", "my photo.jpg", "日本語.png"}
	deep := []string{"café/été 1.jpeg", "sub/deeper/two.png", "sub/link-to-dir/été 1.jpeg", "sub/one.jpg"}
	unsupported := []string{"clip.HEIC", "photo.heic", "raw.CR2", "raw.dng", "raw.nef", "x.avif"}
	cases := []struct {
		name     string
		opts     FindOptions
		want     []string
		problems map[string]string // file -> reason, for skipped entries that are not unsupported formats
	}{
		{
			name:     "flat",
			opts:     FindOptions{},
			want:     top,
			problems: map[string]string{"dangling.jpg": "dangling symbolic link", "self.jpg": "symbolic link loop"},
		},
		{
			name: "recursive, output excluded",
			opts: FindOptions{Recursive: true, Exclude: []string{filepath.Join(root, "out")}},
			want: slices.Concat(top, deep),
			problems: map[string]string{"dangling.jpg": "dangling symbolic link", "self.jpg": "symbolic link loop",
				"sub/loop": "symbolic link loop", "sub/deeper/upup": "symbolic link loop"},
		},
		{
			name: "recursive, hidden",
			opts: FindOptions{Recursive: true, Hidden: true, Exclude: []string{filepath.Join(root, "out")}},
			want: slices.Concat(top, deep, []string{".cache/in-hidden.jpg", ".hidden.jpg"}),
			problems: map[string]string{"dangling.jpg": "dangling symbolic link", "self.jpg": "symbolic link loop",
				"sub/loop": "symbolic link loop", "sub/deeper/upup": "symbolic link loop",
				".hidden-link.jpg": "dangling symbolic link"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, skipped, err := Find(context.Background(), root, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(c.want)
			slices.Sort(want)
			if got := relsOf(in); !slices.Equal(got, want) {
				t.Errorf("found\n  %q\nwant\n  %q", got, want)
			}
			for _, x := range in {
				if x.Size != 1 && x.Rel != "link-to-text.jpg" {
					t.Errorf("%s: size %d", x.Rel, x.Size)
				}
				if x.Path != filepath.Join(root, filepath.FromSlash(x.Rel)) {
					t.Errorf("%s: path %s", x.Rel, x.Path)
				}
			}
			var gotUnsupported []string
			problems := map[string]string{}
			for _, s := range skipped {
				rel, _ := filepath.Rel(root, s.Path)
				rel = filepath.ToSlash(rel)
				if s.Unsupported {
					gotUnsupported = append(gotUnsupported, rel)
					if !strings.Contains(s.Reason, "not supported") {
						t.Errorf("%s: reason %q", rel, s.Reason)
					}
					continue
				}
				problems[rel] = s.Reason
			}
			slices.Sort(gotUnsupported)
			if !slices.Equal(gotUnsupported, unsupported) {
				t.Errorf("unsupported %q, want %q", gotUnsupported, unsupported)
			}
			for f, why := range c.problems {
				if problems[f] != why {
					t.Errorf("%s: reported %q, want %q", f, problems[f], why)
				}
			}
			if len(problems) != len(c.problems) {
				t.Errorf("reported %v, want %v", problems, c.problems)
			}
		})
	}
}

func TestFindUnusableRoot(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file.jpg")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, root, want string }{
		{"missing", filepath.Join(dir, "nope"), "no such file"},
		{"a file", file, "not a folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Find(context.Background(), c.root, FindOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.root) {
				t.Errorf("error %v, want one naming %s and saying %q", err, c.root, c.want)
			}
		})
	}
}

func TestFindEmptyFolder(t *testing.T) {
	in, skipped, err := Find(context.Background(), t.TempDir(), FindOptions{Recursive: true})
	if err != nil || len(in) != 0 || len(skipped) != 0 {
		t.Errorf("empty folder: %v, %v, %v", in, skipped, err)
	}
}
