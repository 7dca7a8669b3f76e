// Package bmpdec decodes Windows and OS/2 BMP images: every bit depth of
// 1, 2, 4, 8, 16, 24 and 32, uncompressed, RLE8, RLE4 or with bit-field
// masks (alpha included), bottom-up or top-down, with the headers of OS/2
// 1.x and 2.x and of Windows 3 to 5 (BITMAPINFOHEADER, V4, V5).
//
// What it does not decode (embedded JPEG or PNG, OS/2 Huffman and RLE24
// compression, 64-bit pixels) is refused with an error matching
// imgerr.ErrUnsupported that names the feature; damaged data with an error
// matching imgerr.ErrCorrupt; an image of more pixels than allowed with
// imgerr.ErrTooLarge, from its header.
//
// It reads files as Pillow does where the format leaves room: pixels that
// RLE data skips or leaves out are palette index 0, palette indices past
// the end of the palette are black, a run past the end of its row is cut
// there, the alpha of a 32-bit file counts only when a bit-field mask
// gives it, and a file whose rows end early is truncated.
package bmpdec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"

	"github.com/augpipe/augpipe/io/imgerr"
)

// FormatError reports damaged BMP data. It matches imgerr.ErrCorrupt.
type FormatError string

func (e FormatError) Error() string { return "invalid BMP data: " + string(e) }

// Is reports whether target is imgerr.ErrCorrupt.
func (e FormatError) Is(target error) bool { return target == imgerr.ErrCorrupt }

// errTruncated reports a file that ends before its pixels do.
var errTruncated = imgerr.Mark(imgerr.ErrCorrupt, fmt.Errorf("truncated BMP data: %w", io.ErrUnexpectedEOF))

func unsupported(what string) error { return imgerr.Unsupported("BMP", what) }

// Compression values of the info header.
const (
	compRGB            = 0
	compRLE8           = 1
	compRLE4           = 2
	compBitfields      = 3
	compJPEG           = 4
	compPNG            = 5
	compAlphaBitfields = 6
)

// headerLen is the most bytes DecodeConfig and Decode read before the
// palette: the file header, a V5 info header and three masks after it.
const headerLen = 14 + 124 + 16

// header is what a BMP says before its palette.
type header struct {
	width, height int
	topDown       bool
	bpp           int
	compression   uint32
	colours       int    // palette entries
	paletteAt     int    // offset of the palette
	entrySize     int    // 3 (OS/2 1.x) or 4 bytes a palette entry
	pixelsAt      uint32 // bfOffBits
	masks         [4]uint32
	hasMasks      bool
}

