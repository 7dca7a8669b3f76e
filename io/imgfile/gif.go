package imgfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"

	"github.com/augpipe/augpipe/io/imgerr"
)

// A GIF's first frame is read as Pillow reads it, which is also how a
// browser shows a GIF that does not move:
//   - the frame is placed on its canvas at its offset; the canvas grows to
//     hold a frame that reaches past it;
//   - the rest of the canvas holds the frame's transparent index when it
//     has one (transparent, so white once flattened), else index 0;
//   - a file with no colour table at all is read with a grey ramp
//     (index i is grey level i);
//   - LZW code sizes up to 12 bits are read, each code keeping its low 8
//     bits as the index (a code size of 11 is outside the spec, which
//     stops at 8, but encoders write it);
//   - indices past the end of a short colour table are black.

// gifHeader is what a GIF says before its first frame's pixel data.
type gifHeader struct {
	canvas    image.Rectangle // the canvas, grown to hold the frame
	frame     image.Rectangle // the first frame, on the canvas
	palette   color.Palette   // the frame's colours, 256 of them
	trans     int             // the transparent index, -1 when none
	interlace bool
	litWidth  int // the LZW minimum code size
}

// errGIFNoFrame reports a GIF that ends before its first frame.
var errGIFNoFrame = errors.New("GIF ends before its first frame")

// readGIFHeader reads a GIF up to the start of its first frame's LZW data,
// and leaves r there.
func readGIFHeader(r *bufio.Reader) (gifHeader, error) {
	var h gifHeader
	var hdr [13]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return h, fmt.Errorf("GIF header: %w", err)
	}
	if string(hdr[:3]) != "GIF" {
		return h, errors.New("not a GIF")
	}
	w, ht := int(hdr[6])|int(hdr[7])<<8, int(hdr[8])|int(hdr[9])<<8
	h.canvas = image.Rect(0, 0, w, ht)
	var global color.Palette
	if hdr[10]&0x80 != 0 {
		p, err := readGIFPalette(r, hdr[10])
		if err != nil {
			return h, err
		}
		global = p
	}
	h.trans = -1
	for {
		c, err := r.ReadByte()
		if err != nil {
			return h, fmt.Errorf("%w: %w", errGIFNoFrame, io.ErrUnexpectedEOF)
		}
		switch c {
		case '!': // extension
			label, err := r.ReadByte()
			if err != nil {
				return h, fmt.Errorf("GIF extension: %w", io.ErrUnexpectedEOF)
			}
			first, err := readGIFSubBlocks(r, label == 0xF9)
			if err != nil {
				return h, err
			}
			if label == 0xF9 && len(first) >= 4 { // graphic control
				h.trans = -1
				if first[0]&1 != 0 {
					h.trans = int(first[3])
				}
			}
		case ',': // image descriptor
			var d [9]byte
			if _, err := io.ReadFull(r, d[:]); err != nil {
				return h, fmt.Errorf("GIF image descriptor: %w", io.ErrUnexpectedEOF)
			}
			x0, y0 := int(d[0])|int(d[1])<<8, int(d[2])|int(d[3])<<8
			fw, fh := int(d[4])|int(d[5])<<8, int(d[6])|int(d[7])<<8
			h.frame = image.Rect(x0, y0, x0+fw, y0+fh)
			h.canvas.Max = image.Pt(max(h.canvas.Max.X, h.frame.Max.X), max(h.canvas.Max.Y, h.frame.Max.Y))
			h.interlace = d[8]&0x40 != 0
			pal := global
			if d[8]&0x80 != 0 {
				p, err := readGIFPalette(r, d[8])
				if err != nil {
					return h, err
				}
				pal = p
			}
			if pal == nil {
				pal = make(color.Palette, 256)
				for i := range pal {
					pal[i] = color.Gray{Y: uint8(i)}
				}
			}
			full := make(color.Palette, 256)
			for i := range full {
				full[i] = color.Black
			}
			copy(full, pal)
			if h.trans >= 0 {
				full[h.trans] = color.NRGBA{}
			}
			h.palette = full
			lw, err := r.ReadByte()
			if err != nil {
				return h, fmt.Errorf("GIF image data: %w", io.ErrUnexpectedEOF)
			}
			if lw > 12 {
				return h, fmt.Errorf("LZW code size of %d, past the 12 bits of any LZW code", lw)
			}
			h.litWidth = int(lw)
			return h, nil
		case ';':
			return h, errGIFNoFrame
		default:
			return h, fmt.Errorf("GIF: unknown block 0x%02x before the first frame", c)
		}
	}
}

