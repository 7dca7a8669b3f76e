package augment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestCancelWhileListing cancels a run before it has listed its inputs:
// Run returns an empty report marked interrupted and the context's error,
// and nothing is written.
func TestCancelWhileListing(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photoJPEG(t, 32, 24)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := RunFolder(ctx, smallJob(in, out), Hooks{})
	if !errors.Is(err, context.Canceled) || rep == nil || !rep.Interrupted || rep.Files != 0 {
		t.Fatalf("Run: %v, report %+v; want context.Canceled and an empty interrupted report", err, rep)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output folder: %v, want none made", err)
	}
}

// TestCancelMidRun cancels a run in-process after its first file: Run
// returns the partial report marked interrupted, its records of the files
// not done "interrupted" and with no output, and the output folder holds
// only complete JPEGs and no temporary file.
func TestCancelMidRun(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := map[string][]byte{}
	data := photoJPEG(t, 320, 240)
	for i := range 40 {
		files[fmt.Sprintf("d%d/img-%02d.jpg", i%3, i)] = data
	}
	testimg.WriteTree(t, in, files)
	cfg := smallJob(in, out)
	cfg.Recursive, cfg.Sigma = true, 4
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := RunFolder(ctx, cfg, Hooks{File: func(string, *Record) { cancel() }})
	if !errors.Is(err, context.Canceled) || rep == nil || !rep.Interrupted {
		t.Fatalf("Run: %v, report %v; want context.Canceled and an interrupted report", err, rep)
	}
	if rep.Cancelled == 0 || rep.Written+rep.Failed+rep.Cancelled != 40 || rep.Failed != 0 {
		t.Errorf("written %d, failed %d, cancelled %d of 40", rep.Written, rep.Failed, rep.Cancelled)
	}
	if outs := testimg.CompleteOutputs(t, out); len(outs) != rep.Written {
		t.Errorf("%d outputs on disk, report says %d written", len(outs), rep.Written)
	}
	for _, rec := range rep.Records {
		if (rec.Status == StatusWritten) != (rec.Output != "") {
			t.Errorf("%s: status %q, output %q; want an output for the written only", rec.Input, rec.Status, rec.Output)
		}
		if data, _ := json.Marshal(rec); rec.Status == StatusCancelled && !bytes.Contains(data, []byte(`"status":"interrupted"`)) {
			t.Errorf("JSON of a file not done: %s", data)
		}
	}
}
