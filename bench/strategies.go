package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// runStrategy runs one Go configuration in this process on the images in
// corpus, writing outputs under out, and returns what it measured. It is
// what the hidden --worker-mode runs in a child process.
func runStrategy(ctx context.Context, spec Spec, corpus, out string) (*Measure, error) {
	cfg := augment.DefaultConfig()
	cfg.Input, cfg.Output = corpus, out
	if spec.Order != "" {
		cfg.Order = spec.Order
		if err := cfg.Validate(); err != nil {
			return nil, fmt.Errorf("order %s: %w", spec.Order, err)
		}
	}
	if spec.Kind == KindPipeline {
		return runPipeline(ctx, cfg, spec)
	}
	inputs, _, err := imgfile.Find(ctx, corpus, imgfile.FindOptions{})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", corpus, err)
	}
	switch spec.Kind {
	case KindDecode:
		runtime.GOMAXPROCS(1)
		return decodeOnly(ctx, inputs, func(data []byte) (image.Image, error) {
			img, _, err := image.Decode(bytes.NewReader(data))
			return img, err
		})
	case KindDecodeOwn:
		runtime.GOMAXPROCS(1)
		var dec imgfile.Decoder
		return decodeOnly(ctx, inputs, func(data []byte) (image.Image, error) {
			d, err := dec.Decode(data, imgfile.DecodeOptions{})
			return d.Image, err
		})
	case KindSequential:
		// The same work as augpipe --baseline: one goroutine, one image at
		// a time, under GOMAXPROCS(1) so that nothing runs in parallel.
		runtime.GOMAXPROCS(1)
		return perFile(ctx, &cfg, inputs, out, 1)
	case KindGoroutines:
		return goroutinePerImage(ctx, &cfg, inputs, out)
	case KindPool:
		return perFile(ctx, &cfg, inputs, out, max(spec.Workers, 1))
	}
	return nil, fmt.Errorf("unknown strategy %q", spec.Kind)
}

// goroutinePerImage starts one goroutine per input, all at once, each
// running augment.ProcessFile read to write, with memory of its own.
func goroutinePerImage(ctx context.Context, cfg *augment.Config, inputs []imgfile.Input, out string) (*Measure, error) {
	recs := make([]*augment.FileRecord, len(inputs))
	outs := augment.OutputPaths(out, inputs)
	start := time.Now()
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Go(func() { recs[i] = augment.ProcessFile(ctx, cfg, in, outs[i]) })
	}
	wg.Wait()
	m := measureRecords(recs)
	m.Wall = time.Since(start)
	return m, ctx.Err()
}

// perFile runs every input, read to write, on goroutines goroutines taking
// inputs from a shared queue, each with its own augment.Processor (its
// memory kept from file to file, as a pipeline worker keeps it).
func perFile(ctx context.Context, cfg *augment.Config, inputs []imgfile.Input, out string, goroutines int) (*Measure, error) {
	recs := make([]*augment.FileRecord, len(inputs))
	outs := augment.OutputPaths(out, inputs)
	start := time.Now()
	if goroutines == 1 {
		var p augment.Processor
		for i, in := range inputs {
			recs[i] = p.Process(ctx, cfg, in, outs[i])
		}
	} else {
		next := make(chan int, len(inputs))
		for i := range inputs {
			next <- i
		}
		close(next)
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				var p augment.Processor
				for i := range next {
					recs[i] = p.Process(ctx, cfg, inputs[i], outs[i])
				}
			})
		}
		wg.Wait()
	}
	m := measureRecords(recs)
	m.Wall = time.Since(start)
	return m, ctx.Err()
}

// runPipeline runs augpipe's own pipeline, augment.Run.
func runPipeline(ctx context.Context, cfg augment.Config, spec Spec) (*Measure, error) {
	cfg.Workers, cfg.Readers, cfg.Writers, cfg.Buffer = spec.Workers, spec.Readers, spec.Writers, spec.Buffer
	rep, err := augment.Run(ctx, cfg, augment.Hooks{})
	if err != nil {
		return nil, fmt.Errorf("augment.Run: %w", err)
	}
	m := measureRecords(rep.Records)
	m.Wall = rep.Wall
	for _, s := range rep.Stages {
		m.Stages = append(m.Stages, s.StageStats)
	}
	return m, nil
}

// decodeOnly reads and decodes every input and does nothing else. JPEGs go
// to image/jpeg through image.Decode (imgfile registers the other formats).
func decodeOnly(ctx context.Context, inputs []imgfile.Input, decode func([]byte) (image.Image, error)) (*Measure, error) {
	m := &Measure{Steps: map[string]float64{}}
	start := time.Now()
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := os.ReadFile(in.Path)
		if err != nil {
			m.Failed++
			continue
		}
		t0 := time.Now()
		img, err := decode(data)
		m.Steps["decode"] += ms(time.Since(t0))
		if err != nil {
			m.Failed++
			continue
		}
		b := img.Bounds()
		m.Images++
		m.Megapixels += float64(b.Dx()) * float64(b.Dy()) / 1e6
	}
	m.Wall = time.Since(start)
	return m, nil
}

// measureRecords sums the per-file records of a Go strategy.
func measureRecords(recs []*augment.FileRecord) *Measure {
	m := &Measure{Steps: map[string]float64{}}
	for _, r := range recs {
		if r == nil {
			continue
		}
		switch r.Status {
		case augment.StatusWritten:
			m.Images++
		default:
			m.Failed++
		}
		m.Megapixels += r.Megapixels()
		for _, s := range augment.Steps() {
			if d := r.Steps[s]; d > 0 {
				m.Steps[s.String()] += ms(d)
			}
		}
	}
	return m
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
