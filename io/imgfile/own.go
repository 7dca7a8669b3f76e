package imgfile

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"

	"github.com/augpipe/augpipe/io/bmpdec"
	"github.com/augpipe/augpipe/io/imgerr"
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
	d := Decoded{
		Format:      format,
		Orientation: orientationOf(format, data),
		ICC:         iccProfile(format, data),
		Width:       cfg.Width,
		Height:      cfg.Height,
		Scale:       1,
		Decoder:     "augpipe " + format,
	}
	if o.Metadata {
		d.Metadata = metadataOf(format, data)
	}
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
		d.Decoder = "x/image/webp"
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
