package stages

import (
	"image"

	"github.com/augpipe/augpipe/internal/zero"
)

// Scratch holds the working memory of Blur, Resize and ResizeOriented: a
// temporary plane, row buffers, accumulators and filter coefficients (and
// Hue's colour table, made once). Once
// its buffers have grown to the largest image seen, those functions
// allocate nothing but the image they return, and after Reuse not even its
// pixels.
//
// The zero value is ready to use, and a nil *Scratch is allowed (the call
// then allocates its own). A Scratch must not be used by two goroutines at
// once: give each worker its own. Buffers are always written before they
// are read, so results never depend on what a Scratch held before.
type Scratch struct {
	plane  []uint8  // a whole plane: the blur's intermediate, the resize's horizontal pass
	reduce []uint8  // the resize's box-reduced plane
	rows   []uint8  // row buffers of the horizontal blur
	trans  []uint8  // transposed bands of rows (horizontal passes run as vertical ones)
	trans2 []uint8  // the resize's second transposed band
	acc    []uint32 // per-column accumulators
	swar   []uint64 // per-column accumulators, four 16-bit lanes a word
	iacc   []int32  // per-column signed accumulators (resampling)
	coefX  []int32  // horizontal filter coefficients
	coefY  []int32  // vertical filter coefficients
	boundX []int32  // first source index and count per output column
	boundY []int32  // first source index and count per output row
	fcoef  []float64
	hsv    *hsvTable // Pillow's rgb2hsv tabulated, made at Hue's first call

	// images holds the pixel memory of the images made since the last
	// Reuse, in the order they were made; nImages counts them. Unused
	// until the first Reuse.
	images  [][]byte
	nImages int
	reusing bool
}

// Reuse declares every image made with s so far no longer in use: the
// results of Blur, Resize and ResizeOriented, and the images of
// NewYCbCr and NewGray (a decoder given s as its allocator). Later calls
// write their results into that memory. Call it when a photo is done, before
// the next: a worker then allocates no new image memory once it has seen
// its largest photo, which spares the kernel a page fault per 4 KiB of
// every new image and the garbage collector the old ones. Until Reuse is
// first called, every result is newly allocated.
func (s *Scratch) Reuse() {
	s.reusing = true
	s.nImages = 0
}

// pixels returns n zeroed bytes for an image: memory of an image made
// before the last Reuse when there is one, else new memory.
func (s *Scratch) pixels(n int) []byte {
	if s == nil || !s.reusing {
		return make([]byte, n)
	}
	if s.nImages == len(s.images) {
		s.images = append(s.images, nil)
	}
	b := grow(&s.images[s.nImages], n)
	s.nImages++
	zero.Clear(b)
	return b
}

// NewYCbCr returns a zeroed image as image.NewYCbCr does, in memory that
// Reuse recycles. With s, it makes a jpegdec.Allocator.
func (s *Scratch) NewYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	if s == nil || !s.reusing {
		return image.NewYCbCr(r, ratio)
	}
	hs, vs := subsampling(ratio)
	w, h := r.Dx(), r.Dy()
	cw := (r.Max.X+hs-1)/hs - r.Min.X/hs
	ch := (r.Max.Y+vs-1)/vs - r.Min.Y/vs
	b := s.pixels(w*h + 2*cw*ch)
	i0, i1, i2 := w*h, w*h+cw*ch, w*h+2*cw*ch
	return &image.YCbCr{
		Y: b[:i0:i0], Cb: b[i0:i1:i1], Cr: b[i1:i2:i2],
		SubsampleRatio: ratio, YStride: w, CStride: cw, Rect: r,
	}
}

// NewGray returns a zeroed image as image.NewGray does, in memory that
// Reuse recycles.
func (s *Scratch) NewGray(r image.Rectangle) *image.Gray {
	if s == nil || !s.reusing {
		return image.NewGray(r)
	}
	return &image.Gray{Pix: s.pixels(r.Dx() * r.Dy()), Stride: r.Dx(), Rect: r}
}

func grow[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}
