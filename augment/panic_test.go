package augment

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// panicSink is a sink whose Write panics for the output named bad.
type panicSink struct {
	memSink
	bad string
}

func (s *panicSink) Write(ctx context.Context, name string, data []byte) error {
	if name == s.bad {
		var s []byte
		_ = s[len(data)] // index out of range
	}
	return s.memSink.Write(ctx, name, data)
}

// TestStepPanics checks that a step that panics, the caller's or a
// built-in one (the write, into the caller's Sink), fails that input with
// a *StepError naming the step around a *PanicError, which unwraps to a
// runtime error and keeps the stack, and that a run goes on with the other
// inputs and ends without error.
func TestStepPanics(t *testing.T) {
	jpg := photoJPEG(t, 64, 48)
	fsys := fstest.MapFS{"in/a.jpg": {Data: jpg}, "in/b.jpg": {Data: jpg}, "in/c.jpg": {Data: jpg}}
	inputs, _, err := FindFS(context.Background(), fsys, "in", FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	panicsOn := func(name string) Step {
		return Step{Name: "mine", Apply: func(_ context.Context, f *Frame) error {
			if strings.HasSuffix(f.Record.Input, name) {
				var s []int
				_ = s[f.Record.Width] // index out of range
			}
			return nil
		}}
	}
	cases := []struct {
		name  string
		steps []Step
		sink  *panicSink
		step  string // the step of b.jpg's failure
	}{
		{"the caller's step", []Step{panicsOn("b.jpg")}, &panicSink{}, "mine"},
		{"the write step", nil, &panicSink{bad: "b.jpg"}, StepWrite},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.MaxSize, cfg.Workers, cfg.Steps = 32, 2, tc.steps
			rep, err := Run(context.Background(), cfg, slices.Values(inputs), tc.sink, Hooks{})
			if err != nil {
				t.Fatalf("Run: %v, want the run to end normally", err)
			}
			if rep.Written != 2 || rep.Failed != 1 {
				t.Errorf("written %d, failed %d; want 2 and 1", rep.Written, rep.Failed)
			}
			for _, rec := range rep.Records {
				if !strings.HasSuffix(rec.Input, "b.jpg") {
					continue
				}
				var se *StepError
				var pe *PanicError
				var re runtime.Error
				if rec.Status != StatusFailed || !errors.As(rec.Err, &se) || se.Step != tc.step ||
					!errors.As(rec.Err, &pe) || !errors.As(rec.Err, &re) {
					t.Fatalf("b.jpg: status %q, error %v; want failed in %s with a *PanicError around a runtime.Error",
						rec.Status, rec.Err, tc.step)
				}
				if !strings.HasPrefix(rec.Err.Error(), tc.step+": panic: runtime error: ") || len(pe.Stack) == 0 {
					t.Errorf("error %q, stack %d bytes", rec.Err, len(pe.Stack))
				}
			}
		})
	}

	// The same Processor goes on after a panic, with the next image.
	cfg := DefaultConfig()
	cfg.MaxSize, cfg.Steps = 32, []Step{{Name: "once", Apply: func(_ context.Context, f *Frame) error {
		if f.Record.Width == 64 {
			panic("not this one")
		}
		return nil
	}}}
	p, err := NewProcessor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, rec, err := p.Process(context.Background(), jpg); err == nil || err.Error() != "once: panic: not this one" || rec.Status != StatusFailed {
		t.Errorf("Process: %v, status %q; want once: panic: not this one", err, rec.Status)
	}
	if out, _, err := p.Process(context.Background(), photoJPEG(t, 48, 64)); err != nil || len(out) == 0 {
		t.Errorf("Process after a panic: %v", err)
	}
}
