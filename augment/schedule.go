package augment

import (
	"cmp"
	"context"
	"slices"

	"github.com/augpipe/augpipe/io/imgfile"
)

// headersPerWorker bounds the runs whose file headers dispatchOrder reads:
// up to this many files per worker.
const headersPerWorker = 32

// dispatchOrder returns the tasks in the order the pipeline hands them to
// its workers: the costliest first, ties in the order found.
//
// With a pool of workers the run ends when its last image does. Taken in
// the order found, a folder can end with one worker busy on a big photo
// while the others have nothing left to do; taken costliest first, the
// last images are cheap ones and the workers finish close together (the
// longest-processing-time-first rule of list scheduling).
//
// The cost of an image is estimated as its file's size in bytes plus the
// pixels its decode produces (cfg's box decides the JPEG decode scale):
// entropy decoding follows the compressed bytes, everything after it the
// pixels, and on the corpus photos one byte and one decoded pixel cost
// about the same (38 and 31 ms per million). File size alone predicts
// poorly: a small file can hold many pixels of smooth sky.
//
// Reading the headers costs one small read per file before the run starts.
// It pays only while the end of the run is a visible share of it: for runs
// of more than headersPerWorker files per worker, where the idle time at
// the end is a percent or less, the tasks are ordered by file size alone,
// which Find already knows.
func dispatchOrder(ctx context.Context, cfg *Config, tasks []*task) []*task {
	cost := make(map[*task]int64, len(tasks))
	readHeaders := len(tasks) <= headersPerWorker*max(cfg.Workers, 1)
	opts := imgfile.DecodeOptions{}
	if cfg.Order == OrderFitFirst {
		opts.Box = cfg.MaxSize
	}
	for _, t := range tasks {
		cost[t] = t.in.Size
		if !readHeaders || ctx.Err() != nil {
			continue
		}
		// A file whose header cannot be read fails quickly later, and
		// says why then; its size is estimate enough.
		if h, err := imgfile.ReadHeader(t.in.Path); err == nil {
			cost[t] += h.DecodedPixels(opts)
		}
	}
	out := slices.Clone(tasks)
	slices.SortStableFunc(out, func(a, b *task) int { return cmp.Compare(cost[b], cost[a]) })
	return out
}
