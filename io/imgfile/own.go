package imgfile

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"

	"github.com/augpipe/augpipe/io/bmpdec"
	"github.com/augpipe/augpipe/io/imgerr"
	"github.com/augpipe/augpipe/io/jpegdec"
)

// ownFormat names the formats whose files augpipe reads with its own code
// rather than a library's (GIF, BMP, WebP), from their first bytes; "" for
// the others.
func ownFormat(magic []byte) string {
	switch {
	case bytes.HasPrefix(magic, []byte("GIF8")):
		return "gif"
	case bytes.HasPrefix(magic, []byte("BM")):
		return "bmp"
	case len(magic) >= 12 && string(magic[:4]) == "RIFF" && string(magic[8:12]) == "WEBP":
		return "webp"
	}
	return ""
}

// ownConfig reads the header of a file in an ownFormat.
func ownConfig(format string, r io.Reader) (image.Config, error) {
	switch format {
	case "gif":
		return gifConfig(r)
	case "bmp":
		return bmpdec.DecodeConfig(r)
	case "webp":
		return webpConfig(r)
	}
	return image.Config{}, fmt.Errorf("no header reader for %q", format)
}

// ownDecoder names the decoder of an ownFormat, as Decoded.Decoder says.
func ownDecoder(format string) string {
	switch format {
	case "gif":
		return "imgfile/gif"
	case "bmp":
		return "bmpdec"
	}
	return "x/image/webp" // its samples converted by imgfile/webp
}

// decodeOwn decodes a file in an ownFormat. A decoder that returns an
// image with an error has decoded part of a damaged file: the image is
// kept, as damaged, when o.KeepDamaged allows it.
func decodeOwn(format string, data []byte, o DecodeOptions) (Decoded, error) {
	cfg, err := ownConfig(format, bytes.NewReader(data))
	if err != nil {
		return Decoded{}, headerError(data, err)
	}
	if err := checkPixels(cfg.Width, cfg.Height, o.MaxPixels); err != nil {
		return Decoded{}, err
	}
	d := headerOnly(format, data, cfg, o, ownDecoder(format))
	var img image.Image
	switch format {
	case "gif":
		m, derr := decodeGIF(data, o.MaxPixels)
		if m != nil {
			img = m
		}
		err = derr
	case "bmp":
		img, err = bmpdec.Decode(data, o.MaxPixels)
	case "webp":
		img, err = decodeWebP(data, o.MaxPixels)
	}
	return keepDamaged(d, img, err, o)
}

// keepDamaged returns d holding img, or err: an image that comes with an
// error of damaged data is kept, as damaged, only when o.KeepDamaged says
// so.
func keepDamaged(d Decoded, img image.Image, err error, o DecodeOptions) (Decoded, error) {
	if err != nil {
		if img == nil || !o.KeepDamaged || !errors.Is(err, imgerr.ErrCorrupt) {
			return Decoded{}, corrupt(err)
		}
		d.Damage = err
	}
	d.Image = img
	return d, nil
}

// headerError is Decode's error for a header that could not be read.
func headerError(data []byte, err error) error {
	if errors.Is(err, imgerr.ErrUnsupported) || errors.Is(err, imgerr.ErrTooLarge) {
		return err
	}
	if truncated(err) {
		return corrupt(fmt.Errorf("truncated %s file, header incomplete: %w", formatName(data), err))
	}
	return corrupt(fmt.Errorf("corrupt %s header: %w", formatName(data), err))
}

// decodeConfig reads the header of data, choosing the reader by content. A
// JPEG's header is read by augpipe's own decoder first, which knows the
// frames it decodes (arithmetic coding among them) where image/jpeg would
// refuse them; what neither reads is refused with the words of the reader
// that knows why.
func decodeConfig(data []byte) (image.Config, string, error) {
	var jerr error
	if bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		cfg, err := jpegdec.DecodeConfig(data)
		if err == nil {
			return cfg, "jpeg", nil
		}
		jerr = err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil && errors.Is(jerr, imgerr.ErrUnsupported) {
		return cfg, "jpeg", jerr
	}
	return cfg, format, classify(err)
}

// jpegFrameAt reads the size of a JPEG from its frame header, for the
// frames image/jpeg's header reader refuses and augpipe's decoder reads
// (SOF9 and SOF10, arithmetic coding), reading only the segment headers
// and that segment.
func jpegFrameAt(r io.ReaderAt, size int64) (image.Config, bool) {
	var cfg image.Config
	ok := false
	jpegSegmentsAt(r, size, func(m byte) bool { return m == 0xC9 || m == 0xCA || m == 0xDA },
		func(m byte, seg []byte) bool {
			if m == 0xDA {
				return false
			}
			if len(seg) >= 6 && (seg[5] == 1 || seg[5] == 3) {
				cfg = image.Config{Height: int(seg[1])<<8 | int(seg[2]), Width: int(seg[3])<<8 | int(seg[4])}
				cfg.ColorModel = color.YCbCrModel
				if seg[5] == 1 {
					cfg.ColorModel = color.GrayModel
				}
				ok = seg[0] == 8
			}
			return false
		})
	return cfg, ok
}
