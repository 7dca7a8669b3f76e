package imgfile

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"os"

	"golang.org/x/image/tiff"
)

// metadataAllowance is how many bytes beyond its pixels an image file may
// hold (EXIF, thumbnails, ICC profiles, XMP) before ReadImage refuses it.
const metadataAllowance = 64 << 20

// bytesPerPixelMax is the most bytes per pixel an image file can need:
// uncompressed 16-bit RGBA, in PNG or TIFF.
const bytesPerPixelMax = 8

// ReadImage reads an image file whole, after checking its header so that
// hostile files cost no memory: an image whose header declares more than
// maxPixels pixels (no limit when maxPixels <= 0) is refused with an error
// wrapping ErrTooLarge before its data is read, and so is a file far larger
// than its declared size can explain (8 bytes a pixel plus 64 MiB of
// metadata: a valid header in front of gigabytes of junk). A header that
// cannot be read is not an error here: at most the first 64 MiB are read,
// for Decode to report what is wrong with them. Errors name the file.
func ReadImage(path string, maxPixels int64) ([]byte, error) {
	f, size, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A SectionReader is both a Reader and a ReaderAt: TIFF's header
	// reader then seeks to the IFD instead of reading the whole file.
	cfg, _, err := headerOf(io.NewSectionReader(f, 0, size))
	if err != nil {
		// Decode will fail on the same header: its first bytes are enough
		// for it to say why, and a huge file that is no image (a video
		// named .jpg) is not read whole.
		size = min(size, metadataAllowance)
	} else {
		if err := CheckPixels(cfg.Width, cfg.Height, maxPixels); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if limit := int64(cfg.Width)*int64(cfg.Height)*bytesPerPixelMax + metadataAllowance; size > limit {
			return nil, fmt.Errorf("%s: file is %d bytes, more than a %dx%d image can hold (%d): %w",
				path, size, cfg.Width, cfg.Height, limit, ErrTooLarge)
		}
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, size), data); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, pathless(err))
	}
	return data, nil
}

// openRegular opens the regular file at path and returns its size. Errors
// name the file.
func openRegular(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("open %s: %w", path, pathless(err))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("stat %s: %w", path, pathless(err))
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s: not a regular file", path)
	}
	return f, st.Size(), nil
}

// headerOf reads an image header, turning a decoder's panic into an error.
// A TIFF header goes straight to the TIFF decoder with the SectionReader:
// through image.DecodeConfig it would get a buffered reader and copy the
// file into memory up to wherever the header's IFD offset points.
func headerOf(r *io.SectionReader) (cfg image.Config, format string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v: %w", p, ErrDecoderPanic)
		}
	}()
	var magic [4]byte
	if _, err := r.ReadAt(magic[:], 0); err == nil && isTIFF(magic[:]) {
		cfg, err = tiff.DecodeConfig(r)
		return cfg, "tiff", err
	}
	return image.DecodeConfig(r)
}

// Header is what an image file's header says.
type Header struct {
	// Format is the format's name, as image.DecodeConfig gives it.
	Format string
	// Width and Height are the stored image's size, before any EXIF
	// orientation.
	Width, Height int
}

// ReadHeader reads the header of the image file at path, and only as much
// of the file as the header takes. Errors name the file.
func ReadHeader(path string) (Header, error) {
	f, size, err := openRegular(path)
	if err != nil {
		return Header{}, err
	}
	defer f.Close()
	cfg, format, err := headerOf(io.NewSectionReader(f, 0, size))
	if err != nil {
		return Header{}, fmt.Errorf("%s: header: %w", path, err)
	}
	return Header{Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}

// DecodedPixels is how many pixels Decoder.Decode produces for an image
// with this header under o: a JPEG decoded at reduced scale for o.Box has a
// quarter, a sixteenth or a sixty-fourth of its stored pixels.
func (h Header) DecodedPixels(o DecodeOptions) int64 {
	s := int64(decodeScale(h.Format, h.Width, h.Height, o.Box))
	return int64((h.Width+int(s)-1)/int(s)) * int64((h.Height+int(s)-1)/int(s))
}

func isTIFF(data []byte) bool {
	return bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*"))
}
