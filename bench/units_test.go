package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStat(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want Stat
	}{
		{nil, Stat{}},
		{[]float64{2}, Stat{2, 2, 2}},
		{[]float64{3, 1, 2}, Stat{2, 1, 3}},
		{[]float64{4, 1, 3, 2}, Stat{2.5, 1, 4}},
	} {
		if got := stat(tc.in); got != tc.want {
			t.Errorf("stat(%v) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestMedianRun(t *testing.T) {
	runs := []*Measure{{Wall: 3}, {Wall: 1}, {Wall: 2}, {Wall: 4}}
	if got := medianRun(runs); got.Wall != 2 {
		t.Errorf("median run of 4 has wall %d, want the lower middle, 2", got.Wall)
	}
	if medianRun(nil) != nil {
		t.Error("median run of none is not nil")
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w, h int
		ok   bool
	}{
		{"3000x2000", 3000, 2000, true},
		{"64X48", 64, 48, true},
		{"3000", 0, 0, false},
		{"0x10", 0, 0, false},
		{"ax2", 0, 0, false},
	} {
		w, h, err := parseSize(tc.in)
		if (err == nil) != tc.ok || w != tc.w || h != tc.h {
			t.Errorf("parseSize(%q) = %d, %d, %v", tc.in, w, h, err)
		}
	}
}

func TestConfigSet(t *testing.T) {
	for _, tc := range []struct {
		set            string
		procs          int
		pillow         bool
		pipelines      int
		pillows, pools int
	}{
		{SetQuick, 2, true, 1, 4, 1},
		{SetDefault, 1, false, 4, 0, 1}, // workers 1, 2 + the 2/2 split + blur-first
		{SetDefault, 2, true, 5, 4, 1},  // workers 1, 2, 4 + split + blur-first 1 worker
		{SetFull, 2, true, 11, 8, 3},    // 3 counts + 7 splits + blur-first; Pillow 2 orders x (loop + 3 pools)
		{SetFull, 3, false, 13, 0, 5},   // counts 1, 2, 3, 4, 6 + splits + blur-first
		{SetDefault, 8, true, 7, 4, 1},  // counts 1, 2, 4, 8, 16 + split + blur-first
	} {
		specs, err := configSet(tc.set, tc.procs, tc.pillow)
		if err != nil {
			t.Fatal(err)
		}
		count := map[Kind]int{}
		names := map[string]bool{}
		defaults := 0
		for _, s := range specs {
			count[s.Kind]++
			if names[s.Name] {
				t.Errorf("%s/%d: duplicate name %q", tc.set, tc.procs, s.Name)
			}
			names[s.Name] = true
			if s.Default {
				defaults++
			}
		}
		if count[KindPipeline] != tc.pipelines || count[KindPillow] != tc.pillows || count[KindPool] != tc.pools {
			t.Errorf("%s/%d: %d pipelines, %d Pillow, %d pools; want %d, %d, %d", tc.set, tc.procs,
				count[KindPipeline], count[KindPillow], count[KindPool], tc.pipelines, tc.pillows, tc.pools)
		}
		if defaults != 1 || count[KindSequential] != 1 || count[KindDecode] != 1 || count[KindGoroutines] != 1 {
			t.Errorf("%s/%d: %d defaults, want 1, and one each of sequential, decode-only, goroutines", tc.set, tc.procs, defaults)
		}
	}
	if _, err := configSet("nope", 2, false); err == nil {
		t.Error("an unknown set is accepted")
	}
}

func TestFilterSpecs(t *testing.T) {
	specs, _ := configSet(SetDefault, 2, true)
	for _, tc := range []struct {
		only string
		want int
	}{
		{"", len(specs)},
		{"sequential", 3},            // the baseline and Pillow's two loops
		{"pipeline, decode-only", 7}, // 4 pipelines, the blur-first one, both decode-only
		{"nothing", 0},
	} {
		if got := len(filterSpecs(specs, tc.only)); got != tc.want {
			t.Errorf("filterSpecs(%q) kept %d, want %d", tc.only, got, tc.want)
		}
	}
}

func TestProjection(t *testing.T) {
	p := &Projection{ReadMs: 10, ProcessMs: 1000, WriteMs: 50, Readers: 1, Writers: 1, SeqMsPerImage: 1060}
	for _, tc := range []struct {
		cores int
		rate  float64
		bound string
	}{
		{1, 1, "process"},
		{8, 8, "process"},
		{20, 20, "process"},
		{32, 20, "write"}, // one writer at 50 ms: 20 images/s at most
	} {
		pt := p.at(tc.cores)
		if math.Abs(pt.ImagesPerS-tc.rate) > 1e-9 || pt.Bound != tc.bound {
			t.Errorf("at(%d) = %.2f img/s %s-bound, want %.2f %s", tc.cores, pt.ImagesPerS, pt.Bound, tc.rate, tc.bound)
		}
		if want := tc.rate * 1.06; math.Abs(pt.Speedup-want) > 1e-9 {
			t.Errorf("at(%d) speedup %.3f, want %.3f", tc.cores, pt.Speedup, want)
		}
	}
}

func TestSummariseAndHeadlines(t *testing.T) {
	run := func(wall time.Duration, cpu time.Duration) []*Measure {
		return []*Measure{{Wall: wall, User: cpu, Images: 10, Megapixels: 60}}
	}
	configs := []ConfigResult{
		{Spec: Spec{Name: "decode-only", Kind: KindDecode}, Runs: run(time.Second, time.Second)},
		{Spec: Spec{Name: "sequential", Kind: KindSequential, Workers: 1}, Runs: run(20*time.Second, 20*time.Second)},
		{Spec: Spec{Name: "default", Kind: KindPipeline, Workers: 2, Readers: 1, Writers: 1, Buffer: 2, Default: true}, Runs: run(10*time.Second, 20*time.Second)},
		// Three rounds against the default's one: only the first round pairs.
		{Spec: Spec{Name: "one worker", Kind: KindPipeline, Workers: 1, Readers: 1, Writers: 1, Buffer: 2}, Runs: append(append(run(16*time.Second, 16*time.Second), run(40*time.Second, 40*time.Second)...), run(40*time.Second, 40*time.Second)...)},
		{Spec: Spec{Name: "pillow seed pool=2", Kind: KindPillow, Workers: 2, Order: OrderBlurFirst}, Runs: run(5*time.Second, 10*time.Second)},
		{Spec: Spec{Name: "pillow seed loop", Kind: KindPillow, Order: OrderBlurFirst}, Runs: run(8*time.Second, 8*time.Second)},
	}
	summarise(configs, 2)
	def := configs[2].Summary
	if def.Speedup != 2 || def.Efficiency != 1 || def.VsPillowSeed != 0.5 || def.PillowWorkers != 2 || def.VsPillowFit != 0 {
		t.Errorf("default: %+v", def)
	}
	if e := configs[4].Summary.Efficiency; e != 0.8 { // 8 s loop / 5 s / 2 CPUs
		t.Errorf("Pillow pool efficiency %.2f, want 0.8 (against Pillow's own loop)", e)
	}
	hs := headlines(configs, 2)
	got := map[string]Headline{}
	for _, h := range hs {
		got[h.Name] = h
	}
	for _, tc := range []struct {
		name    string
		value   float64
		met     bool
		skipped bool
	}{
		{"default augpipe vs Pillow pool, seed order", 0.5, false, false},
		{"default augpipe vs Pillow pool, fit-first", 0, false, true},
		{"CPU time per image / decode-only CPU time per image", 20, false, false},
		{"blur-first order, 1 worker vs Pillow seed sequential", 0, false, true},
		{"parallel efficiency at 2 workers", 0.8, false, false}, // 16 s / (2 x 10 s), round 1 only
		{"parallel efficiency at 2 workers, against the sequential baseline", 1, true, false},
	} {
		h, ok := got[tc.name]
		if !ok {
			t.Errorf("no headline %q", tc.name)
			continue
		}
		if math.Abs(h.Value-tc.value) > 1e-9 || h.Met != tc.met || (h.Skipped != "") != tc.skipped {
			t.Errorf("%s: %+v, want value %.2f met %v skipped %v", tc.name, h, tc.value, tc.met, tc.skipped)
		}
	}
}

func TestSyntheticIsDeterministic(t *testing.T) {
	gen := func(seed uint64) []byte {
		dir := t.TempDir()
		if err := writeSynthetic(context.Background(), dir, 1, 48, 32, seed); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "synthetic-000.jpg"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	a, b, c := gen(7), gen(7), gen(8)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different files")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same file")
	}
}

func TestStagesCell(t *testing.T) {
	got := stagesCell([]StageSplit{{Name: "read", Busy: 0.01, Wait: 0.99}, {Name: "process", Busy: 0.97, Wait: 0.03}})
	if got != "read 1/99 process 97/3" {
		t.Errorf("stagesCell = %q", got)
	}
	if stagesCell(nil) != "-" || !strings.Contains(headlineLine(Headline{Name: "x", Skipped: "why", Target: ">= 2x"}), "skipped, why") {
		t.Error("empty cells or skipped headlines are not shown as such")
	}
}

func TestRunAllGoesOnAfterAFailure(t *testing.T) {
	dir := t.TempDir()
	if err := writeSynthetic(context.Background(), dir, 1, 32, 24, 1); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{exe: exe, corpus: dir, images: 1} // no Pillow: its configuration fails
	specs := []Spec{
		{Name: "pillow seed sequential", Kind: KindPillow, Order: OrderBlurFirst},
		{Name: "sequential", Kind: KindSequential, Workers: 1},
	}
	runs, errs, err := r.runAll(context.Background(), specs, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] == nil || len(runs[0]) != 0 {
		t.Errorf("the Pillow configuration did not fail: %v, %d runs", errs[0], len(runs[0]))
	}
	if errs[1] != nil || len(runs[1]) != 2 {
		t.Errorf("the sequential configuration: %v, %d runs, want 2", errs[1], len(runs[1]))
	}
}

func TestBusyElsewhere(t *testing.T) {
	for _, tc := range []struct {
		loads []string
		warn  bool
	}{
		{[]string{"0.50 0.40 0.30 1/100 123", "2.10 1.00 0.50 2/100 124"}, false},
		{[]string{"0.50 0.40 0.30 1/100 123", "10.48 10.09 5.83 9/100 125"}, true},
		{[]string{"", "junk"}, false},
	} {
		if got := busyElsewhere(2, tc.loads...); (got != "") != tc.warn {
			t.Errorf("busyElsewhere(2, %q) = %q, want a warning: %v", tc.loads, got, tc.warn)
		}
	}
}
