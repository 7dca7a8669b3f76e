package imgfile

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// makeTree creates the given files (with a byte each) and folders under dir.
func makeTree(t *testing.T, dir string, files ...string) {
	t.Helper()
	tree := make(map[string][]byte, len(files))
	for _, f := range files {
		tree[f] = []byte{1}
	}
	testimg.WriteTree(t, dir, tree)
}

func rels(in []Input) []string {
	out := make([]string, len(in))
	for i, x := range in {
		out[i] = x.Rel
	}
	return out
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir,
		"a.jpg", "B.JPEG", "c.png", "notes.txt", "d.Tif", "e.webp", "f.gif", "g.bmp",
		"sub/h.jpg", "sub/deeper/i.png", ".hidden.jpg", ".cache/j.jpg",
		"out/k.jpg", "raw.CR2", "phone.heic")
	tests := []struct {
		name    string
		opts    FindOptions
		want    []string
		skipped int
	}{
		{"top level only", FindOptions{},
			[]string{"B.JPEG", "a.jpg", "c.png", "d.Tif", "e.webp", "f.gif", "g.bmp"}, 2},
		{"recursive, output folder excluded", FindOptions{Recursive: true, Exclude: []string{filepath.Join(dir, "out")}},
			[]string{"B.JPEG", "a.jpg", "c.png", "d.Tif", "e.webp", "f.gif", "g.bmp", "sub/deeper/i.png", "sub/h.jpg"}, 2},
		{"recursive with hidden", FindOptions{Recursive: true, Hidden: true, Exclude: []string{filepath.Join(dir, "out")}},
			[]string{".cache/j.jpg", ".hidden.jpg", "B.JPEG", "a.jpg", "c.png", "d.Tif", "e.webp", "f.gif", "g.bmp", "sub/deeper/i.png", "sub/h.jpg"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, skipped, err := Find(context.Background(), dir, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rels(got), tc.want) {
				t.Errorf("found %q\nwant     %q", rels(got), tc.want)
			}
			if len(skipped) != tc.skipped {
				t.Errorf("skipped %+v, want %d unsupported", skipped, tc.skipped)
			}
			for _, s := range skipped {
				if !s.Unsupported {
					t.Errorf("%s skipped as %q, want unsupported", s.Path, s.Reason)
				}
			}
		})
	}
}

func TestFindRejectsUnusableRoot(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, "file.jpg")
	for _, root := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "file.jpg")} {
		if _, _, err := Find(context.Background(), root, FindOptions{}); err == nil {
			t.Errorf("Find(%s) succeeded, want an error", root)
		}
	}
}

func TestFindLinks(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, "real/a.jpg")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(dir, "real", "a.jpg"), filepath.Join(dir, "link.jpg")))
	must(os.Symlink(filepath.Join(dir, "nowhere.jpg"), filepath.Join(dir, "dangling.jpg")))
	must(os.Symlink(dir, filepath.Join(dir, "real", "loop")))
	got, skipped, err := Find(context.Background(), dir, FindOptions{Recursive: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"link.jpg", "real/a.jpg"}; !slices.Equal(rels(got), want) {
		t.Errorf("found %q, want %q", rels(got), want)
	}
	reasons := map[string]string{}
	for _, s := range skipped {
		reasons[filepath.Base(s.Path)] = s.Reason
	}
	if reasons["dangling.jpg"] != "dangling symbolic link" || reasons["loop"] != "symbolic link loop" {
		t.Errorf("skipped %v: want the dangling link and the loop reported", reasons)
	}
}

// TestFindStopsWhenCancelled checks that listing a tree stops once its
// context is cancelled, with an error wrapping the context's.
func TestFindStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, "a.jpg", "sub/b.jpg", "sub/deeper/c.jpg")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in, _, err := Find(ctx, dir, FindOptions{Recursive: true})
	if !errors.Is(err, context.Canceled) || in != nil {
		t.Errorf("Find with a cancelled context: %d inputs, %v; want none and context.Canceled", len(in), err)
	}
	if in, _, err := Find(context.Background(), dir, FindOptions{Recursive: true}); err != nil || len(in) != 3 {
		t.Errorf("Find: %d inputs, %v; want 3", len(in), err)
	}
}

// TestKindOf checks the exported rule against what Find does with the same
// names: decodable by extension in any case, known but unsupported formats
// named, anything else neither.
func TestKindOf(t *testing.T) {
	tests := []struct {
		name        string
		decodable   bool
		unsupported string
	}{
		{"a.jpg", true, ""},
		{"dir/A.JPEG", true, ""},
		{"x.webp", true, ""},
		{"p.heic", false, "HEIC"},
		{"r.CR2", false, "camera raw"},
		{"notes.txt", false, ""},
		{"noext", false, ""},
	}
	for _, tt := range tests {
		d, u := KindOf(tt.name)
		if d != tt.decodable || u != tt.unsupported {
			t.Errorf("KindOf(%q) = %v, %q; want %v, %q", tt.name, d, u, tt.decodable, tt.unsupported)
		}
	}
}
