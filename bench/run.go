package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/augpipe/augpipe/augment"
)

// run does the whole benchmark: prepares the corpus, finds Pillow, runs
// every configuration, summarises, and writes results.json, the charts and
// summary.md into the output folder, whose path it returns.
func run(ctx context.Context, o Options, prog *progress) (*Results, string, error) {
	started := time.Now()
	procs := runtime.GOMAXPROCS(0)
	work, err := os.MkdirTemp("", "augpipe-bench-")
	if err != nil {
		return nil, "", fmt.Errorf("temporary folder: %w", err)
	}
	defer os.RemoveAll(work)

	corpusDir, synthetic := o.Corpus, ""
	if o.Synthetic > 0 {
		w, h, _ := parseSize(o.Size)
		corpusDir = filepath.Join(work, "corpus")
		if err := os.Mkdir(corpusDir, 0o755); err != nil {
			return nil, "", fmt.Errorf("synthetic corpus: %w", err)
		}
		if prog != nil && prog.w != nil {
			fmt.Fprintf(prog.w, "bench: generating %d synthetic %dx%d images...\n", o.Synthetic, w, h)
		}
		if err := writeSynthetic(ctx, corpusDir, o.Synthetic, w, h, o.Seed); err != nil {
			return nil, "", err
		}
		synthetic = fmt.Sprintf("%d images %dx%d, seed %d", o.Synthetic, w, h, o.Seed)
	}
	corpus, err := describeCorpus(ctx, corpusDir)
	if err != nil {
		return nil, "", err
	}
	corpus.Synthetic = synthetic

	var notes []string
	var pillow *Pillow
	if o.NoPillow {
		notes = append(notes, "Pillow configurations skipped (--no-pillow).")
	} else {
		var why string
		pillow, why = findPillow(ctx, o.pythonCandidates(), work)
		if pillow == nil {
			notes = append(notes, why+".")
		}
	}
	specs, err := configSet(o.set(), procs, pillow != nil)
	if err != nil {
		return nil, "", err
	}
	specs = filterSpecs(specs, o.Only)
	if len(specs) == 0 {
		return nil, "", fmt.Errorf("--only %q matches no configuration", o.Only)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, "", fmt.Errorf("find this binary to re-execute: %w", err)
	}
	res := &Results{
		Started: started, Command: o.Command, Machine: thisMachine(pillow),
		Corpus: *corpus, Set: o.set(), Repeat: o.Repeat,
	}
	r := &runner{exe: exe, corpus: corpusDir, images: corpus.Images, pillow: pillow}
	if prog != nil {
		prog.start = time.Now()
	}
	runs, errs, err := r.runAll(ctx, specs, o.Repeat, prog)
	if err != nil {
		return nil, "", err
	}
	res.Machine.LoadAvgEnd = loadAvg()
	for i, s := range specs {
		c := ConfigResult{Spec: s, Runs: runs[i]}
		if errs[i] != nil {
			c.Error = errs[i].Error()
			notes = append(notes, "Configuration failed and was left out: "+c.Error)
		}
		res.Configs = append(res.Configs, c)
	}
	summarise(res.Configs, procs)
	res.Headlines = headlines(res.Configs, procs)
	def := augment.DefaultConfig()
	res.Projection = project(res.Configs, def.Readers, def.Writers)
	res.Notes = append(notes, standingNotes(procs)...)
	if n := busyElsewhere(res.Machine.Cores, res.Machine.LoadAvg, res.Machine.LoadAvgEnd); n != "" {
		res.Notes = append([]string{n}, res.Notes...)
	}
	res.Duration = time.Since(started)

	dir := o.Out
	if dir == "" {
		dir = filepath.Join("bench", "results", started.UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", fmt.Errorf("output folder: %w", err)
	}
	if err := res.writeJSON(filepath.Join(dir, "results.json")); err != nil {
		return nil, "", err
	}
	charts, err := writeCharts(dir, res)
	if err != nil {
		return nil, "", err
	}
	if err := writeSummary(filepath.Join(dir, "summary.md"), res, charts); err != nil {
		return nil, "", err
	}
	return res, dir, nil
}

// busyElsewhere warns when a load average (its first, one-minute figure)
// taken at the start or the end was well above what the benchmark itself
// puts on the machine (about the number of cores): other work was
// competing, and wall times, speedups most of all, are unreliable.
func busyElsewhere(cores int, loadavgs ...string) string {
	worst := 0.0
	for _, la := range loadavgs {
		if f := strings.Fields(la); len(f) > 0 {
			if v, err := strconv.ParseFloat(f[0], 64); err == nil {
				worst = max(worst, v)
			}
		}
	}
	if worst < 1.5*float64(cores) {
		return ""
	}
	return fmt.Sprintf("The machine was busy: a load average of %.1f on %d cores (start and end figures above). "+
		"Wall times, speedups and efficiencies are unreliable; CPU times less so (see CPUs busy). "+
		"Re-run on a quiet machine for figures of record.", worst, cores)
}

// standingNotes are the caveats that hold for every run.
func standingNotes(procs int) []string {
	notes := []string{
		"Timings are wall-clock on a machine that may be shared: compare configurations within one run, " +
			"where round-robin repeats spread the noise evenly, and check the load average above.",
		"augpipe's image steps start no goroutines of their own: its worker pool is the only parallelism, so " +
			"a 1-worker pipeline keeps one CPU busy with image work; the sequential baseline runs under GOMAXPROCS=1.",
		"CPU time includes process start-up: the Go runtime, or the Python interpreter importing Pillow.",
		"augpipe writes each output atomically and fsyncs it; the Pillow script saves without fsync.",
		"Peak RSS of a Pillow pool adds the parent's and every worker's own peak (each worker reports " +
			"its RUSAGE_SELF maxrss back with its results): an upper bound, as peaks that did not coincide " +
			"are added and pages shared after fork are counted in every process.",
	}
	if procs < 2 {
		notes = append(notes, "Only one CPU is usable: parallel configurations cannot speed up.")
	}
	return notes
}
