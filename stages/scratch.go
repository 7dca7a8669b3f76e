package stages

// Scratch holds the working memory of Blur, Resize and Thumbnail: a
// temporary plane, row buffers, accumulators and filter coefficients. Once
// its buffers have grown to the largest image seen, those functions
// allocate nothing but the image they return.
//
// The zero value is ready to use, and a nil *Scratch is allowed (the call
// then allocates its own). A Scratch must not be used by two goroutines at
// once: give each worker its own. Buffers are always written before they
// are read, so results never depend on what a Scratch held before.
type Scratch struct {
	plane  []uint8  // a whole plane: the blur's intermediate, the resize's horizontal pass
	reduce []uint8  // the resize's box-reduced plane
	rows   []uint8  // row buffers of the horizontal blur
	acc    []uint32 // per-column accumulators
	swar   []uint64 // per-column accumulators, four 16-bit lanes a word
	iacc   []int32  // per-column signed accumulators (resampling)
	coefX  []int32  // horizontal filter coefficients
	coefY  []int32  // vertical filter coefficients
	boundX []int32  // first source index and count per output column
	boundY []int32  // first source index and count per output row
	fcoef  []float64
}

func grow[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}
