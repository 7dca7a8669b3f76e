package pngdec

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zlib"
)

// inflater is a zlib reader kept from one image to the next.
type inflater struct {
	src bytes.Reader
	zr  io.ReadCloser
}

// reset points the inflater at the zlib stream z.
func (f *inflater) reset(z []byte) error {
	f.src.Reset(z)
	if f.zr == nil {
		zr, err := zlib.NewReader(&f.src)
		if err != nil {
			return err
		}
		f.zr = zr
		return nil
	}
	return f.zr.(zlib.Resetter).Reset(&f.src, nil)
}

// dataError describes a failure to read the zlib stream.
func dataError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("not enough pixel data: %w (%w)", ErrFormat, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("image data: %v: %w", err, ErrFormat)
}

// readRows inflates z and calls row with each of h's rows, unfiltered,
// top to bottom (cdat is the row's bytes, without the filter byte, valid
// until the next call; 8 bytes follow it within its capacity). It
// then checks that the stream ends there, with a valid checksum.
func (d *Decoder) readRows(z []byte, h *header, row func(y int, cdat []byte)) error {
	if err := d.inflate.reset(z); err != nil {
		return dataError(err)
	}
	if err := d.readPass(h, row); err != nil {
		return err
	}
	return d.endOfData()
}

// readPass reads h.height rows of h.width pixels from the inflater: the
// whole image, or one Adam7 pass (h then has the pass's size).
func (d *Decoder) readPass(h *header, row func(y int, cdat []byte)) error {
	bpp := (h.bitsPerPixel() + 7) / 8
	rowSize := 1 + (h.bitsPerPixel()*h.width+7)/8
	// Each row is followed by 8 bytes, which unfiltering never touches,
	// so that it can be read eight bytes at a time to its end: row's cdat
	// has them in its capacity.
	cr, pr := grow(&d.rows[0], rowSize+8), grow(&d.rows[1], rowSize+8)
	clear(pr)
	clear(cr[rowSize:])
	cr, pr = cr[:rowSize], pr[:rowSize]
	zr := d.inflate.zr
	for y := 0; y < h.height; y++ {
		if _, err := io.ReadFull(zr, cr); err != nil {
			return dataError(err)
		}
		cdat, pdat := cr[1:], pr[1:]
		switch cr[0] {
		case 0:
		case 1:
			unfilterSub(cdat, bpp)
		case 2:
			unfilterUp(cdat, pdat)
		case 3:
			unfilterAverage(cdat, pdat, bpp)
		case 4:
			unfilterPaeth(cdat, pdat, bpp)
		default:
			return formatError("bad filter type")
		}
		row(y, cdat)
		cr, pr = pr, cr
	}
	return nil
}

// endOfData checks that the zlib stream ends after the image's rows:
// reading on verifies its checksum.
func (d *Decoder) endOfData() error {
	var one [1]byte
	n, err := 0, error(nil)
	for i := 0; n == 0 && err == nil; i++ {
		if i == 100 {
			return dataError(io.ErrNoProgress)
		}
		n, err = d.inflate.zr.Read(one[:])
	}
	if err != nil && err != io.EOF {
		return dataError(err)
	}
	if n != 0 {
		return formatError("too much pixel data")
	}
	return nil
}

// grow returns (*buf)[:n], reallocating when it is too short.
func grow[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}