// readGIFPalette reads the colour table that flags announce.
func readGIFPalette(r *bufio.Reader, flags byte) (color.Palette, error) {
	n := 2 << (flags & 7)
	var buf [3 * 256]byte
	if _, err := io.ReadFull(r, buf[:3*n]); err != nil {
		return nil, fmt.Errorf("GIF colour table: %w", io.ErrUnexpectedEOF)
	}
	p := make(color.Palette, n)
	for i := range p {
		p[i] = color.RGBA{buf[3*i], buf[3*i+1], buf[3*i+2], 0xFF}
	}
	return p, nil
}

// readGIFSubBlocks skips a run of data sub-blocks up to its terminator,
// returning the first block when keep is set.
func readGIFSubBlocks(r *bufio.Reader, keep bool) ([]byte, error) {
	var first []byte
	for i := 0; ; i++ {
		n, err := r.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("GIF extension: %w", io.ErrUnexpectedEOF)
		}
		if n == 0 {
			return first, nil
		}
		if keep && i == 0 {
			first = make([]byte, n)
			if _, err := io.ReadFull(r, first); err != nil {
				return nil, fmt.Errorf("GIF extension: %w", io.ErrUnexpectedEOF)
			}
			continue
		}
		if _, err := r.Discard(int(n)); err != nil {
			return nil, fmt.Errorf("GIF extension: %w", io.ErrUnexpectedEOF)
		}
	}
}

// gifConfig reads a GIF's canvas size as decodeGIF makes it.
func gifConfig(r io.Reader) (image.Config, error) {
	h, err := readGIFHeader(bufio.NewReader(r))
	if err != nil {
		return image.Config{}, err
	}
	return image.Config{ColorModel: h.palette, Width: h.canvas.Dx(), Height: h.canvas.Dy()}, nil
}

// decodeGIF decodes a GIF's first frame onto its canvas (see the rules
// above). On damaged or truncated pixel data it returns the error and,
// when at least one row was decoded, the image with the rows it could not
// decode filled by repeating the last decoded row.
func decodeGIF(data []byte, maxPixels int64) (img *image.Paletted, err error) {
	r := bufio.NewReader(bytes.NewReader(data))
	h, err := readGIFHeader(r)
	if err != nil {
		return nil, err
	}
	if err := checkPixels(h.canvas.Dx(), h.canvas.Dy(), maxPixels); err != nil {
		return nil, err
	}
	m := image.NewPaletted(image.Rect(0, 0, h.canvas.Dx(), h.canvas.Dy()), h.palette)
	if h.trans > 0 {
		for i := range m.Pix {
			m.Pix[i] = uint8(h.trans)
		}
	}
	fw, fh := h.frame.Dx(), h.frame.Dy()
	if fw == 0 || fh == 0 {
		return m, nil
	}
	rows := gifRowOrder(fh, h.interlace)
	row := make([]byte, fw)
	lz := newGIFLZW(r, h.litWidth)
	done := make([]bool, fh) // rows written
	for _, y := range rows {
		if err = lz.read(row); err != nil {
			break
		}
		copy(m.Pix[(h.frame.Min.Y+y)*m.Stride+h.frame.Min.X:], row)
		done[y] = true
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("truncated GIF data: %w", err)
		} else {
			err = fmt.Errorf("corrupt GIF data: %w", err)
		}
		err = imgerr.Mark(imgerr.ErrCorrupt, err)
		if !fillMissingRows(m.Pix[h.frame.Min.Y*m.Stride+h.frame.Min.X:], m.Stride, fw, done) {
			return nil, err
		}
		return m, err
	}
	return m, nil
}

// gifRowOrder is the order in which a frame of h rows stores them.
func gifRowOrder(h int, interlace bool) []int {
	order := make([]int, 0, h)
	if !interlace {
		for y := range h {
			order = append(order, y)
		}
		return order
	}
	for _, p := range [4][2]int{{0, 8}, {4, 8}, {2, 4}, {1, 2}} {
		for y := p[0]; y < h; y += p[1] {
			order = append(order, y)
		}
	}
	return order
}

