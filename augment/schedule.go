package augment

import (
	"cmp"
	"context"
	"slices"
)

// headersPerWorker bounds the runs whose file headers CostliestFirst reads:
// up to this many files per worker.
const headersPerWorker = 32

// CostliestFirst returns the inputs in the order a run should hand them
// to its workers: the costliest first, ties in the order given. RunFolder
// uses it; a caller of Run over a list does well to.
//
// With a pool of workers the run ends when its last image does. Taken in
// the order found, a folder can end with one worker busy on a big photo
// while the others have nothing left to do; taken costliest first, the
// last images are cheap ones and the workers finish close together (the
// longest-processing-time-first rule of list scheduling).
//
// The cost of an image is estimated as its size in bytes plus the pixels
// its decode produces under cfg (the box decides the JPEG decode scale):
// entropy decoding follows the compressed bytes, everything after it the
// pixels, and on photos one byte and one decoded pixel cost about the
// same. File size alone predicts poorly: a small file can hold many pixels
// of smooth sky.
//
// Reading the headers costs one small read per input before the run
// starts. It pays only while the end of the run is a visible share of it:
// for runs of more than headersPerWorker inputs per worker, where the idle
// time at the end is a percent or less, the inputs are ordered by size
// alone. Cancelling ctx stops the header reads.
func CostliestFirst(ctx context.Context, cfg Config, inputs []Input) []Input {
	out := make([]Input, len(inputs))
	for i, j := range costOrder(ctx, cfg, inputs) {
		out[i] = inputs[j]
	}
	return out
}

// costOrder returns the indices of inputs in CostliestFirst's order.
func costOrder(ctx context.Context, cfg Config, inputs []Input) []int {
	cost := make([]int64, len(inputs))
	readHeaders := len(inputs) <= headersPerWorker*max(cfg.Workers, 1)
	opts := decodeOptions(cfg)
	for i, in := range inputs {
		cost[i] = in.Size
		if !readHeaders || ctx.Err() != nil {
			continue
		}
		// An input whose header cannot be read fails quickly later, and
		// says why then; its size is estimate enough.
		if h, err := in.ReadHeader(); err == nil {
			cost[i] += h.DecodedPixels(opts)
		}
	}
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost[b], cost[a]) })
	return order
}
