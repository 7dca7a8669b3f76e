package testimg

import (
	"bytes"
	"encoding/json"
	"image"
	_ "image/gif" // DecodeFile reads every format augpipe writes or reads
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// DecodeFile decodes the image file at path completely, failing the test
// if it is not a whole, valid image.
func DecodeFile(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// Testdata returns the bytes of the file name in the repository's
// testdata folder.
func Testdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(RepoRoot(t), "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TempPrefix begins the names of augpipe's temporary files: imgfile's
// TempPrefix, which testimg cannot import (imgfile's tests import testimg);
// imgfile's tests check that the two are the same.
const TempPrefix = ".augpipe-tmp-"

// ManifestName is the manifest augpipe keeps in an output folder:
// augment's ManifestName, which testimg cannot import either; augment's
// tests check that the two are the same.
const ManifestName = ".augpipe-manifest.jsonl"

// CompleteOutputs walks an output folder and fails the test for any
// augpipe temporary file left, for any file that is not a complete JPEG
// (it must decode and end with the EOI marker) or, named .png, a complete
// PNG (it must decode and end with the IEND chunk), and for a manifest
// with a line that is not a JSON object. It returns the files found but
// the manifest, relative to dir with forward slashes.
func CompleteOutputs(t testing.TB, dir string) []string {
	t.Helper()
	var outs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(d.Name(), TempPrefix) {
			t.Errorf("temporary file left: %s", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case rel == ManifestName:
			for i, line := range strings.SplitAfter(string(data), "\n") {
				var m map[string]any
				if line != "" && (json.Unmarshal([]byte(line), &m) != nil || !strings.HasSuffix(line, "\n")) {
					t.Errorf("manifest line %d is not a whole JSON object: %q", i+1, line)
				}
			}
			return nil
		case strings.EqualFold(path.Ext(rel), ".png"):
			if _, err := png.Decode(bytes.NewReader(data)); err != nil || !bytes.HasSuffix(data, []byte("IEND\xAE\x42\x60\x82")) {
				t.Errorf("output %s is not a complete PNG (%d bytes): %v", rel, len(data), err)
			}
		default:
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil || !bytes.HasSuffix(data, []byte{0xFF, 0xD9}) {
				t.Errorf("output %s is not a complete JPEG (%d bytes): %v", rel, len(data), err)
			}
		}
		outs = append(outs, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return outs
}
