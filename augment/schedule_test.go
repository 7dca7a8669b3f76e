package augment

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// With one worker the files finish in the order the pipeline hands them
// out: the largest first, so that a run with several workers does not end
// with one of them alone on a big photo. The report still lists the files
// in the order they were found.
func TestRunHandsOutLargestFilesFirst(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	// Names in an order that differs from both the size order and its reverse.
	sizes := map[string]int{"a.jpg": 60, "b.jpg": 200, "c.jpg": 20, "d.jpg": 120, "e.jpg": 90}
	for name, side := range sizes {
		writeJPEG(t, filepath.Join(in, name), side, side, uint32(side))
	}
	cfg := smallRunConfig(in, out)
	cfg.Workers, cfg.Readers, cfg.Writers = 1, 1, 1

	var done []*FileRecord
	rep, err := Run(context.Background(), cfg, Hooks{File: func(_ string, rec *FileRecord) { done = append(done, rec) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != len(sizes) {
		t.Fatalf("%d files finished, want %d", len(done), len(sizes))
	}
	if !slices.IsSortedFunc(done, func(a, b *FileRecord) int { return int(b.BytesIn - a.BytesIn) }) {
		t.Errorf("files were processed in the order %s, want largest first", describe(done))
	}
	if !slices.IsSortedFunc(rep.Records, func(a, b *FileRecord) int { return strings.Compare(a.Input, b.Input) }) {
		t.Errorf("report lists %s, want the order found (by name)", describe(rep.Records))
	}
}

func describe(recs []*FileRecord) string {
	s := ""
	for _, r := range recs {
		s += fmt.Sprintf("%s (%d bytes) ", filepath.Base(r.Input), r.BytesIn)
	}
	return s
}
