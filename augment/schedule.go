package augment

import (
	"cmp"
	"context"
	"slices"

	"github.com/augpipe/augpipe/io/imgfile"
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
// The cost of an image is estimated from its header (see imageCost): the
// bytes of its file, the pixels its decode produces under cfg (the box
// decides the JPEG decode scale) and, for a progressive JPEG, the samples
// it stores at full size. File size alone predicts poorly: a small file
// can hold many pixels of smooth sky.
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
			cost[i] = imageCost(in.Size, h, opts)
		}
	}
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cost[b], cost[a]) })
	return order
}

// samplesPerCost is how many of a progressive JPEG's stored samples cost
// as much as one decoded pixel, or one byte of the file.
const samplesPerCost = 10

// imageCost estimates the work of an image of size bytes whose header is
// h, decoded under opts: entropy decoding follows the compressed bytes,
// the inverse DCT and every step after it the decoded pixels, and a
// progressive JPEG's decoder also stores and revisits every coefficient of
// the full-size image between its scans, at whatever scale it decodes.
// The weights are a fit of per-image times on photos and small images
// (docs/performance.md, "Dispatch order"): a byte costs about as much as a
// decoded pixel, a stored sample of a progressive JPEG about a tenth of
// one.
func imageCost(size int64, h imgfile.Header, opts imgfile.DecodeOptions) int64 {
	c := size + h.DecodedPixels(opts)
	if h.Progressive {
		c += h.Samples / samplesPerCost
	}
	return c
}