// parseHeader reads the header from the first bytes of a file (up to
// headerLen).
func parseHeader(b []byte) (header, error) {
	var h header
	if len(b) < 18 || b[0] != 'B' || b[1] != 'M' {
		if len(b) >= 2 && (b[0] != 'B' || b[1] != 'M') {
			return h, FormatError("not a BMP file")
		}
		return h, errTruncated
	}
	le := binary.LittleEndian
	h.pixelsAt = le.Uint32(b[10:])
	size := int(le.Uint32(b[14:]))
	if len(b) < 14+min(size, 64) {
		return h, errTruncated
	}
	info := b[14:]
	switch {
	case size == 12: // OS/2 1.x BITMAPCOREHEADER
		h.width, h.height = int(le.Uint16(info[4:])), int(le.Uint16(info[6:]))
		h.bpp = int(le.Uint16(info[10:]))
		h.entrySize = 3
	case size >= 16 && size <= 64 || size == 108 || size == 124:
		// Windows 3 to 5, and OS/2 2.x (16 to 64 bytes, the fields it
		// leaves out being 0).
		var f [40]byte
		copy(f[:], info[:min(size, 40)])
		w, ht := int32(le.Uint32(f[4:])), int32(le.Uint32(f[8:]))
		if w < 0 {
			return h, FormatError(fmt.Sprintf("negative width %d", w))
		}
		if ht == math.MinInt32 { // its rows cannot be top-down
			return h, FormatError(fmt.Sprintf("height %d", ht))
		}
		h.width = int(w)
		h.height = int(ht)
		if ht < 0 {
			h.height, h.topDown = -int(ht), true
		}
		h.bpp = int(le.Uint16(f[14:]))
		h.compression = le.Uint32(f[16:])
		h.colours = int(le.Uint32(f[32:]))
		h.entrySize = 4
		os2 := size != 40 && size != 52 && size != 56 && size != 108 && size != 124
		if os2 && h.compression == compBitfields {
			return h, unsupported("OS/2 Huffman 1D compression")
		}
		if os2 && h.compression == compJPEG {
			return h, unsupported("OS/2 RLE24 compression")
		}
		if !os2 && (h.compression == compBitfields || h.compression == compAlphaBitfields) {
			n := 3
			if h.compression == compAlphaBitfields {
				n = 4
			}
			at := 40 // masks follow a 40-byte header, and are in the longer ones
			if len(info) < at+4*n {
				return h, errTruncated
			}
			for i := range n {
				h.masks[i] = le.Uint32(info[at+4*i:])
			}
			if size >= 56 {
				h.masks[3] = le.Uint32(info[52:])
			}
			h.hasMasks = true
			if size == 40 {
				size += 4 * n
			}
		}
	default:
		return h, FormatError(fmt.Sprintf("info header of %d bytes, which no BMP version has", size))
	}
	h.paletteAt = 14 + size
	switch h.compression {
	case compRGB, compRLE8, compRLE4, compBitfields, compAlphaBitfields:
	case compJPEG:
		return h, unsupported("embedded JPEG")
	case compPNG:
		return h, unsupported("embedded PNG")
	default:
		return h, FormatError(fmt.Sprintf("compression %d", h.compression))
	}
	switch h.bpp {
	case 1, 2, 4, 8:
		if h.colours > 1<<16 {
			return h, FormatError(fmt.Sprintf("palette of %d colours", h.colours))
		}
		if h.colours == 0 {
			h.colours = 1 << h.bpp
		}
		if int(h.pixelsAt) > h.paletteAt {
			// The palette ends where the pixels start, at the latest
			// (OS/2 1.x says how many colours only that way).
			h.colours = min(h.colours, (int(h.pixelsAt)-h.paletteAt)/h.entrySize)
		}
	case 16, 24, 32:
		if h.colours > 1<<16 {
			return h, FormatError(fmt.Sprintf("palette of %d colours", h.colours))
		}
		h.colours = 0 // a palette of a true-colour image is only a hint
	case 64:
		return h, unsupported("64 bits a pixel")
	case 0:
		return h, FormatError("bit depth 0 without embedded JPEG or PNG")
	default:
		return h, FormatError(fmt.Sprintf("bit depth %d", h.bpp))
	}
	switch {
	case h.compression == compRLE8 && h.bpp != 8, h.compression == compRLE4 && h.bpp != 4:
		return h, FormatError(fmt.Sprintf("RLE compression %d with bit depth %d", h.compression, h.bpp))
	case h.hasMasks && h.bpp != 16 && h.bpp != 24 && h.bpp != 32:
		return h, FormatError(fmt.Sprintf("bit-field masks with bit depth %d", h.bpp))
	}
	if h.width == 0 || h.height == 0 {
		return h, FormatError(fmt.Sprintf("image of %dx%d pixels", h.width, h.height))
	}
	switch {
	case !h.hasMasks && h.bpp == 16:
		h.masks = [4]uint32{0x7C00, 0x3E0, 0x1F, 0}
	case !h.hasMasks && (h.bpp == 24 || h.bpp == 32):
		h.masks = [4]uint32{0xFF0000, 0xFF00, 0xFF, 0}
	case h.hasMasks && h.bpp < 32:
		// Bits past the pixel's are not in it: an alpha mask there (a V4
		// or V5 header's 0xFF000000 on a 16- or 24-bit file) gives no
		// alpha, as Pillow and x/image/bmp read it, not alpha 0.
		h.masks[3] &= 1<<h.bpp - 1
	}
	return h, nil
}

// DecodeConfig returns the size of the BMP image read from r, and refuses
// what Decode would refuse from the header.
func DecodeConfig(r io.Reader) (image.Config, error) {
	b := make([]byte, headerLen)
	n, err := io.ReadFull(r, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		if errors.Is(err, io.EOF) {
			return image.Config{}, errTruncated
		}
		return image.Config{}, err
	}
	h, err := parseHeader(b[:n])
	if err != nil {
		return image.Config{}, err
	}
	return image.Config{ColorModel: h.model(), Width: h.width, Height: h.height}, nil
}

