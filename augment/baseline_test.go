package augment

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

func TestBaselineMatchesPipelineByteForByte(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the baseline's temporary folder goes here
	in := t.TempDir()
	out := filepath.Join(t.TempDir(), "out")
	const n = 6
	for i := range n {
		writeJPEG(t, filepath.Join(in, fmt.Sprintf("img%d.jpg", i)), 200+40*i, 150+10*i, uint64(i))
	}
	testimg.WriteFile(t, filepath.Join(in, "bad.jpg"), []byte{0xFF, 0xD8, 0xFF}) // truncated

	cfg := FolderJob{Config: DefaultConfig()}
	cfg.Inputs, cfg.Output = []string{in}, out
	cfg.MaxSize = 120
	cfg.Sigma = 4
	cfg.Workers = 3
	cfg.Baseline = true
	rep, err := RunFolder(context.Background(), cfg, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	b := rep.Baseline
	if b == nil {
		t.Fatal("no baseline in the report")
	}
	if b.Written != n || b.Failed != 1 {
		t.Errorf("baseline wrote %d and failed %d, want %d and 1", b.Written, b.Failed, n)
	}
	if b.Compared != n || b.Identical != n {
		t.Errorf("baseline outputs identical: %d of %d compared, want %d of %d (differing: %v)", b.Identical, b.Compared, n, n, b.Differing)
	}
	if b.Speedup <= 0 || b.CPUs < 1 || b.Workers != 3 || b.Interrupted {
		t.Errorf("speedup %v with %d workers on %d CPUs (interrupted %v): not computed", b.Speedup, b.Workers, b.CPUs, b.Interrupted)
	}
	if b.WorkerEfficiency != b.Speedup/3 || b.CPUEfficiency != b.Speedup/float64(b.CPUs) {
		t.Errorf("efficiency %v per worker, %v per CPU; want speedup %v over 3 workers and over %d CPUs",
			b.WorkerEfficiency, b.CPUEfficiency, b.Speedup, b.CPUs)
	}
	entries, _ := os.ReadDir(out)
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == ManifestName })
	if len(entries) != n {
		t.Errorf("output folder holds %d files, want the pipeline's %d only", len(entries), n)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("baseline left %d entries in its temporary folder, e.g. %s", len(left), left[0].Name())
	}
}

// Interrupted during the baseline, the report still counts every file, as
// not done, rather than claiming the folder held no images; it says the
// baseline was interrupted, compares no speed and names no bottleneck.
func TestBaselineInterruptedReportsFilesNotDone(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	in := t.TempDir()
	for i := range 3 {
		writeJPEG(t, filepath.Join(in, fmt.Sprintf("img%d.jpg", i)), 64, 48, uint64(i))
	}
	cfg := FolderJob{Config: DefaultConfig()}
	cfg.Inputs, cfg.Output = []string{in}, filepath.Join(t.TempDir(), "out")
	cfg.Baseline = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelAtBaseline := func(phase string, _ int) {
		if phase == PhaseBaseline {
			cancel()
		}
	}
	rep, err := RunFolder(ctx, cfg, Hooks{Start: cancelAtBaseline})
	if err == nil || rep == nil {
		t.Fatalf("Run cancelled as the baseline starts: report %v, error %v; want a partial report and an error", rep, err)
	}
	if !rep.Interrupted || rep.Files != 3 || rep.Cancelled != 3 || rep.Written != 0 {
		t.Errorf("report: interrupted %v, files %d, not done %d, written %d; want true, 3, 3, 0",
			rep.Interrupted, rep.Files, rep.Cancelled, rep.Written)
	}
	if b := rep.Baseline; b == nil || !b.Interrupted || b.Speedup != 0 || b.CPUs != 0 || rep.Bottleneck != "" {
		t.Errorf("baseline %+v, bottleneck %q; want it interrupted, no speed compared, no bottleneck", b, rep.Bottleneck)
	}
}

// Interrupted during the pipeline, after the baseline, a run compares no
// speed: the pipeline's time is that of part of the work.
func TestPipelineInterruptedAfterBaseline(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	in := t.TempDir()
	for i := range 6 {
		writeJPEG(t, filepath.Join(in, fmt.Sprintf("img%d.jpg", i)), 64, 48, uint64(i))
	}
	cfg := smallJob(in, filepath.Join(t.TempDir(), "out"))
	cfg.Workers, cfg.Buffer, cfg.Baseline = 1, 0, true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelInPipeline := func(phase string, _ *Record) {
		if phase == PhasePipeline {
			cancel()
		}
	}
	rep, err := RunFolder(ctx, cfg, Hooks{File: cancelInPipeline})
	if err == nil || rep == nil || !rep.Interrupted || rep.Written == 0 {
		t.Fatalf("report %+v, error %v; want a partial report, some files written, and an error", rep, err)
	}
	if b := rep.Baseline; b == nil || b.Interrupted || b.Written != 6 || b.Speedup != 0 || b.CPUEfficiency != 0 {
		t.Errorf("baseline %+v; want it done, and no speed compared", b)
	}
}
