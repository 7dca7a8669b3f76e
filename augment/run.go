package augment

import (
	"context"
	"crypto/sha256"
	"errors"
	"iter"
	"time"

	"github.com/rs/zerolog"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/pipeline"
)

// Hooks lets a caller watch a run. Every field may be nil or zero.
type Hooks struct {
	// Log receives the run's log events; the zero Logger discards them.
	Log zerolog.Logger
	// Start is called when a phase begins, with how many inputs it will
	// process, times the variants under a recipe (RunFolder only: Run
	// cannot know how many its iterator holds).
	Start func(phase string, total int)
	// File is called as each input of a phase finishes (under a recipe,
	// once for each variant's record), from one goroutine at a time.
	File func(phase string, rec *Record)
	// Temps, when set, tracks the temporary files being written in the
	// output folder, so that a program quitting at once (a second Ctrl-C)
	// can remove them with Temps.Abort.
	Temps *imgfile.Temps
	// Sequential, when set, is how RunFolder runs its baseline: it must
	// call run once, and may arrange how (the command runs it under
	// GOMAXPROCS 1, so that nothing runs in parallel behind its back).
	Sequential func(run func())
	// SequentialHow says how Sequential runs the baseline, for the report,
	// ending with ", " ("under GOMAXPROCS=1, ").
	SequentialHow string
}

// The phases a run goes through, as passed to Hooks.
const (
	PhaseBaseline = "baseline"
	PhasePipeline = "pipeline"
)

// Run moves every input of inputs through the pipeline, a stage of
// cfg.Readers goroutines reading, cfg.Workers processing (each with a
// Processor of its own) and cfg.Writers storing the outputs in sink, and
// returns the report. Inputs are taken from the iterator as the pipeline
// has room for them (slices.Values gives one for a list; CostliestFirst
// orders a list for a pool of workers); each output is named by cfg.Name
// with a Namer, the first of a clash keeping the plain name. An input the
// template cannot name fails in the write step.
//
// An input that fails is recorded and does not stop the others. When the
// run cannot start (a bad setting), the error is a *StartError. When ctx is
// cancelled, Run takes no new input, finishes or abandons those in flight,
// and returns the partial report with Interrupted set and ctx's error.
func Run(ctx context.Context, cfg Config, inputs iter.Seq[Input], sink Sink, h Hooks) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, startErr(err)
	}
	cfg = cfg.resolved()
	tmpl, _ := cfg.template()
	var tasks []*task // appended to by the source goroutine, read after the run
	names := NewNamer(tmpl)
	src := func(yield func(*task) bool) {
		for in := range inputs {
			name, err := names.Name(in.Rel)
			t := newTask(in, name, sink)
			if err == nil && cfg.Recipe != nil {
				t.names = []string{name}
				for v := 2; v <= cfg.variants() && err == nil; v++ {
					name, err = names.Variant(in.Rel, v)
					t.names = append(t.names, name)
				}
			}
			if err != nil {
				t.rec.Output = ""
				t.rec.Status, t.rec.Err = StatusFailed, &StepError{Step: StepWrite, Err: err}
			}
			tasks = append(tasks, t)
			if !yield(t) {
				return
			}
		}
	}
	rep := newReport(FolderJob{Config: cfg}, nil)
	start := time.Now()
	stats, err := runPipeline(ctx, &cfg, src, sink, h, nil, nil, nil)
	rep.finish(tasks, stats, time.Since(start))
	if err != nil {
		rep.Interrupted = isCancel(err)
		return rep, err
	}
	return rep, nil
}

func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// task is one input on its way through the steps. The pipeline and
// Processor.ProcessTo both move it with the same three methods: read,
// transform and write.
type task struct {
	in   Input
	name string // the output's name in the sink
	rec  *Record
	// data holds the input's bytes between read and decode, then the
	// encoded output between encode and write.
	data []byte
	// hash asks read for the SHA-256 of the input's bytes, in sum.
	hash bool
	sum  [sha256.Size]byte
	// Under a recipe: names are the outputs' names, one per variant; recs
	// their records (recs[0] is rec); lines their manifest lines, when
	// asked for; order the input's place in the run.
	names []string
	recs  []*Record
	lines []byte
	order int
}

func newTask(in Input, name string, sink Sink) *task {
	return &task{in: in, name: name, rec: &Record{Input: in.Path, Output: sink.Path(name), BytesIn: in.Size}}
}

func (t *task) failed() bool { return t.rec.Status == StatusFailed }