func (h header) model() color.Model {
	switch {
	case h.bpp <= 8:
		return color.Palette(nil)
	case h.masks[3] != 0:
		return color.NRGBAModel
	}
	return color.RGBAModel
}

// maxImagePixels is the most pixels Decode decodes whatever its limit:
// at 4 bytes a pixel, the image stays under the 2^48 bytes that Go
// allocates at most.
const maxImagePixels = 1 << 46

// Decode decodes the BMP file held in data. It returns an
// *image.Paletted for 1- to 8-bit images, an *image.NRGBA for images with
// an alpha mask, and an *image.RGBA for the others. An image of more than
// maxPixels pixels (2^46 when maxPixels <= 0) is refused before any pixel
// memory is allocated. With an error it returns no image, not even the
// rows decoded before the data ended.
func Decode(data []byte, maxPixels int64) (image.Image, error) {
	h, err := parseHeader(data[:min(len(data), headerLen)])
	if err != nil {
		return nil, err
	}
	if maxPixels <= 0 || maxPixels > maxImagePixels {
		maxPixels = maxImagePixels
	}
	if int64(h.width)*int64(h.height) > maxPixels {
		return nil, fmt.Errorf("BMP of %dx%d is %.1f megapixels, over the limit of %.1f: %w",
			h.width, h.height, float64(h.width)*float64(h.height)/1e6, float64(maxPixels)/1e6, imgerr.ErrTooLarge)
	}
	var pal color.Palette
	if h.bpp <= 8 {
		pal, err = h.palette(data)
		if err != nil {
			return nil, err
		}
	}
	pixels := int(h.pixelsAt)
	if after := h.paletteAt + h.colours*h.entrySize; pixels < after || pixels >= len(data) {
		// An offset into the headers or past the end: the pixels
		// follow the palette.
		pixels = after
	}
	if pixels > len(data) {
		return nil, errTruncated
	}
	px := data[pixels:]
	r := image.Rect(0, 0, h.width, h.height)
	var img image.Image
	switch {
	case h.compression == compRLE8 || h.compression == compRLE4:
		m := image.NewPaletted(r, pal)
		img, err = m, h.decodeRLE(m, px)
	case h.bpp <= 8:
		m := image.NewPaletted(r, pal)
		img, err = m, h.decodeIndexed(m, px)
	case h.masks[3] != 0:
		m := image.NewNRGBA(r)
		img, err = m, h.decodeMasked(m.Pix, m.Stride, px)
	default:
		m := image.NewRGBA(r)
		img, err = m, h.decodeMasked(m.Pix, m.Stride, px)
	}
	if err != nil {
		return nil, err
	}
	return img, nil
}

// palette reads the colour table, of 1<<bpp entries, those the file lacks
// (or holds past h.colours) black.
func (h header) palette(data []byte) (color.Palette, error) {
	n := h.colours
	end := h.paletteAt + n*h.entrySize
	if end > len(data) {
		return nil, errTruncated
	}
	pal := make(color.Palette, 1<<h.bpp)
	for i := range pal {
		pal[i] = color.RGBA{0, 0, 0, 0xFF}
	}
	for i := range min(n, len(pal)) {
		e := data[h.paletteAt+i*h.entrySize:]
		pal[i] = color.RGBA{e[2], e[1], e[0], 0xFF}
	}
	return pal, nil
}

// row returns the image row that stored row i holds.
func (h header) row(i int) int {
	if h.topDown {
		return i
	}
	return h.height - 1 - i
}

// stride is the bytes of a stored row: its bits padded to 32.
func (h header) stride() int { return ((h.width*h.bpp + 31) / 32) * 4 }

