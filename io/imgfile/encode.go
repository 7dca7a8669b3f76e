package imgfile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/png"

	"github.com/augpipe/augpipe/io/jpegenc"
)

// EncodeJPEG encodes img as a baseline 4:2:0 JPEG of the given quality
// (1..100) with a new JPEGEncoder.
func EncodeJPEG(img image.Image, quality int) ([]byte, error) {
	var e JPEGEncoder
	return e.Encode(img, quality, jpegenc.Sub420)
}

// A JPEGEncoder encodes baseline JPEGs with augpipe's encoder (package
// jpegenc), keeping its working memory from one image to the next. The
// zero value is ready to use. A JPEGEncoder is not safe for concurrent
// use: give each goroutine its own.
type JPEGEncoder struct {
	enc jpegenc.Encoder
}

// Encode encodes img as a baseline JPEG of the given quality (1..100) and
// chroma subsampling (a *image.Gray gives a grey JPEG); the markers are
// those EmbedICC and EmbedMetadata expect: SOI first, no APP segments.
// The result is the caller's.
func (e *JPEGEncoder) Encode(img image.Image, quality int, sub jpegenc.Subsampling) ([]byte, error) {
	b := img.Bounds()
	out, err := e.enc.Append(make([]byte, 0, b.Dx()*b.Dy()/4+1024), img, jpegenc.Options{Quality: max(1, quality), Subsampling: sub})
	if err != nil {
		return nil, fmt.Errorf("encode JPEG: %w", err)
	}
	return out, nil
}

// A PNGEncoder encodes PNG images with image/png's default compression,
// keeping its compressor's memory from one image to the next. The zero
// value is ready to use. A PNGEncoder is not safe for concurrent use: give
// each goroutine its own.
type PNGEncoder struct {
	enc  png.Encoder
	pool oneBuffer
	rgba image.RGBA // a YCbCr image's pixels, converted for the encoder
}

// oneBuffer is a png.EncoderBufferPool that keeps one buffer: enough for
// an encoder used by one goroutine.
type oneBuffer struct{ b *png.EncoderBuffer }

func (p *oneBuffer) Get() *png.EncoderBuffer {
	b := p.b
	p.b = nil
	return b
}

func (p *oneBuffer) Put(b *png.EncoderBuffer) { p.b = b }

// Encode encodes img as a PNG, transparency kept (8 bits a channel; a
// *image.Gray gives a grey PNG, an opaque image an RGB one).
func (e *PNGEncoder) Encode(img image.Image) ([]byte, error) {
	e.enc.BufferPool = &e.pool
	b := img.Bounds()
	if m, ok := img.(*image.YCbCr); ok {
		// image/png reads a YCbCr image pixel by pixel through At, with an
		// allocation each; draw converts it row by row.
		if n := 4 * b.Dx() * b.Dy(); cap(e.rgba.Pix) < n {
			e.rgba.Pix = make([]byte, n)
		} else {
			e.rgba.Pix = e.rgba.Pix[:n]
		}
		e.rgba.Stride, e.rgba.Rect = 4*b.Dx(), image.Rect(0, 0, b.Dx(), b.Dy())
		draw.Draw(&e.rgba, e.rgba.Rect, m, b.Min, draw.Src)
		img = &e.rgba
	}
	var buf bytes.Buffer
	buf.Grow(b.Dx()*b.Dy() + 1024)
	if err := e.enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// EmbedICCPNG returns the PNG file out with the ICC profile inserted as an
// iCCP chunk (zlib-compressed) right after its IHDR chunk, where the PNG
// specification wants it, before any image data. As EmbedICC does for a
// JPEG, it carries the profile only when it describes the PNG's colour
// type (an RGB profile for an RGB, RGBA or paletted PNG, a grey one for a
// grey PNG); otherwise, and when profile is nil, out is returned unchanged
// and embedded is false.
func EmbedICCPNG(out, profile []byte) (res []byte, embedded bool) {
	const ihdrEnd = 8 + 8 + 13 + 4 // signature, IHDR length and type, data, CRC
	if !validICC(profile) || len(out) < ihdrEnd || !bytes.HasPrefix(out, []byte(pngSignature)) || string(out[12:16]) != "IHDR" {
		return out, false
	}
	want := "RGB "
	switch ct := out[8+8+9]; ct {
	case 0, 4: // grey, grey with alpha
		want = "GRAY"
	case 2, 3, 6: // RGB, paletted, RGBA
	default:
		return out, false
	}
	if iccColourSpace(profile) != want {
		return out, false
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(profile)
	zw.Close()
	chunk := make([]byte, 0, 12+len("ICC Profile")+2+z.Len())
	chunk = binary.BigEndian.AppendUint32(chunk, uint32(len("ICC Profile")+2+z.Len()))
	chunk = append(chunk, "iCCP"...)
	chunk = append(chunk, "ICC Profile"...)
	chunk = append(chunk, 0, 0) // the name's NUL, compression method 0 (zlib)
	chunk = append(chunk, z.Bytes()...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	res = make([]byte, 0, len(out)+len(chunk))
	res = append(res, out[:ihdrEnd]...)
	res = append(res, chunk...)
	return append(res, out[ihdrEnd:]...), true
}
