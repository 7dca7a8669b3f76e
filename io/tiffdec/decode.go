package tiffdec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"

	"github.com/augpipe/augpipe/io/imgerr"
)

// Options say how Decode decodes.
type Options struct {
	// MaxPixels refuses, from the IFD and before any pixel buffer is
	// allocated, an image of more pixels, with an error wrapping
	// imgerr.ErrTooLarge. When <= 0, the limit is 2^38 pixels, beyond which
	// the decoder's buffers could not be allocated.
	MaxPixels int64
}

// maxImagePixels is the most pixels Decode decodes whatever the options:
// a block of up to 4 times the image's pixels, of up to 16 samples of 64
// bits each, then stays under the 2^48 bytes that Go allocates at most.
const maxImagePixels = 1 << 38

// DecodeConfig reads the header and the first IFD of the TIFF file r of
// size bytes, and returns the image's size and colour model, checking
// that Decode handles every feature the IFD declares.
func DecodeConfig(r io.ReaderAt, size int64) (image.Config, error) {
	d, err := readIFD(r, size)
	if err != nil {
		return image.Config{}, err
	}
	l, err := parseLayout(d)
	if err != nil {
		return image.Config{}, err
	}
	return image.Config{ColorModel: l.colorModel(), Width: l.width, Height: l.height}, nil
}

// Dimensions reads the header and the first IFD of the TIFF file r of size
// bytes and returns the image's width and height, checking nothing else:
// what a caller needs to refuse a decompression bomb before reading the
// file whole, whose features Decode then accepts or refuses by name.
func Dimensions(r io.ReaderAt, size int64) (width, height int, err error) {
	d, err := readIFD(r, size)
	if err != nil {
		return 0, 0, err
	}
	return d.dimensions()
}

// Decode decodes the first image of the TIFF file r of size bytes.
func Decode(r io.ReaderAt, size int64, o Options) (image.Image, error) {
	d, err := readIFD(r, size)
	if err != nil {
		return nil, err
	}
	l, err := parseLayout(d)
	if err != nil {
		return nil, err
	}
	limit := o.MaxPixels
	if limit <= 0 || limit > maxImagePixels {
		limit = maxImagePixels
	}
	if int64(l.width)*int64(l.height) > limit {
		return nil, fmt.Errorf("%dx%d TIFF is over the limit of %d pixels: %w", l.width, l.height, limit, imgerr.ErrTooLarge)
	}
	if err := l.parseBlocks(d); err != nil {
		return nil, err
	}
	s, err := l.decodeSamples(r, size, d.bo)
	if err != nil {
		return nil, err
	}
	return l.toImage(s), nil
}

// decodeSamples decodes every block into the image's samples.
func (l *layout) decodeSamples(r io.ReaderAt, size int64, bo binary.ByteOrder) (*samples, error) {
	s := &samples{w: l.width, h: l.height, spp: l.spp}
	n := l.width * l.height * l.spp
	if l.sampleFormat == fmtUint && l.bps <= 8 { // JPEG's samples too (parseLayout)
		s.b8 = make([]uint8, n)
	} else {
		s.b16 = make([]uint16, n)
	}
	planes := 1
	if l.planar {
		planes = l.spp
	}
	br := l.newBlockReader(r, size)
	for p := range planes {
		for by := range l.down {
			for bx := range l.across {
				i := (p*l.down+by)*l.across + bx
				x0, y0 := bx*l.blockW, by*l.blockH
				rows := l.blockH
				if !l.tiled {
					rows = min(rows, l.height-y0)
				}
				raw, shared, err := l.readBlock(br, i)
				if err != nil {
					return nil, err
				}
				if l.compression == compJPEG || l.compression == compOJPEG {
					if err := l.jpegBlock(s, raw, x0, y0, rows); err != nil {
						return nil, err
					}
					continue
				}
				b, err := l.decompress(raw, rows)
				if err != nil {
					return nil, err
				}
				if shared && l.compression == compNone && l.predictor != 1 {
					b = bytes.Clone(b) // unpredict works in place
				}
				border := l.unpredict(b, rows, bo)
				l.unpack(s, b, border, p, x0, y0, rows)
			}
		}
	}
	return s, nil
}

