package augment

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// writeSky writes a 3000x2000 JPEG of one flat grey: many pixels in a small
// file, the case where file size misjudges the work.
func writeSky(t testing.TB, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 3000, 2000)), nil); err != nil {
		t.Fatal(err)
	}
	testimg.WriteFile(t, path, b.Bytes())
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestDispatchOrder checks which file the workers get first: in a small run
// the one with the most work (most pixels to decode, though its file is the
// smallest), in a run of more than 32 files per worker the largest file.
func TestDispatchOrder(t *testing.T) {
	dir := t.TempDir()
	sky := filepath.Join(dir, "sky.jpg")
	writeSky(t, sky)
	photo := filepath.Join(dir, "photo-00.jpg")
	writeJPEG(t, photo, 600, 450, 1)
	if fileSize(t, sky) >= fileSize(t, photo) {
		t.Fatalf("the sky (%d bytes) should be a smaller file than the photo (%d)", fileSize(t, sky), fileSize(t, photo))
	}
	data, err := os.ReadFile(photo)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 40; i++ {
		testimg.WriteFile(t, filepath.Join(dir, fmt.Sprintf("photo-%02d.jpg", i)), data)
	}

	cases := []struct {
		name            string
		order           string
		photos, workers int
		skyFirst        bool
	}{
		{"few files: the most work first", OrderFitFirst, 3, 2, true},
		{"few files, blur-first: the most work first", OrderBlurFirst, 3, 2, true},
		{"32 files per worker: the most work first", OrderFitFirst, 31, 1, true},
		{"more than 32 files per worker: the largest file first", OrderFitFirst, 32, 1, false},
		{"40 files for 2 workers: the most work first", OrderFitFirst, 39, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inputs := []Input{{Path: sky, Size: fileSize(t, sky)}}
			for i := range c.photos {
				p := filepath.Join(dir, fmt.Sprintf("photo-%02d.jpg", i))
				inputs = append(inputs, Input{Path: p, Size: fileSize(t, p)})
			}
			cfg := DefaultConfig()
			cfg.Workers, cfg.Order = c.workers, c.order
			got := CostliestFirst(context.Background(), cfg, inputs)
			if len(got) != len(inputs) {
				t.Fatalf("%d inputs out of %d", len(got), len(inputs))
			}
			if first := got[0].Path == sky; first != c.skyFirst {
				t.Errorf("sky first: %v, want %v (order %s)", first, c.skyFirst, paths(got))
			}
			if last := got[len(got)-1].Path == sky; last == c.skyFirst {
				t.Errorf("sky last: %v, want %v", last, !c.skyFirst)
			}
		})
	}
}

// With one worker the files finish in the order the pipeline hands them
// out: the most work first. The report still lists them in the order found.
func TestRunHandsOutTheMostWorkFirst(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	writeSky(t, filepath.Join(in, "c.jpg"))
	// The photos: more pixels make larger files, and names in an order that
	// is neither the size order nor its reverse.
	for name, side := range map[string]int{"a.jpg": 60, "b.jpg": 200, "d.jpg": 20, "e.jpg": 120} {
		writeJPEG(t, filepath.Join(in, name), side, side, uint64(side))
	}
	cfg := smallJob(in, out)
	cfg.MaxSize = 1200
	cfg.Workers, cfg.Readers, cfg.Writers = 1, 1, 1

	var done []*Record
	rep, err := RunFolder(context.Background(), cfg, Hooks{File: func(_ string, rec *Record) { done = append(done, rec) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 5 {
		t.Fatalf("%d files finished, want 5", len(done))
	}
	got := filepath.Base(done[0].Input)
	rest := done[1:]
	if got != "c.jpg" || !slices.IsSortedFunc(rest, func(a, b *Record) int { return int(b.BytesIn - a.BytesIn) }) {
		t.Errorf("files were processed in the order %s, want c.jpg (most pixels), then the largest files first", describe(done))
	}
	if !slices.IsSortedFunc(rep.Records, func(a, b *Record) int { return strings.Compare(a.Input, b.Input) }) {
		t.Errorf("report lists %s, want the order found (by name)", describe(rep.Records))
	}
}

func paths(inputs []Input) string {
	var s []string
	for _, in := range inputs {
		s = append(s, filepath.Base(in.Path))
	}
	return strings.Join(s, " ")
}

func describe(recs []*Record) string {
	var s []string
	for _, r := range recs {
		s = append(s, fmt.Sprintf("%s (%d bytes)", filepath.Base(r.Input), r.BytesIn))
	}
	return strings.Join(s, ", ")
}
