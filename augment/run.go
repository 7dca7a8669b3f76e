package augment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/pipeline"
)

// Hooks lets a caller watch a run. Every field may be nil or zero.
type Hooks struct {
	// Log receives the run's log events; the zero Logger discards them.
	Log zerolog.Logger
	// Start is called once the inputs are known, with how many files will
	// be processed, before the baseline and the pipeline.
	Start func(phase string, total int)
	// File is called as each file of the pipeline run finishes, from one
	// goroutine at a time.
	File func(phase string, rec *FileRecord)
	// Temps, when set, tracks the temporary output files being written, so
	// that a caller exiting at once (a second Ctrl-C) can remove them.
	Temps *imgfile.Temps
}

// The phases a run goes through, as passed to Hooks.
const (
	PhaseBaseline = "baseline"
	PhasePipeline = "pipeline"
)

// Run does the job cfg describes and returns its report. Files that fail
// are recorded in the report and do not stop the others. The error is a
// *UsageError when the run could not start (bad settings, an unusable input
// or output folder, an output that would overwrite an input); when ctx is
// cancelled, Run returns the partial report with Interrupted set and
// ctx's error.
func Run(ctx context.Context, cfg Config, h Hooks) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	inputs, skipped, err := imgfile.Find(ctx, cfg.Input, imgfile.FindOptions{
		Recursive: cfg.Recursive,
		Hidden:    cfg.Hidden,
		Exclude:   []string{cfg.Output},
	})
	if err != nil {
		if ctx.Err() != nil { // interrupted while listing the files
			rep := newReport(cfg, nil)
			rep.finish(nil, nil, 0)
			rep.Interrupted = true
			return rep, err
		}
		return nil, &UsageError{msg: err.Error()}
	}
	names := outputNames(inputs)
	if out, in := overwritesInput(inputs, cfg.Output, names); out != "" {
		return nil, usageErrorf("output %s would overwrite the input %s: choose another --out", out, in)
	}
	rep := newReport(cfg, skipped)
	for _, s := range skipped {
		h.Log.Warn().Str("file", s.Path).Msg(s.Reason)
	}
	if len(inputs) == 0 {
		return rep, nil
	}
	if err := imgfile.CheckWritable(cfg.Output); err != nil {
		return nil, &UsageError{msg: err.Error()}
	}
	// One run at a time per output folder: another would remove this one's
	// temporary files as leftovers, and write the same outputs.
	unlock, err := imgfile.LockFolder(cfg.Output)
	if err != nil {
		return nil, &UsageError{msg: err.Error()}
	}
	defer unlock()
	defer h.Temps.Track(filepath.Join(cfg.Output, imgfile.LockName))()
	if n, err := imgfile.RemoveTemps(cfg.Output); err != nil {
		h.Log.Warn().Err(err).Str("folder", cfg.Output).Msg("could not remove temporary files of an earlier run")
	} else if n > 0 {
		h.Log.Info().Int("files", n).Str("folder", cfg.Output).Msg("removed temporary files left by an earlier, interrupted run")
	}

	tasks := make([]*task, len(inputs))
	todo := make([]*task, 0, len(inputs))
	for i, in := range inputs {
		t := newTask(in, filepath.Join(cfg.Output, filepath.FromSlash(names[i])))
		t.temps = h.Temps
		tasks[i] = t
		if cfg.SkipExisting && upToDate(t.rec.Output, in) {
			t.rec.Status = StatusUpToDate
			h.Log.Debug().Str("file", in.Path).Str("out", t.rec.Output).Msg("output up to date: skipped")
			continue
		}
		todo = append(todo, t)
	}
	if cfg.Baseline {
		warmCache(inputs)
		base, err := runBaseline(ctx, &cfg, inputs, names, h)
		rep.Baseline = base
		if err != nil {
			rep.finish(tasks, nil, 0) // nothing of the pipeline ran: every file is "not done"
			rep.Interrupted = true
			return rep, err
		}
	}
	if h.Start != nil {
		h.Start(PhasePipeline, len(todo))
	}
	start := time.Now()
	stats, err := runPipeline(ctx, &cfg, dispatchOrder(ctx, &cfg, todo), h)
	rep.finish(tasks, stats, time.Since(start))
	if rep.Baseline != nil {
		rep.Baseline.compare(tasks, h.Log)
	}
	if err != nil {
		rep.Interrupted = errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
		return rep, err
	}
	return rep, nil
}

// runPipeline moves every task through the reader, worker and writer
// stages and returns their timings.
func runPipeline(ctx context.Context, cfg *Config, tasks []*task, h Hooks) ([]pipeline.StageStats, error) {
	p, _ := pipeline.New(ctx)
	src := pipeline.From(p, cfg.Buffer, tasks)
	read := pipeline.Stage(p, "read", cfg.Readers, cfg.Buffer, src,
		func(_ context.Context, t *task) (*task, error) {
			t.read(cfg)
			return t, nil
		})
	work := pipeline.StageWith(p, "process", cfg.Workers, cfg.Buffer, read,
		func() func(context.Context, *task) (*task, error) {
			wk := new(Processor) // each worker owns its memory
			return func(ctx context.Context, t *task) (*task, error) {
				t.transform(ctx, cfg, wk)
				return t, nil
			}
		})
	done := pipeline.Stage(p, "write", cfg.Writers, cfg.Buffer, work,
		func(_ context.Context, t *task) (*task, error) {
			t.write(t.rec.Output)
			return t, nil
		})
	for t := range done {
		logFile(h.Log, t.rec)
		if h.File != nil {
			h.File(PhasePipeline, t.rec)
		}
	}
	err := p.Wait()
	return p.Stats(), err
}

func logFile(log zerolog.Logger, rec *FileRecord) {
	switch rec.Status {
	case StatusFailed:
		log.Error().Str("file", rec.Input).Msg(rec.Err)
	case StatusWritten:
		log.Debug().Str("file", rec.Input).Str("out", rec.Output).
			Float64("ms", ms(sumSteps(rec.Steps))).Msg("written")
	}
}

func sumSteps(t StepTimes) time.Duration {
	var d time.Duration
	for _, x := range t {
		d += x
	}
	return d
}

// upToDate reports whether the output at out exists and was modified
// after the input (the target of a link): what --skip-existing leaves alone.
func upToDate(out string, in imgfile.Input) bool {
	ost, err := os.Stat(out)
	if err != nil || !ost.Mode().IsRegular() {
		return false
	}
	ist, err := os.Stat(in.Path)
	return err == nil && ost.ModTime().After(ist.ModTime())
}

// warmCache reads every input once so that the baseline and the pipeline
// both start with the files in the page cache.
func warmCache(inputs []imgfile.Input) {
	buf := make([]byte, 1<<20)
	for _, in := range inputs {
		if f, err := os.Open(in.Path); err == nil {
			for {
				if _, err := f.Read(buf); err != nil {
					break
				}
			}
			f.Close()
		}
	}
}