// unpack stores the samples of a decompressed block of plane p (0 when
// chunky) whose top left pixel is (x0, y0).
func (l *layout) unpack(s *samples, b []byte, bo binary.ByteOrder, p, x0, y0, rows int) {
	rb := l.rowBytes()
	n := l.samplesPerPlane()
	w := min(l.blockW, l.width-x0)
	h := min(rows, l.height-y0)
	if l.unpackFast(s, b, bo, p, x0, y0, w, h) {
		return
	}
	maxv := uint64(1)<<l.bps - 1
	for y := range h {
		row := b[y*rb : (y+1)*rb]
		for x := range w {
			for c := range n {
				k := x*n + c
				di := ((y0+y)*l.width+x0+x)*l.spp + p + c
				if s.b8 != nil {
					s.b8[di] = uint8(bitsAt(row, k, l.bps))
					continue
				}
				var v uint16
				switch l.sampleFormat {
				case fmtUint:
					switch l.bps {
					case 16:
						v = bo.Uint16(row[2*k:])
					case 32:
						v = clip8(float64(bo.Uint32(row[4*k:])))
					default:
						v = uint16((bitsAt(row, k, l.bps)*65535 + maxv/2) / maxv)
					}
				case fmtInt:
					switch l.bps {
					case 8:
						v = clip8(float64(int8(row[k])))
					case 16:
						v = clip8(float64(int16(bo.Uint16(row[2*k:]))))
					case 32:
						v = clip8(float64(int32(bo.Uint32(row[4*k:]))))
					}
				case fmtFloat:
					if l.bps == 32 {
						v = clip8(float64(math.Float32frombits(bo.Uint32(row[4*k:]))))
					} else {
						v = clip8(math.Float64frombits(bo.Uint64(row[8*k:])))
					}
				}
				s.b16[di] = v
			}
		}
	}
}

// unpackFast is unpack for the common sample kinds, 8-bit and unsigned
// 16-bit, in w x h pixels of the block; it reports whether it did it.
func (l *layout) unpackFast(s *samples, b []byte, bo binary.ByteOrder, p, x0, y0, w, h int) bool {
	rb := l.rowBytes()
	n := l.samplesPerPlane()
	switch {
	case s.b8 != nil && l.bps == 8:
		for y := range h {
			row := b[y*rb:][:w*n]
			dst := s.b8[((y0+y)*l.width+x0)*l.spp:][:w*l.spp]
			if n == l.spp {
				copy(dst, row)
				continue
			}
			for x, v := range row {
				dst[x*l.spp+p] = v
			}
		}
		return true
	case s.b16 != nil && l.bps == 16 && l.sampleFormat == fmtUint:
		for y := range h {
			row := b[y*rb:][:2*w*n]
			dst := s.b16[((y0+y)*l.width+x0)*l.spp:][:w*l.spp]
			for x := range w {
				for c := range n {
					dst[x*l.spp+p+c] = bo.Uint16(row[2*(x*n+c):])
				}
			}
		}
		return true
	}
	return false
}

// bitsAt returns the k-th bps-bit sample of row, most significant bit first.
func bitsAt(row []byte, k, bps int) uint64 {
	if bps == 8 {
		return uint64(row[k])
	}
	bit := k * bps
	var v uint64
	for range bps {
		v = v<<1 | uint64(row[bit>>3]>>(7-bit&7)&1)
		bit++
	}
	return v
}

// clip8 is how Pillow makes an 8-bit level of a signed, 32-bit or
// floating-point sample: clipped to 0..255 and truncated, here scaled to
// 16 bits.
func clip8(f float64) uint16 {
	switch {
	case !(f > 0): // NaN too
		return 0
	case f >= 255:
		return 0xffff
	}
	return uint16(f) * 257
}

