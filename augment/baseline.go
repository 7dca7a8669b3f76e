package augment

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	"github.com/rs/zerolog"
)

// BaselineReport is the sequential run's outcome and how it compares.
type BaselineReport struct {
	// How says how the baseline ran.
	How  string        `json:"how"`
	Wall time.Duration `json:"wall_ns"`
	// Written and Failed count its files.
	Written int `json:"written"`
	Failed  int `json:"failed"`
	// Speedup is the baseline's wall time over the pipeline's.
	Speedup float64 `json:"speedup"`
	// CPUs is how many CPUs the pipeline could keep busy:
	// min(GOMAXPROCS, readers + workers + writers).
	CPUs int `json:"cpus"`
	// Efficiency is Speedup / CPUs.
	Efficiency float64 `json:"efficiency"`
	// Compared counts the files both runs wrote; Identical those whose
	// outputs are the same to the byte; Differing names the others.
	Compared  int      `json:"compared"`
	Identical int      `json:"identical"`
	Differing []string `json:"differing,omitempty"`
	// Steps is the baseline's time per step, summed over files.
	Steps StepTimes `json:"ms"`

	outDir  string
	forget  func() // stops h.Temps removing outDir on an abort
	records []*Record
}

// runBaseline runs every input through the same steps as the pipeline,
// one at a time on one goroutine, with one Processor as a pipeline worker
// has, inside h.Sequential (the command runs it under GOMAXPROCS 1, so
// that nothing, not the garbage collector either, runs in parallel behind
// its back). Its outputs go to a temporary folder that compare removes.
func runBaseline(ctx context.Context, cfg Config, inputs []Input, names []string, h Hooks) (*BaselineReport, error) {
	dir, err := os.MkdirTemp("", "augpipe-baseline-")
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	b := &BaselineReport{
		How:    "sequential: one goroutine, one image at a time, " + h.SequentialHow + "after a page-cache warm-up; outputs to a temporary folder",
		outDir: dir,
		forget: h.Temps.Track(dir), // a second Ctrl-C removes it too
	}
	if h.Start != nil {
		h.Start(PhaseBaseline, len(inputs))
	}
	sequential := h.Sequential
	if sequential == nil {
		sequential = func(run func()) { run() }
	}
	sink := DirSink{Dir: dir}
	proc := &Processor{cfg: cfg} // one worker's memory, as each pipeline worker has
	sequential(func() {
		start := time.Now()
		for i, in := range inputs {
			if ctx.Err() != nil {
				break
			}
			rec := proc.ProcessTo(ctx, in, sink, names[i])
			b.records = append(b.records, rec)
			for _, s := range rec.Steps {
				b.Steps.Add(s.Step, s.Time)
			}
			switch rec.Status {
			case StatusWritten:
				b.Written++
			case StatusFailed:
				b.Failed++
			}
			if h.File != nil {
				h.File(PhaseBaseline, rec)
			}
		}
		b.Wall = time.Since(start)
	})
	if err := ctx.Err(); err != nil {
		b.removeOutputs()
		return b, err
	}
	return b, nil
}

// removeOutputs removes the baseline's temporary output folder.
func (b *BaselineReport) removeOutputs() {
	os.RemoveAll(b.outDir)
	b.forget()
}

// compare checks the pipeline's outputs against the baseline's byte for
// byte, fills in the speedup, and removes the baseline's folder.
func (b *BaselineReport) compare(tasks []*task, log zerolog.Logger) {
	defer b.removeOutputs()
	for i, t := range tasks {
		if i >= len(b.records) || t.rec.Status != StatusWritten || b.records[i].Status != StatusWritten {
			continue
		}
		want, err1 := os.ReadFile(b.records[i].Output)
		got, err2 := os.ReadFile(t.rec.Output)
		if err1 != nil || err2 != nil {
			continue
		}
		b.Compared++
		if bytes.Equal(want, got) {
			b.Identical++
		} else {
			b.Differing = append(b.Differing, t.rec.Input)
			log.Error().Str("file", t.rec.Input).Msg("pipeline output differs from the baseline's")
		}
	}
}
