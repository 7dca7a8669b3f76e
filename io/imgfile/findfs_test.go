package imgfile

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestFindFS(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	img := b.Bytes()
	fsys := fstest.MapFS{
		"photos/a.png":          {Data: img},
		"photos/b.PNG":          {Data: img},
		"photos/notes.txt":      {Data: []byte("x")},
		"photos/c.heic":         {Data: []byte("x")},
		"photos/.hidden.png":    {Data: img},
		"photos/sub/d.png":      {Data: img},
		"photos/.git/e.png":     {Data: img},
		"elsewhere/f.png":       {Data: img},
		"photos/sub/deep/g.gif": {Data: []byte("GIF89a")},
	}
	cases := []struct {
		name    string
		root    string
		opts    FindOptions
		want    []string // Rel of each input
		skipped int
	}{
		{"flat", "photos", FindOptions{}, []string{"a.png", "b.PNG"}, 1},
		{"recursive", "photos", FindOptions{Recursive: true}, []string{"a.png", "b.PNG", "sub/d.png", "sub/deep/g.gif"}, 1},
		{"hidden", "photos", FindOptions{Recursive: true, Hidden: true},
			[]string{".git/e.png", ".hidden.png", "a.png", "b.PNG", "sub/d.png", "sub/deep/g.gif"}, 1},
		{"root of the FS", ".", FindOptions{Recursive: true},
			[]string{"elsewhere/f.png", "photos/a.png", "photos/b.PNG", "photos/sub/d.png", "photos/sub/deep/g.gif"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inputs, skipped, err := FindFS(context.Background(), fsys, tc.root, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, in := range inputs {
				got = append(got, in.Rel)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("found %q, want %q", got, tc.want)
			}
			if len(skipped) != tc.skipped {
				t.Errorf("skipped %v, want %d (the HEIC file)", skipped, tc.skipped)
			}
			for _, in := range inputs {
				data, err := in.Read(0)
				if err != nil || int64(len(data)) != in.Size || in.Size == 0 {
					t.Errorf("%s: read %d bytes, %v; size %d", in.Path, len(data), err, in.Size)
				}
			}
		})
	}
	if _, _, err := FindFS(context.Background(), fsys, "nope", FindOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing root: %v, want fs.ErrNotExist", err)
	}
	if _, _, err := FindFS(context.Background(), fsys, "photos/a.png", FindOptions{}); err == nil {
		t.Error("a file as the root: no error")
	}
}

// TestReadFromZip reads inputs from a zip archive, whose files cannot be
// read at offsets: the header check still refuses a bomb before reading
// it, and a good image comes back whole.
func TestReadFromZip(t *testing.T) {
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 40, 30))); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	for name, data := range map[string][]byte{"in/good.png": img.Bytes(), "in/text.jpg": []byte("hello")} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(z.Bytes()), int64(z.Len()))
	if err != nil {
		t.Fatal(err)
	}
	inputs, _, err := FindFS(context.Background(), zr, "in", FindOptions{})
	if err != nil || len(inputs) != 2 {
		t.Fatalf("FindFS on a zip: %v, %d inputs", err, len(inputs))
	}
	got, err := inputs[0].Read(0)
	if err != nil || !bytes.Equal(got, img.Bytes()) {
		t.Errorf("good.png from the zip: %d bytes, %v; want the %d bytes stored", len(got), err, img.Len())
	}
	if _, err := inputs[0].Read(1199); !errors.Is(err, ErrTooLarge) {
		t.Errorf("40x30 image under a 1199-pixel limit: %v, want ErrTooLarge", err)
	}
	if got, err := inputs[1].Read(0); err != nil || string(got) != "hello" {
		t.Errorf("text.jpg: %q, %v; an unreadable header is Decode's to report", got, err)
	}
}
