package imgfile

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFindPaths checks each kind of path FindPaths takes (a folder, a
// file, a pattern) and their mixtures: which inputs, in which order, with
// which relative paths, what is passed over, and what is an error.
func TestFindPaths(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir,
		"a.jpg", "notes.txt", "phone.heic", ".hidden.jpg",
		"shots/x.JPG", "shots/y.png", "shots/z.txt", "shots/.h.JPG",
		"shots/2024-01/m.jpg", "shots/2024-02/n.JPG", "shots/2024-02/deep/o.jpg", "shots/.cache/p.jpg",
		"out/old.jpg")
	t.Chdir(dir)
	type path struct{ Path, Rel string }
	cases := []struct {
		name    string
		paths   []string
		opts    FindOptions
		want    []path
		skipped []string // reasons
		err     string
	}{
		{name: "a folder", paths: []string{"shots"},
			want: []path{{"shots/x.JPG", "x.JPG"}, {"shots/y.png", "y.png"}}},
		{name: "a file: its base name", paths: []string{"shots/x.JPG"},
			want: []path{{"shots/x.JPG", "x.JPG"}}},
		{name: "a hidden file named is taken", paths: []string{".hidden.jpg"},
			want: []path{{".hidden.jpg", ".hidden.jpg"}}},
		{name: "files that are no images, named, are passed over with the reason", paths: []string{"notes.txt", "phone.heic", "a.jpg"},
			want: []path{{"a.jpg", "a.jpg"}}, skipped: []string{"not an image, by its extension", "HEIC is not supported"}},
		{name: "a pattern: relative to its literal folder, hidden names left out", paths: []string{"shots/*.JPG"},
			want: []path{{"shots/x.JPG", "x.JPG"}}},
		{name: "a pattern with --hidden", paths: []string{"shots/*.JPG"}, opts: FindOptions{Hidden: true},
			want: []path{{"shots/.h.JPG", ".h.JPG"}, {"shots/x.JPG", "x.JPG"}}},
		{name: "a pattern over folders: each searched, relative to the pattern's folder", paths: []string{"shots/2024-*"},
			want: []path{{"shots/2024-01/m.jpg", "2024-01/m.jpg"}, {"shots/2024-02/n.JPG", "2024-02/n.JPG"}}},
		{name: "a pattern over folders, recursive", paths: []string{"shots/2024-*"}, opts: FindOptions{Recursive: true},
			want: []path{{"shots/2024-01/m.jpg", "2024-01/m.jpg"}, {"shots/2024-02/deep/o.jpg", "2024-02/deep/o.jpg"}, {"shots/2024-02/n.JPG", "2024-02/n.JPG"}}},
		{name: "a pattern in the middle", paths: []string{"shots/*/*.jpg"},
			want: []path{{"shots/2024-01/m.jpg", "2024-01/m.jpg"}}},
		{name: "a pattern at the top: relative to the current folder; the output folder left out", paths: []string{"*"},
			opts:    FindOptions{Exclude: []string{"out"}},
			want:    []path{{"a.jpg", "a.jpg"}, {"shots/x.JPG", "shots/x.JPG"}, {"shots/y.png", "shots/y.png"}},
			skipped: []string{"HEIC is not supported"}},
		{name: "command-line order, then path order; a file given twice kept once", paths: []string{"shots", "a.jpg", "shots/y.png", "a.jpg"},
			want: []path{{"shots/x.JPG", "x.JPG"}, {"shots/y.png", "y.png"}, {"a.jpg", "a.jpg"}}},
		{name: "missing", paths: []string{"a.jpg", "nope.jpg"}, err: "input nope.jpg: no such file or folder"},
		{name: "a pattern matching nothing", paths: []string{"shots/*.gif"}, err: "input shots/*.gif: no such file or folder, and no file matches it as a pattern"},
		{name: "a bad pattern", paths: []string{"shots/[x"}, err: "input pattern shots/[x: syntax error in pattern"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, skipped, err := FindPaths(context.Background(), c.paths, c.opts)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var paths []path
			for _, in := range got {
				paths = append(paths, path{in.Path, in.Rel})
			}
			if !slices.Equal(paths, c.want) {
				t.Errorf("found %v\nwant  %v", paths, c.want)
			}
			var reasons []string
			for _, s := range skipped {
				reasons = append(reasons, s.Reason)
			}
			if !slices.Equal(reasons, c.skipped) {
				t.Errorf("skipped %q, want %q", reasons, c.skipped)
			}
		})
	}
}

// TestListedFiles checks lists of files: relative to the base folder, in
// path order, folders and non-images left out, a missing file kept, and a
// file outside the base folder an error naming it.
func TestListedFiles(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, "photos/b.jpg", "photos/a.png", "photos/sub/c.jpg", "photos/notes.txt", "photos/raw.NEF", "elsewhere/d.jpg")
	t.Chdir(dir)
	list := []string{"photos", "photos/sub", "photos/sub/c.jpg", "photos/b.jpg", "", "photos/notes.txt",
		filepath.Join(dir, "photos/a.png"), "photos/raw.NEF", "photos/gone.jpg", "photos/b.jpg"}
	got, skipped, err := ListedFiles(context.Background(), list, "photos")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.png", "b.jpg", "gone.jpg", "sub/c.jpg"}
	if !slices.Equal(rels(got), want) {
		t.Errorf("relative paths %q, want %q", rels(got), want)
	}
	if len(skipped) != 1 || !skipped[0].Unsupported {
		t.Errorf("skipped %+v, want raw.NEF, unsupported", skipped)
	}
	if _, err := got[2].Read(0); err == nil || !strings.Contains(err.Error(), "gone.jpg") {
		t.Errorf("reading the missing file: %v, want an error naming it", err)
	}

	// The base defaults to the current folder.
	if got, _, err := ListedFiles(context.Background(), []string{"elsewhere/d.jpg"}, ""); err != nil || !slices.Equal(rels(got), []string{"elsewhere/d.jpg"}) {
		t.Errorf("default base: %q, %v", rels(got), err)
	}
	for _, outside := range []string{"elsewhere/d.jpg", "photos/../elsewhere/d.jpg", "/etc/passwd.jpg"} {
		_, _, err := ListedFiles(context.Background(), []string{"photos/b.jpg", outside}, "photos")
		var ob *OutsideBaseError
		if !errors.As(err, &ob) || ob.Path != outside || !strings.Contains(err.Error(), outside) {
			t.Errorf("%s: error %v, want an *OutsideBaseError naming it", outside, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := ListedFiles(ctx, []string{"photos/b.jpg"}, "photos"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
