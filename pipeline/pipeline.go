package pipeline

import (
	"context"
	"iter"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// A Pipeline is a set of connected stages sharing one context. Create it with
// New, add a source and stages, drain the last stage's channel, then call Wait.
type Pipeline struct {
	ctx    context.Context
	group  *errgroup.Group
	mu     sync.Mutex
	stages []*stageTimer
}

// New returns an empty pipeline whose stages run under ctx. The returned
// context is cancelled when any stage fails or when Wait returns; stage
// functions receive it.
func New(ctx context.Context) (*Pipeline, context.Context) {
	g, gctx := errgroup.WithContext(ctx)
	return &Pipeline{ctx: gctx, group: g}, gctx
}

// Wait blocks until every goroutine of the pipeline has returned and reports
// the first fatal error, or the context's error if the pipeline was cancelled
// before its source was exhausted.
func (p *Pipeline) Wait() error {
	return p.group.Wait()
}

// Stats returns the timing of every stage, in the order they were added.
// Call it after Wait.
func (p *Pipeline) Stats() []StageStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]StageStats, len(p.stages))
	for i, s := range p.stages {
		out[i] = s.snapshot()
	}
	return out
}

func (p *Pipeline) addStage(name string, workers int) *stageTimer {
	t := &stageTimer{stats: StageStats{Name: name, Workers: workers}}
	p.mu.Lock()
	p.stages = append(p.stages, t)
	p.mu.Unlock()
	return t
}

// From starts a source that sends items, in order, on a channel of capacity
// buffer, and closes it after the last one or when the pipeline is cancelled.
func From[T any](p *Pipeline, buffer int, items []T) <-chan T {
	return FromSeq(p, buffer, slices.Values(items))
}

// FromSeq is From for a sequence: items are taken from seq one at a time,
// on the source's goroutine, as the first stage has room for them, and
// taking stops when the pipeline is cancelled.
func FromSeq[T any](p *Pipeline, buffer int, seq iter.Seq[T]) <-chan T {
	out := make(chan T, max(buffer, 0))
	p.group.Go(func() error {
		defer close(out)
		for it := range seq {
			select {
			case out <- it:
			case <-p.ctx.Done():
				return p.ctx.Err()
			}
		}
		return nil
	})
	return out
}

// Stage adds a stage of workers goroutines that each take items from in,
// apply fn and send its result on the returned channel of capacity buffer.
// The channel is closed once every worker has returned. A non-nil error from
// fn is fatal: it cancels the whole pipeline and is what Wait returns.
// Results come out in no particular order.
func Stage[In, Out any](p *Pipeline, name string, workers, buffer int, in <-chan In, fn func(context.Context, In) (Out, error)) <-chan Out {
	return StageWith(p, name, workers, buffer, in, func() func(context.Context, In) (Out, error) { return fn })
}

// StageWith is Stage for workers that keep state of their own, such as
// scratch buffers: newWorker is called once per worker, on that worker's
// goroutine, and the function it returns handles all of that worker's
// items, never two at once.
func StageWith[In, Out any](p *Pipeline, name string, workers, buffer int, in <-chan In, newWorker func() func(context.Context, In) (Out, error)) <-chan Out {
	workers = max(workers, 1)
	out := make(chan Out, max(buffer, 0))
	timer := p.addStage(name, workers)
	var wg sync.WaitGroup
	wg.Add(workers)
	for range workers {
		p.group.Go(func() error {
			defer wg.Done()
			return runWorker(p.ctx, timer, in, out, newWorker())
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func runWorker[In, Out any](ctx context.Context, timer *stageTimer, in <-chan In, out chan<- Out, fn func(context.Context, In) (Out, error)) error {
	var w workerTimes
	defer func() { timer.add(w) }()
	for {
		t0 := time.Now()
		var item In
		var ok bool
		select {
		case item, ok = <-in:
		case <-ctx.Done():
			w.waitIn += time.Since(t0)
			return ctx.Err()
		}
		t1 := time.Now()
		w.waitIn += t1.Sub(t0)
		if !ok {
			return nil
		}
		res, err := fn(ctx, item)
		t2 := time.Now()
		w.busy += t2.Sub(t1)
		w.items++
		if err != nil {
			return err
		}
		select {
		case out <- res:
		case <-ctx.Done():
			w.waitOut += time.Since(t2)
			return ctx.Err()
		}
		w.waitOut += time.Since(t2)
	}
}
