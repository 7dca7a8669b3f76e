package augment

import (
	"context"
	"sync"
)

// variantWriters store the outputs of a recipe's variants for the
// workers that make them: a worker hands each output over and goes on
// with the next variant while it is written (a write waits on the disk,
// not the CPU), and waits for it before handing over another, so that a
// worker has at most two outputs in memory, however many variants its
// input has. They are the run's Config.Writers goroutines, which the
// writer stage of a recipe run leaves idle.
type variantWriters struct {
	reqs chan *variantWrite
	wg   sync.WaitGroup
}

// variantWrite is one output handed to the writers; done is closed once
// it is stored (rec then says how it went).
type variantWrite struct {
	name string
	data []byte
	rec  *Record
	done chan struct{}
}

// startVariantWriters starts n goroutines storing outputs in sink.
func startVariantWriters(ctx context.Context, sink Sink, n int) *variantWriters {
	w := &variantWriters{reqs: make(chan *variantWrite)}
	for range n {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for r := range w.reqs {
				if timed(r.rec, StepWrite, func() error { return sink.Write(ctx, r.name, r.data) }) == nil {
					r.rec.Status, r.rec.BytesOut = StatusWritten, int64(len(r.data))
				}
				r.data = nil
				close(r.done)
			}
		}()
	}
	return w
}

// write hands data over to be stored as name, rec its record.
func (w *variantWriters) write(name string, data []byte, rec *Record) *variantWrite {
	r := &variantWrite{name: name, data: data, rec: rec, done: make(chan struct{})}
	w.reqs <- r
	return r
}

// stop waits for every output handed over to be stored, and ends the
// goroutines.
func (w *variantWriters) stop() {
	close(w.reqs)
	w.wg.Wait()
}
