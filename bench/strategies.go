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
	cfg := augment.FolderJob{Inputs: []string{corpus}, Output: out, Config: augment.DefaultConfig()}
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
		return perFile(ctx, cfg.Config, inputs, out, 1)
	case KindGoroutines:
		return goroutinePerImage(ctx, cfg.Config, inputs, out)
	case KindPool:
		return perFile(ctx, cfg.Config, inputs, out, max(spec.Workers, 1))
	}
	return nil, fmt.Errorf("unknown strategy %q", spec.Kind)
}

// goroutinePerImage starts one goroutine per input, all at once, each
// running an augment.Processor of its own read to write.
func goroutinePerImage(ctx context.Context, cfg augment.Config, inputs []imgfile.Input, out string) (*Measure, error) {
	recs := make([]*augment.Record, len(inputs))
	names := augment.OutputNames(inputs)
	sink := augment.DirSink{Dir: out}
	start := time.Now()
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Go(func() {
			p, err := augment.NewProcessor(cfg)
			if err != nil {
				recs[i] = &augment.Record{Input: in.Path, Status: augment.StatusFailed, Err: err}
				return
			}
			recs[i] = p.ProcessTo(ctx, in, sink, names[i])
		})
	}
	wg.Wait()
	m := measureRecords(recs)
	m.Wall = time.Since(start)
	return m, ctx.Err()
}

// perFile runs every input, read to write, on goroutines goroutines taking
// inputs from a shared queue, each with its own augment.Processor (its
// memory kept from file to file, as a pipeline worker keeps it).
func perFile(ctx context.Context, cfg augment.Config, inputs []imgfile.Input, out string, goroutines int) (*Measure, error) {
	recs := make([]*augment.Record, len(inputs))
	names := augment.OutputNames(inputs)
	sink := augment.DirSink{Dir: out}
	if _, err := augment.NewProcessor(cfg); err != nil {
		return nil, err
	}
	start := time.Now()
	if goroutines == 1 {
		p, _ := augment.NewProcessor(cfg)
		for i, in := range inputs {
			recs[i] = p.ProcessTo(ctx, in, sink, names[i])
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
				p, _ := augment.NewProcessor(cfg)
				for i := range next {
					recs[i] = p.ProcessTo(ctx, inputs[i], sink, names[i])
				}
			})
		}
		wg.Wait()
	}
	m := measureRecords(recs)
	m.Wall = time.Since(start)
	return m, ctx.Err()
}

// runPipeline runs augpipe's own pipeline, augment.RunFolder, as the
// command does.
func runPipeline(ctx context.Context, cfg augment.FolderJob, spec Spec) (*Measure, error) {
	cfg.Workers, cfg.Readers, cfg.Writers, cfg.Buffer = spec.Workers, spec.Readers, spec.Writers, spec.Buffer
	rep, err := augment.RunFolder(ctx, cfg, augment.Hooks{})
	if err != nil {
		return nil, fmt.Errorf("augment.RunFolder: %w", err)
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
func measureRecords(recs []*augment.Record) *Measure {
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
		for _, s := range r.Steps {
			if s.Time > 0 {
				m.Steps[s.Step] += ms(s.Time)
			}
		}
	}
	return m
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