// read loads the input's bytes, refusing from its header an image over
// maxPixels.
func (t *task) read(maxPixels int64) {
	if t.failed() {
		return
	}
	timed(t.rec, StepRead, func() error {
		data, err := t.in.Read(maxPixels)
		t.data = data
		if err == nil {
			t.rec.BytesIn = int64(len(data))
			if t.hash {
				t.sum = sha256.Sum256(data)
			}
		}
		return err
	})
}

// transform decodes, blurs, thumbnails, runs the caller's steps and
// encodes, with the memory of p, the worker's Processor.
func (t *task) transform(ctx context.Context, p *Processor) {
	if t.failed() {
		t.data = nil
		return
	}
	out, err := p.process(ctx, t.rec, t.data)
	t.data = out
	if err != nil {
		t.data = nil
	}
}

// write stores the encoded output in sink.
func (t *task) write(ctx context.Context, sink Sink) {
	if t.failed() || t.data == nil {
		return
	}
	if timed(t.rec, StepWrite, func() error { return sink.Write(ctx, t.name, t.data) }) == nil {
		t.rec.Status = StatusWritten
		t.rec.BytesOut = int64(len(t.data))
	}
	t.data = nil
}

// ProcessTo runs one input through every step, read to write, on the
// calling goroutine, storing its output in sink under name, and returns
// its record. It is the unit of work of a sequential run; Run splits the
// same steps across its stages.
func (p *Processor) ProcessTo(ctx context.Context, in Input, sink Sink, name string) *Record {
	t := newTask(in, name, sink)
	t.read(p.cfg.MaxPixels)
	t.transform(ctx, p)
	t.write(ctx, sink)
	t.rec.settle()
	return t.rec
}

// runPipeline moves every task of src through the reader, worker and
// writer stages and returns their timings. When not nil, beforeWrite is
// called with each task that has an output to write, just before it is
// written, from the writer goroutines; done with each task as it leaves
// the pipeline, from one goroutine.
//
// Under a recipe each task makes its variants in the worker, which writes
// them; lines, when not nil, receives their manifest lines.
func runPipeline(ctx context.Context, cfg *Config, src iter.Seq[*task], sink Sink, h Hooks, lines *lineSpool, beforeWrite, done func(*task)) ([]pipeline.StageStats, error) {
	p, _ := pipeline.New(ctx)
	var variants *variantWriters
	if cfg.Recipe != nil {
		variants = startVariantWriters(ctx, sink, cfg.Writers)
	}
	tasks := pipeline.FromSeq(p, cfg.Buffer, src)
	read := pipeline.Stage(p, "read", cfg.Readers, cfg.Buffer, tasks,
		func(_ context.Context, t *task) (*task, error) {
			t.read(cfg.MaxPixels)
			return t, nil
		})
	work := pipeline.StageWith(p, "process", cfg.Workers, cfg.Buffer, read,
		func() func(context.Context, *task) (*task, error) {
			wk := &Processor{cfg: *cfg} // each worker owns its memory
			return func(ctx context.Context, t *task) (*task, error) {
				if cfg.Recipe != nil {
					t.makeVariants(ctx, wk, variants, sink, lines != nil)
				} else {
					t.transform(ctx, wk)
				}
				return t, nil
			}
		})
	written := pipeline.Stage(p, "write", cfg.Writers, cfg.Buffer, work,
		func(ctx context.Context, t *task) (*task, error) {
			if beforeWrite != nil && !t.failed() && t.data != nil {
				beforeWrite(t)
			}
			t.write(ctx, sink)
			return t, nil
		})
	for t := range written {
		for _, rec := range t.records() {
			logFile(h.Log, rec)
		}
		if done != nil {
			done(t)
		}
		if lines != nil {
			lines.add(t.in.Rel, t.order, t.lines)
			t.lines = nil
		}
		if h.File != nil {
			for _, rec := range t.records() {
				h.File(PhasePipeline, rec)
			}
		}
	}
	err := p.Wait()
	if variants != nil {
		variants.stop() // every task waited for its writes: none is left
	}
	return p.Stats(), err
}

func logFile(log zerolog.Logger, rec *Record) {
	switch rec.Status {
	case StatusFailed:
		log.Error().Str("file", rec.Input).Msg(rec.Err.Error())
		if pe := (*PanicError)(nil); errors.As(rec.Err, &pe) {
			log.Debug().Str("file", rec.Input).Str("stack", string(pe.Stack)).Msg("where the step panicked")
		}
	case StatusWritten:
		if rec.Damaged != "" {
			log.Warn().Str("file", rec.Input).Str("out", rec.Output).Msg("written from damaged data: " + rec.Damaged)
			return
		}
		log.Debug().Str("file", rec.Input).Str("out", rec.Output).
			Float64("ms", ms(rec.Steps.Total())).Msg("written")
	}
}