// fillMissingRows copies, into each row of pix (n bytes at stride) not
// marked done, the nearest done row above it (or below it, for rows above
// the first done one), as libjpeg fills what it could not decode. It
// reports false, and fills nothing, when no row is done.
func fillMissingRows(pix []byte, stride, n int, done []bool) bool {
	last := -1
	for y, ok := range done {
		if ok {
			last = y
			break
		}
	}
	if last < 0 {
		return false
	}
	for y, ok := range done {
		if ok {
			last = y
			continue
		}
		copy(pix[y*stride:y*stride+n], pix[last*stride:last*stride+n])
	}
	return true
}

// gifLZW decodes a GIF's LZW data from its sub-blocks, as Pillow does:
// codes of up to 12 bits, each table entry keeping the low 8 bits of its
// byte.
type gifLZW struct {
	r        *bufio.Reader
	block    int // bytes left in the current sub-block
	ended    bool
	bits     uint32
	nbits    uint
	litWidth int
	clear    int
	end      int
	next     int
	size     uint // current code size
	prev     int  // the previous code, -1 after a clear
	prefix   [4096]uint16
	suffix   [4096]uint8
	first    [4096]uint8 // the first byte of each code's string
	stack    []byte      // the pending bytes of the current string, reversed
	finished bool        // the end code was read
}

func newGIFLZW(r *bufio.Reader, litWidth int) *gifLZW {
	z := &gifLZW{r: r, litWidth: litWidth, clear: 1 << litWidth}
	z.end = z.clear + 1
	z.reset()
	return z
}

func (z *gifLZW) reset() {
	z.next = z.clear + 2
	z.size = uint(z.litWidth) + 1
	z.prev = -1
	for i := 0; i < z.clear && i < 4096; i++ {
		z.suffix[i], z.first[i] = uint8(i), uint8(i)
	}
}

// code returns the next code.
func (z *gifLZW) code() (int, error) {
	for z.nbits < z.size {
		if z.block == 0 {
			if z.ended {
				return 0, io.ErrUnexpectedEOF
			}
			n, err := z.r.ReadByte()
			if err != nil {
				return 0, io.ErrUnexpectedEOF
			}
			if n == 0 {
				z.ended = true
				return 0, io.ErrUnexpectedEOF
			}
			z.block = int(n)
		}
		c, err := z.r.ReadByte()
		if err != nil {
			return 0, io.ErrUnexpectedEOF
		}
		z.block--
		z.bits |= uint32(c) << z.nbits
		z.nbits += 8
	}
	c := int(z.bits & (1<<z.size - 1))
	z.bits >>= z.size
	z.nbits -= z.size
	return c, nil
}

// read fills dst with the next pixels.
func (z *gifLZW) read(dst []byte) error {
	for i := 0; i < len(dst); {
		if len(z.stack) > 0 {
			n := len(z.stack)
			dst[i] = z.stack[n-1]
			z.stack = z.stack[:n-1]
			i++
			continue
		}
		if z.finished {
			return io.ErrUnexpectedEOF
		}
		c, err := z.code()
		if err != nil {
			return err
		}
		switch {
		case c == z.clear:
			z.reset()
			continue
		case c == z.end:
			z.finished = true
			continue
		case z.prev < 0:
			if c > z.clear {
				return fmt.Errorf("LZW code %d with no string before it", c)
			}
			z.stack = append(z.stack, z.suffix[c])
			z.prev = c
			continue
		case c > z.next || (c == z.next && z.next >= 4096):
			return fmt.Errorf("LZW code %d past the table (%d)", c, z.next)
		}
		var firstByte uint8
		if c == z.next { // the KwKwK case: prev's string and its first byte
			firstByte = z.first[z.prev]
		} else {
			firstByte = z.first[c]
		}
		if z.next < 4096 {
			z.prefix[z.next] = uint16(z.prev)
			z.suffix[z.next] = firstByte
			z.first[z.next] = z.first[z.prev]
			z.next++
			if z.next == 1<<z.size && z.size < 12 {
				z.size++
			}
		}
		// Push c's string, last byte first.
		for k := c; ; {
			z.stack = append(z.stack, z.suffix[k])
			if k < z.clear {
				break
			}
			k = int(z.prefix[k])
		}
		z.prev = c
	}
	return nil
}
