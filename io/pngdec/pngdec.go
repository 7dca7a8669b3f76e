// Package pngdec is augpipe's PNG decoder. It reads a whole file held in
// memory, inflates its image data with github.com/klauspost/compress and,
// row by row, unfilters it and either stores it as image/png would
// (Options.Reduce unset: the same image type and the same pixels), or
// converts it to the 8-bit form augpipe's stages work in and adds it into
// a box-shrink accumulator, so that a shrunk image comes out without the
// full-size one ever being built (shrink-on-load).
//
// It accepts and rejects files as image/png does: the same chunk order
// rules, CRC checks on every chunk, the zlib checksum, too little pixel
// data. Interlaced (Adam7) images are decoded at full size, pass by pass.
package pngdec

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/augpipe/augpipe/io/imgerr"
)

// ErrFormat is returned (wrapped) for data that is not a valid PNG: bad
// signature, chunk order, CRC, zlib data, too little pixel data. It
// matches imgerr.ErrCorrupt.
var ErrFormat = imgerr.Mark(imgerr.ErrCorrupt, errors.New("invalid PNG data"))

// ErrTooLarge is returned (wrapped) when the header declares more pixels
// than Options.MaxPixels. It is imgerr.ErrTooLarge.
var ErrTooLarge = imgerr.ErrTooLarge

// Options say how Decode decodes.
type Options struct {
	// MaxPixels refuses, from the header, an image of more pixels (no
	// limit when <= 0).
	MaxPixels int64
	// Reduce, when set, is called with the image's stored size once the
	// header is read, and returns the factors kx, ky (each >= 1) by which
	// the image is to be shrunk. Decode then returns the image in the
	// 8-bit form augpipe's stages work in (see Decode), each output pixel
	// the rounded mean of a kx x ky block of input pixels; the blocks at
	// the right and bottom edges average the pixels they have, so the
	// result is ceil(w/kx) x ceil(h/ky). Returning 1, 1 gives that form at
	// full size; factors over MaxReduce are taken as MaxReduce. It is not
	// called for interlaced images of fewer than 8 bits a sample and 16-bit
	// images with transparency, which are decoded as without Reduce.
	Reduce func(w, h int) (kx, ky int)
	// Flatten, with Reduce, composites transparent pixels onto white
	// before shrinking, as a JPEG output needs.
	Flatten bool
	// YCbCr, with Reduce and Flatten, returns the shrunk colour image as a
	// 4:2:0 *image.YCbCr instead of RGB (luma as color.RGBToYCbCr computes
	// it, each chroma sample that of the rounded mean colour of the 2 x 2
	// pixels it covers), the form a JPEG output is encoded from: the
	// stages then resample and blur 1.5 samples a pixel instead of 4. Grey
	// images stay *image.Gray.
	YCbCr bool
	// Alloc, when set, makes the *image.YCbCr and *image.Gray images of
	// shrunk decoding, so that the caller can recycle their memory.
	Alloc Allocator
}

// An Allocator makes zeroed images, as image.NewYCbCr and image.NewGray
// do (jpegdec.Allocator and stages.Scratch are ones).
type Allocator interface {
	NewYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr
	NewGray(r image.Rectangle) *image.Gray
}

// A Decoder decodes PNG images, keeping its buffers and its inflater from
// one call to the next. The zero value is ready to use; a Decoder is not
// safe for concurrent use: give each goroutine its own.
type Decoder struct {
	idat    []byte // the concatenated IDAT data, when split over chunks
	inflate inflater
	rows    [2][]byte // the current and previous rows, filter byte first
	conv    []byte    // one row converted to the stages' form
	acc     []uint32  // per-column sums of the rows of one block row
	lanes   []uint64  // the same, eight bytes a word in 16-bit lanes
	out     []byte    // one shrunk row, on its way to YCbCr
	luts    *luts
}

// header is what IHDR, PLTE and tRNS say.
type header struct {
	width, height int
	depth         int
	colorType     int
	interlace     int
	palette       [256]color.Color // the full 256 entries image/png's palette slices
	nPalette      int              // entries in PLTE
	nTRNS         int              // palette entries tRNS sets the alpha of
	trns          bool             // gray or truecolour transparency given
	transparent   [6]byte
}

const (
	ctGray      = 0
	ctTrueColor = 2
	ctPaletted  = 3
	ctGrayAlpha = 4
	ctRGBA      = 6
)

// bitsPerPixel is the size of a pixel in the file's rows.
func (h *header) bitsPerPixel() int {
	switch h.colorType {
	case ctGray, ctPaletted:
		return h.depth
	case ctTrueColor:
		return 3 * h.depth
	case ctGrayAlpha:
		return 2 * h.depth
	}
	return 4 * h.depth
}

// paletteSize is how many entries image/png's palette has before any
// index beyond it is seen: PLTE's, or tRNS's when it gives more.
func (h *header) paletteSize() int {
	return max(h.nPalette, h.nTRNS)
}

// Decode decodes the PNG in data. Without o.Reduce the image is what
// image/png's Decode returns: the same type (*image.Gray, *image.RGBA,
// *image.NRGBA, *image.Paletted, *image.Gray16, *image.RGBA64 or
// *image.NRGBA64) and the same pixels. With o.Reduce it is an
// *image.Gray (grey without transparency, 8 or 16 bits: 16-bit samples keep
// their high byte), or an *image.RGBA holding premultiplied colour (or,
// with o.Flatten, colour composited onto white), which is an *image.NRGBA
// instead when the file is RGBA or grey-alpha, or has a tRNS colour, and
// no pixel is transparent: the image augpipe's stages would make of
// image/png's by flattening (with o.Flatten), converting and box-reducing
// it, byte for byte; or, with o.YCbCr and o.Flatten, colour as a 4:2:0
// *image.YCbCr. Interlaced images of fewer than 8 bits a sample and 16-bit
// images with transparency are returned as without o.Reduce.
//
// Errors wrap ErrFormat for invalid data and ErrTooLarge for an image
// over o.MaxPixels. Decode never returns an image with pixels the data
// does not give.
func (d *Decoder) Decode(data []byte, o Options) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("pngdec: internal error on malformed data: %v: %w", r, ErrFormat)
		}
	}()
	var h header
	z, err := d.chunks(data, &h)
	if err != nil {
		return nil, err
	}
	if o.MaxPixels > 0 && int64(h.width)*int64(h.height) > o.MaxPixels {
		return nil, fmt.Errorf("PNG %dx%d is over the limit of %d pixels: %w", h.width, h.height, o.MaxPixels, ErrTooLarge)
	}
	if int64(h.width)*int64(h.height) > math.MaxInt64/8 {
		return nil, formatError("dimension overflow")
	}
	if o.Reduce != nil && (h.interlace == 0 || h.depth >= 8) && !(h.depth == 16 && (h.trns || h.colorType == ctGrayAlpha || h.colorType == ctRGBA)) {
		kx, ky := o.Reduce(h.width, h.height)
		return d.decodeReduced(z, &h, max(kx, 1), max(ky, 1), o)
	}
	return d.decodeFull(z, &h)
}

// formatError wraps ErrFormat with what is wrong.
func formatError(what string) error {
	return fmt.Errorf("%s: %w", what, ErrFormat)
}