func (h header) decodeIndexed(m *image.Paletted, px []byte) error {
	stride := h.stride()
	shift := uint(8 - h.bpp)
	mask := byte(1<<h.bpp - 1)
	for i := range h.height {
		if i*stride+(h.width*h.bpp+7)/8 > len(px) { // padding may lack
			return errTruncated
		}
		src := px[i*stride:]
		dst := m.Pix[h.row(i)*m.Stride:]
		if h.bpp == 8 {
			copy(dst[:h.width], src)
			continue
		}
		for x := range h.width {
			bit := x * h.bpp
			dst[x] = src[bit/8] >> (shift - uint(bit%8)) & mask
		}
	}
	return nil
}

// field extracts one bit-field of a pixel and scales it to 8 bits.
type field struct {
	shift uint
	bits  uint
	mask  uint32
}

func newField(mask uint32) field {
	if mask == 0 {
		return field{}
	}
	var f field
	for mask>>f.shift&1 == 0 {
		f.shift++
	}
	for f.shift+f.bits < 32 && mask>>(f.shift+f.bits)&1 == 1 {
		f.bits++
	}
	f.mask = 1<<f.bits - 1
	return f
}

// get returns the field of p scaled to 8 bits as v*255/max, rounding
// down as Pillow does, or 255 when the mask is empty.
func (f field) get(p uint32) byte {
	if f.bits == 0 {
		return 0xFF
	}
	return byte(uint64(p>>f.shift&f.mask) * 255 / uint64(f.mask))
}

// decodeMasked decodes 16-, 24- and 32-bit pixels through h.masks into
// RGBA (or NRGBA) pixels.
func (h header) decodeMasked(pix []byte, pstride int, px []byte) error {
	stride := h.stride()
	r, g, b, a := newField(h.masks[0]), newField(h.masks[1]), newField(h.masks[2]), newField(h.masks[3])
	bytesPP := h.bpp / 8
	for i := range h.height {
		if i*stride+h.width*bytesPP > len(px) {
			return errTruncated
		}
		src := px[i*stride:]
		dst := pix[h.row(i)*pstride:]
		for x := range h.width {
			var p uint32
			switch bytesPP {
			case 2:
				p = uint32(src[2*x]) | uint32(src[2*x+1])<<8
			case 3:
				p = uint32(src[3*x]) | uint32(src[3*x+1])<<8 | uint32(src[3*x+2])<<16
			default:
				p = binary.LittleEndian.Uint32(src[4*x:])
			}
			d := dst[4*x : 4*x+4 : 4*x+4]
			d[0], d[1], d[2], d[3] = r.get(p), g.get(p), b.get(p), a.get(p)
		}
	}
	return nil
}

// decodeRLE decodes RLE8 or RLE4 data into m: runs, literal runs, end of
// line, delta moves and end of bitmap, as Pillow reads them.
func (h header) decodeRLE(m *image.Paletted, px []byte) error {
	rle4 := h.compression == compRLE4
	w, ht := h.width, h.height
	x, i := 0, 0 // column, and stored row
	put := func(n int, v func(k int) byte) {
		if i >= ht {
			return
		}
		y := h.row(i)
		r := m.Pix[y*m.Stride : y*m.Stride+w]
		for k := 0; k < n && x < w; k++ {
			r[x] = v(k)
			x++
		}
	}
	p := 0
	for i < ht {
		if p+2 > len(px) {
			return errTruncated
		}
		n, c := int(px[p]), px[p+1]
		p += 2
		if n > 0 { // a run of n pixels
			if rle4 {
				put(n, func(k int) byte { return c >> (4 * uint(1-k%2)) & 0xF })
			} else {
				put(n, func(int) byte { return c })
			}
			continue
		}
		switch c {
		case 0: // end of line
			x, i = 0, i+1
		case 1: // end of bitmap
			return nil
		case 2: // delta
			if p+2 > len(px) {
				return errTruncated
			}
			x += int(px[p])
			i += int(px[p+1])
			p += 2
		default: // c literal pixels, padded to a 16-bit boundary
			nb := int(c)
			if rle4 {
				nb = (int(c) + 1) / 2
			}
			if p+nb > len(px) {
				return errTruncated
			}
			lit := px[p : p+nb]
			if rle4 {
				put(int(c), func(k int) byte { return lit[k/2] >> (4 * uint(1-k%2)) & 0xF })
			} else {
				put(int(c), func(k int) byte { return lit[k] })
			}
			p += nb + nb%2
		}
	}
	return nil
}
