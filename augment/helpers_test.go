package augment

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/imgfile"
)

// detailedPhoto is a w x h image with some detail, so that JPEG files of it are
// not trivially small.
func detailedPhoto(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 255})
		}
	}
	return m
}

func encodeJPEGBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNGBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeTree writes each name -> content under dir, creating folders.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// assertCompleteOutputs walks an output folder and fails the test for any
// temporary file left and for any file that is not a complete JPEG (it
// must decode and end with the EOI marker). It returns the outputs found,
// relative to dir with forward slashes.
func assertCompleteOutputs(t testing.TB, dir string) []string {
	t.Helper()
	var outs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(d.Name(), imgfile.TempPrefix) {
			t.Errorf("temporary file left: %s", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil || !bytes.HasSuffix(data, []byte{0xFF, 0xD9}) {
			t.Errorf("output %s is not a complete JPEG (%d bytes): %v", rel, len(data), err)
		}
		outs = append(outs, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

// smallRunConfig is a configuration for small, fast runs from in to out.
func smallRunConfig(in, out string) Config {
	c := DefaultConfig()
	c.Input, c.Output = in, out
	c.Sigma = 1
	c.MaxSize = 32
	c.Workers, c.Buffer = 2, 2
	return c
}
