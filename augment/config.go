package augment

import (
	"fmt"
	"runtime"
)

// Config is everything a run needs to know. The zero value is not useful:
// start from DefaultConfig.
type Config struct {
	// Input is the folder of images.
	Input string `json:"input"`
	// Output is the folder the augmented images are written to.
	Output string `json:"output"`
	// Recursive descends into sub-folders of Input.
	Recursive bool `json:"recursive"`
	// Hidden includes files and folders whose names begin with a dot.
	Hidden bool `json:"hidden"`
	// SkipExisting leaves alone an output that exists and is newer than its
	// input; by default every output is replaced.
	SkipExisting bool `json:"skip_existing"`

	// Sigma is the Gaussian blur's standard deviation in input pixels; 0 is no blur.
	Sigma float64 `json:"sigma"`
	// Order is the order of the blur and the thumbnail: OrderFitFirst
	// (thumbnail, then blur with sigma scaled to the thumbnail) or
	// OrderBlurFirst (blur at full size, then thumbnail).
	Order string `json:"order"`
	// MaxSize is the side of the square box the thumbnail fits into.
	MaxSize int `json:"max_size"`
	// Quality is the output JPEG quality, 1..100.
	Quality int `json:"quality"`
	// MaxPixels refuses images whose header declares more pixels than this.
	MaxPixels int64 `json:"max_pixels"`

	// Readers, Workers and Writers are each stage's number of goroutines.
	Readers int `json:"readers"`
	Workers int `json:"workers"`
	Writers int `json:"writers"`
	// Buffer is the capacity of each channel between stages.
	Buffer int `json:"buffer"`

	// Baseline runs the same work sequentially first and reports the speedup.
	Baseline bool `json:"baseline"`
}

// The orders of the blur and the thumbnail (Config.Order).
const (
	// OrderFitFirst thumbnails first, then blurs with sigma times the
	// thumbnail's width over the input's: the same look for far less work.
	OrderFitFirst = "fit-first"
	// OrderBlurFirst blurs the full-size image, then thumbnails it: the
	// original order.
	OrderBlurFirst = "blur-first"
)

// DefaultConfig returns the defaults documented in the README: blur sigma
// 15, fit-first order, a 1200 px box, JPEG quality 75 (Pillow's), a
// 200-megapixel limit, one worker per usable CPU, one reader, one writer
// and a buffer of one image per worker.
func DefaultConfig() Config {
	return Config{
		Output:    "augmented",
		Sigma:     15,
		Order:     OrderFitFirst,
		MaxSize:   1200,
		Quality:   75,
		MaxPixels: 200_000_000,
		Readers:   1,
		Workers:   runtime.GOMAXPROCS(0),
		Writers:   1,
		Buffer:    runtime.GOMAXPROCS(0),
	}
}

// Validate reports the first setting that is out of range, as a usage error.
func (c Config) Validate() error {
	switch {
	case c.Input == "":
		return usageErrorf("no input folder given")
	case c.Output == "":
		return usageErrorf("--out must not be empty")
	case c.Sigma < 0:
		return usageErrorf("--blur %g: must be 0 (off) or more", c.Sigma)
	case c.Order != OrderFitFirst && c.Order != OrderBlurFirst:
		return usageErrorf("--order %q: must be %s or %s", c.Order, OrderFitFirst, OrderBlurFirst)
	case c.MaxSize < 1:
		return usageErrorf("--max-size %d: must be at least 1", c.MaxSize)
	case c.Quality < 1 || c.Quality > 100:
		return usageErrorf("--quality %d: must be from 1 to 100", c.Quality)
	case c.MaxPixels < 1:
		return usageErrorf("--max-pixels %d: must be at least 1", c.MaxPixels)
	case c.Readers < 1 || c.Workers < 1 || c.Writers < 1:
		return usageErrorf("--readers, --workers and --writers must each be at least 1")
	case c.Buffer < 0:
		return usageErrorf("--buffer %d: must be 0 or more", c.Buffer)
	}
	return nil
}

// UsageError is an error in how augpipe was called, or an input or output
// folder that cannot be used: the run stops before any work (exit status 2).
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &UsageError{msg: fmt.Sprintf(format, args...)}
}
