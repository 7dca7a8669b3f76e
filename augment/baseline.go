package augment

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/rs/zerolog"
)

// BaselineReport is the sequential run's outcome and how it compares.
type BaselineReport struct {
	// How says how the baseline ran.
	How string `json:"how"`
	// Wall is the baseline's elapsed time, until it was interrupted if it
	// was.
	Wall time.Duration `json:"wall_ns"`
	// Interrupted is set when the run was interrupted during the baseline:
	// the pipeline did not run, and nothing was compared.
	Interrupted bool `json:"interrupted"`
	// Written and Failed count its files.
	Written int `json:"written"`
	Failed  int `json:"failed"`

	// The comparison of speed, made only when both runs went to the end
	// (zero otherwise).
	//
	// Speedup is the baseline's wall time over the pipeline's.
	Speedup float64 `json:"speedup,omitempty"`
	// Workers is the pipeline's number of workers, and CPUs how many CPUs
	// it could keep busy: min(GOMAXPROCS, readers + workers + writers).
	Workers int `json:"workers,omitempty"`
	CPUs    int `json:"cpus,omitempty"`
	// WorkerEfficiency is Speedup / Workers, CPUEfficiency Speedup / CPUs:
	// with one worker on two CPUs, a speedup of 1.04 is 104% per worker
	// (the reader and writer running beside it) and 52% per CPU.
	WorkerEfficiency float64 `json:"efficiency_per_worker,omitempty"`
	CPUEfficiency    float64 `json:"efficiency_per_cpu,omitempty"`
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
		b.Interrupted = true
		b.removeOutputs()
		return b, err
	}
	return b, nil
}

// compareSpeed fills in the speedup of a pipeline of cfg that took wall
// over the baseline, and the efficiencies.
func (b *BaselineReport) compareSpeed(wall time.Duration, cfg Config) {
	if wall <= 0 || b.Wall <= 0 {
		return
	}
	b.Speedup = b.Wall.Seconds() / wall.Seconds()
	b.Workers = cfg.Workers
	b.CPUs = min(runtime.GOMAXPROCS(0), cfg.Readers+cfg.Workers+cfg.Writers)
	b.WorkerEfficiency = b.Speedup / float64(b.Workers)
	b.CPUEfficiency = b.Speedup / float64(b.CPUs)
}

// removeOutputs removes the baseline's temporary output folder.
func (b *BaselineReport) removeOutputs() {
	os.RemoveAll(b.outDir)
	b.forget()
}

// compare checks the pipeline's outputs against the baseline's byte for
// byte, and removes the baseline's folder.
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
