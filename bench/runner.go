package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// runner runs configurations, each in its own process.
type runner struct {
	exe    string // this binary, re-executed in worker mode
	corpus string
	images int
	pillow *Pillow
}

// runOnce runs spec once in a child process, writing outputs to a fresh
// temporary folder that it removes afterwards.
func (r *runner) runOnce(ctx context.Context, spec Spec) (*Measure, error) {
	out, err := os.MkdirTemp("", "augpipe-bench-out-")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	defer os.RemoveAll(out)

	var cmd *exec.Cmd
	if spec.Kind == KindPillow {
		if r.pillow == nil {
			return nil, fmt.Errorf("%s: Pillow is not available", spec.Name)
		}
		cmd = r.pillow.command(ctx, spec, r.corpus, out)
	} else {
		args, err := workerArgs(workerJob{Spec: spec, Corpus: r.corpus, Out: out})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec.Name, err)
		}
		cmd = exec.CommandContext(ctx, r.exe, args...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w: %s", spec.Name, err, strings.TrimSpace(stderr.String()))
	}
	var m *Measure
	if spec.Kind == KindPillow {
		m, err = r.pillow.parse(stdout.Bytes(), spec)
	} else {
		m = new(Measure)
		err = json.Unmarshal(lastLine(stdout.Bytes()), m)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: child output: %w", spec.Name, err)
	}
	if err := m.check(r.images); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	ps := cmd.ProcessState
	m.ProcessWall = wall
	m.User, m.Sys = ps.UserTime(), ps.SystemTime()
	if m.PeakRSSKB == 0 {
		m.PeakRSSKB = peakRSSKB(ps)
	}
	return m, nil
}

// runAll runs every configuration repeat times, round-robin (every
// configuration once, then every configuration again) so that a noisy
// spell on the machine spreads over all of them rather than one. It
// returns the measures indexed by configuration, then by repeat, and for
// each configuration that failed, its first error: a failed configuration
// is not run again, and the others go on. The error is ctx's when the
// benchmark was interrupted.
func (r *runner) runAll(ctx context.Context, specs []Spec, repeat int, progress *progress) ([][]*Measure, []error, error) {
	runs := make([][]*Measure, len(specs))
	errs := make([]error, len(specs))
	for round := range repeat {
		for i, spec := range specs {
			progress.update(round, repeat, i, len(specs), spec.Name)
			if errs[i] != nil {
				continue
			}
			m, err := r.runOnce(ctx, spec)
			if ctx.Err() != nil {
				return runs, errs, ctx.Err()
			}
			if err != nil {
				errs[i] = err
				progress.warn(err)
				continue
			}
			runs[i] = append(runs[i], m)
		}
	}
	progress.done()
	return runs, errs, nil
}

// progress draws one line on stderr: which run, of how many, how long so far.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	n     int
}

func (p *progress) update(round, rounds, i, specs int, name string) {
	if p == nil || p.w == nil {
		return
	}
	p.n++
	total, elapsed := rounds*specs, time.Since(p.start)
	line := fmt.Sprintf("bench: run %d/%d (round %d/%d) %-34s %s elapsed", p.n, total, round+1, rounds, name,
		elapsed.Round(time.Second))
	if done := p.n - 1; done >= specs { // after a full round the mean run time is a fair guess
		line += fmt.Sprintf(", about %s left", (elapsed / time.Duration(done) * time.Duration(total-done)).Round(time.Second))
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
}

func (p *progress) warn(err error) {
	if p != nil && p.w != nil {
		if p.tty {
			fmt.Fprint(p.w, "\r\033[K")
		}
		fmt.Fprintf(p.w, "bench: %v\n", err)
	}
}

func (p *progress) done() {
	if p != nil && p.w != nil && p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