// jpegBlock decodes a JPEG-compressed block into s.
func (l *layout) jpegBlock(s *samples, raw []byte, x0, y0, rows int) error {
	stream := raw
	if t := l.jpegTables; len(t) >= 4 && len(raw) >= 2 && bytes.HasPrefix(raw, []byte{0xff, 0xd8}) {
		// The tables' SOI and tables, then the block without its SOI.
		t = bytes.TrimSuffix(t, []byte{0xff, 0xd9})
		stream = append(append(make([]byte, 0, len(t)+len(raw)), t...), raw[2:]...)
	}
	if l.colors == 4 && len(stream) >= 2 {
		// libtiff writes CMYK without Adobe's APP14 segment, which
		// image/jpeg needs to take 4 components as CMYK: transform 0,
		// the components as stored.
		app14 := []byte("\xff\xd8\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00\x00")
		stream = append(app14, stream[2:]...)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(stream))
	if err != nil {
		return jpegError(err)
	}
	if cfg.Width > l.blockW+16 || cfg.Height > l.blockH+16 {
		return corruptf("JPEG strip or tile of %dx%d pixels in blocks of %dx%d", cfg.Width, cfg.Height, l.blockW, l.blockH)
	}
	img, err := jpeg.Decode(bytes.NewReader(stream))
	if err != nil {
		return jpegError(err)
	}
	w := min(l.blockW, l.width-x0)
	h := min(rows, l.height-y0)
	if b := img.Bounds(); b.Dx() < w || b.Dy() < h {
		return corruptf("JPEG strip or tile of %dx%d pixels for %dx%d", b.Dx(), b.Dy(), w, h)
	}
	put := func(x, y int, px ...uint8) {
		copy(s.b8[((y0+y)*l.width+x0+x)*l.spp:], px)
	}
	switch m := img.(type) {
	case *image.Gray:
		if l.colors != 1 {
			return unsupportedf("JPEG of grey samples for %s", photometricName(uint64(l.photometric)))
		}
		for y := range h {
			for x := range w {
				put(x, y, m.Pix[y*m.Stride+x])
			}
		}
	case *image.YCbCr:
		if l.colors != 3 {
			return unsupportedf("JPEG of colour samples for %s", photometricName(uint64(l.photometric)))
		}
		if l.photometric == pRGB && l.compression == compJPEG {
			// Stored as RGB, not converted: the JPEG's three
			// components are R, G and B. (An old-style JPEG file holds
			// a JFIF stream, whose components are YCbCr.)
			if m.SubsampleRatio != image.YCbCrSubsampleRatio444 {
				return unsupportedf("JPEG of subsampled RGB samples")
			}
			for y := range h {
				for x := range w {
					i := y*m.YStride + x
					put(x, y, m.Y[i], m.Cb[i], m.Cr[i])
				}
			}
			break
		}
		for y := range h {
			for x := range w {
				c := m.YCbCrAt(x, y)
				r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
				put(x, y, r, g, b)
			}
		}
	case *image.RGBA:
		if l.colors != 3 {
			return unsupportedf("JPEG of RGB samples for %s", photometricName(uint64(l.photometric)))
		}
		for y := range h {
			for x := range w {
				i := y*m.Stride + 4*x
				put(x, y, m.Pix[i], m.Pix[i+1], m.Pix[i+2])
			}
		}
	case *image.CMYK:
		if l.colors != 4 {
			return unsupportedf("JPEG of CMYK samples for %s", photometricName(uint64(l.photometric)))
		}
		// image/jpeg undid the inversion Adobe's CMYK JPEGs store, which
		// libtiff's do not.
		for y := range h {
			for x := range w {
				i := y*m.Stride + 4*x
				put(x, y, 255-m.Pix[i], 255-m.Pix[i+1], 255-m.Pix[i+2], 255-m.Pix[i+3])
			}
		}
	default:
		return unsupportedf("JPEG compression of %T samples", img)
	}
	return nil
}

// jpegError classifies image/jpeg's error on a strip or tile.
func jpegError(err error) error {
	var ue jpeg.UnsupportedError
	if errors.As(err, &ue) {
		return unsupportedf("JPEG strip or tile: %s", string(ue))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return truncated("JPEG strip or tile", err)
	}
	return corruptf("JPEG strip or tile: %v", err)
}
