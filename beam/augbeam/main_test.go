package augbeam_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/beam/augbeam"
	"github.com/augpipe/augpipe/internal/testimg"
)

// TestMain lets Beam take its flags and start a worker when it is one.
func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// runJob runs j on Beam's default runner, Prism, in this process, and
// returns its metrics.
func runJob(t *testing.T, j augbeam.Job) augbeam.Summary {
	t.Helper()
	p, err := augbeam.Pipeline(j)
	if err != nil {
		t.Fatal(err)
	}
	res, err := beamx.RunWithMetrics(context.Background(), p)
	if err != nil {
		t.Fatalf("the job failed: %v", err)
	}
	return augbeam.Summarise(res.Metrics(), j.Config)
}

// commandRun runs the command's job (augment.RunFolder, what augpipe -r
// IN -o OUT does) and returns its report.
func commandRun(t *testing.T, in string, cfg augment.Config) (string, *augment.Report) {
	t.Helper()
	out := t.TempDir()
	rep, err := augment.RunFolder(context.Background(), augment.FolderJob{
		Inputs: []string{in}, Output: out, Recursive: true, Config: cfg,
	}, augment.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	return out, rep
}

// outputs reads the outputs under dir, by name, leaving out the files the
// job and the command keep beside them.
func outputs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, ".augpipe-") || rel == augbeam.FailedName {
			return nil
		}
		data, err := os.ReadFile(path)
		got[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// sameOutputs fails the test unless got holds the same names as want,
// each with the same bytes.
func sameOutputs(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("the command wrote nothing to compare with")
	}
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: the command wrote it, the Beam job did not", name)
		case string(g) != string(w):
			t.Errorf("%s: %d bytes, the command's %d; not the same bytes", name, len(g), len(w))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: the Beam job wrote it, the command did not", name)
		}
	}
}

// failedInputs reads FailedName's records and returns their inputs,
// sorted, checking each is a failed record with its reason.
func failedInputs(t *testing.T, data []byte) ([]string, []augment.Record) {
	t.Helper()
	var ins []string
	var recs []augment.Record
	for line := range strings.Lines(string(data)) {
		var r augment.Record
		if err := r.UnmarshalJSON([]byte(line)); err != nil {
			t.Fatalf("%s line %q: %v", augbeam.FailedName, line, err)
		}
		if r.Status != augment.StatusFailed || r.Err == nil {
			t.Errorf("%s: status %q, error %v; want a failed record with its reason", r.Input, r.Status, r.Err)
		}
		ins = append(ins, r.Input)
		recs = append(recs, r)
	}
	slices.Sort(ins)
	return ins, recs
}

// TestSamplesLikeTheCommand runs the job on samples/ with Prism in
// process: the outputs are the command's, to the byte, under the same
// names, and the manifest holds the command's settings fingerprint.
func TestSamplesLikeTheCommand(t *testing.T) {
	samples := filepath.Join(testimg.RepoRoot(t), "samples")
	cfg := augment.DefaultConfig()
	want, _ := commandRun(t, samples, cfg)
	out := t.TempDir()
	sum := runJob(t, augbeam.Job{Input: samples, Output: out, Config: cfg})
	got := outputs(t, out)
	sameOutputs(t, outputs(t, want), got)
	if sum.Counts[augbeam.MetricWritten] != int64(len(got)) || sum.Counts[augbeam.MetricFailed] != 0 {
		t.Errorf("metrics: %v; want %d written, none failed", sum.Counts, len(got))
	}
	if failed, err := os.ReadFile(filepath.Join(out, augbeam.FailedName)); err != nil || len(failed) != 0 {
		t.Errorf("%s: %q, %v; want an empty file", augbeam.FailedName, failed, err)
	}
	wantMan, err := os.ReadFile(filepath.Join(want, augment.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	gotMan, err := os.ReadFile(filepath.Join(out, augment.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := augment.ReadManifest(strings.NewReader(string(wantMan)))
	g, _ := augment.ReadManifest(strings.NewReader(string(gotMan)))
	if len(g) != len(w) {
		t.Fatalf("manifest: %d entries, the command's %d", len(g), len(w))
	}
	for k, we := range w {
		ge := g[k]
		we.Input, ge.Input = "", ""
		if ge != we {
			t.Errorf("manifest entry %s: %+v, the command's %+v", k, ge, we)
		}
	}
	for _, row := range sum.Steps {
		if row.Items != int64(len(got)) || row.MsPerMP <= 0 {
			t.Errorf("step %s: %d items, %.2f ms/MP; want %d items and a time", row.Step, row.Items, row.MsPerMP, len(got))
		}
	}
	if len(sum.Steps) != len(cfg.StepNames()) {
		t.Errorf("%d step rows, want %d (%v)", len(sum.Steps), len(cfg.StepNames()), cfg.StepNames())
	}
}
