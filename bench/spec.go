package main

import (
	"fmt"
	"time"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/pipeline"
)

// Kind names a strategy: how a configuration processes the corpus.
type Kind string

// The strategies the benchmark compares. Every Go strategy calls the tool's
// own code (augment.Processor or augment.RunFolder); none
// copies it.
const (
	// KindDecode decodes every file and does nothing else: the floor that
	// CPU time per image is measured against.
	KindDecode Kind = "decode-only"
	// KindDecodeOwn decodes every file at full size with augpipe's own
	// decoder (io/jpegdec for JPEG, through imgfile.Decoder) and does
	// nothing else: set against KindDecode, the JPEG decoder's speed-up.
	KindDecodeOwn Kind = "decode-only jpegdec"
	// KindSequential is the baseline: an augment.Processor in a loop on
	// one goroutine under GOMAXPROCS(1), as augpipe --baseline runs it.
	KindSequential Kind = "sequential"
	// KindGoroutines starts one goroutine per image, unbounded: the
	// analogue of a process per task.
	KindGoroutines Kind = "goroutine-per-image"
	// KindPool is a bounded pool of goroutines each running its own
	// augment.Processor read-to-write: the analogue of Pool.map.
	KindPool Kind = "pool"
	// KindPipeline is augment.RunFolder: reader, worker and writer stages.
	KindPipeline Kind = "pipeline"
	// KindPillow is the Pillow reference script, sequential (Workers 0) or
	// with a process pool.
	KindPillow Kind = "pillow"
)

// The orders in which the blur and the thumbnail can be applied.
const (
	OrderBlurFirst = augment.OrderBlurFirst
	OrderFitFirst  = augment.OrderFitFirst
)

// Spec is one configuration of the benchmark: what one child process runs.
type Spec struct {
	// Name is the configuration's label in tables, charts and results.json.
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Workers is the number of CPU-bound goroutines or processes; 0 means
	// one per image (goroutine-per-image) or a plain loop (Pillow sequential).
	Workers int `json:"workers"`
	// Readers, Writers and Buffer are the pipeline's other settings
	// (always set for a pipeline, from augment.DefaultConfig when not varied).
	Readers int `json:"readers,omitempty"`
	Writers int `json:"writers,omitempty"`
	Buffer  int `json:"buffer"`
	// Order is the order of blur and thumbnail: for Pillow always set; for
	// augpipe empty means the tool's default.
	Order string `json:"order,omitempty"`
	// Default marks augpipe's default configuration (the headline one).
	Default bool `json:"default,omitempty"`
}

// decodeOnly reports whether the strategy only decodes.
func (k Kind) decodeOnly() bool { return k == KindDecode || k == KindDecodeOwn }

// Parallelism is how many CPU-bound goroutines or processes the
// configuration runs at once, given the number of images: the divisor of
// parallel efficiency (capped at the CPUs available by the caller).
func (s Spec) Parallelism(images int) int {
	switch {
	case s.Kind.decodeOnly() || s.Kind == KindSequential:
		return 1
	case s.Kind == KindGoroutines:
		return max(images, 1)
	case s.Kind == KindPillow && s.Workers == 0:
		return 1
	}
	return max(s.Workers, 1)
}

// Measure is what one run of a configuration measured. The child fills in
// the work it did; the parent adds what the operating system says about the
// child process.
type Measure struct {
	// Wall is the time from having the list of inputs to the last output
	// written, measured inside the child (process start-up excluded).
	Wall time.Duration `json:"wall_ns"`
	// Images counts the files processed successfully; Failed the others.
	Images int `json:"images"`
	Failed int `json:"failed"`
	// Megapixels is the decoded inputs' total size.
	Megapixels float64 `json:"megapixels"`
	// Steps is the time spent in each step, summed over files, in
	// milliseconds (Go strategies only).
	Steps map[string]float64 `json:"steps_ms,omitempty"`
	// Stages is the pipeline's per-stage timing (pipeline only).
	Stages []pipeline.StageStats `json:"stages,omitempty"`

	// ProcessWall is the child process's lifetime as the parent saw it.
	ProcessWall time.Duration `json:"process_wall_ns"`
	// User and Sys are the child's CPU time, with its own children's.
	User time.Duration `json:"user_ns"`
	Sys  time.Duration `json:"sys_ns"`
	// PeakRSSKB is the peak resident set size in KiB: the child's own, or
	// for a Pillow pool the sum of every process's own peak (see
	// RSSNote).
	PeakRSSKB int64 `json:"peak_rss_kb"`
	// RSSNote says how PeakRSSKB was obtained when it is not one process's peak.
	RSSNote string `json:"rss_note,omitempty"`
}

// CPU is the child's user plus system time.
func (m *Measure) CPU() time.Duration { return m.User + m.Sys }

// check reports a run that did no work or lost files.
func (m *Measure) check(want int) error {
	if m.Failed > 0 || m.Images != want {
		return fmt.Errorf("processed %d of %d images (%d failed)", m.Images, want, m.Failed)
	}
	return nil
}
