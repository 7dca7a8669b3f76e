package imgfile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"

	"github.com/augpipe/augpipe/io/tiffdec"
)

// metadataAllowance is how many bytes beyond its pixels an image file may
// hold (EXIF, thumbnails, ICC profiles, XMP) before ReadImage refuses it.
const metadataAllowance = 64 << 20

// bytesPerPixelMax is the most bytes per pixel an image file can need:
// uncompressed 16-bit RGBA, in PNG or TIFF.
const bytesPerPixelMax = 8

// Read reads the input's bytes whole, after checking its header so that
// hostile files cost no memory: an image whose header declares more than
// maxPixels pixels (no limit when maxPixels <= 0) is refused with an error
// wrapping ErrTooLarge before its data is read, and so is a file far larger
// than its declared size can explain (8 bytes a pixel plus 64 MiB of
// metadata: a valid header in front of gigabytes of junk). A header that
// cannot be read is not an error here: at most the first 64 MiB are read,
// for Decode to report what is wrong with them. Errors name the input.
func (in Input) Read(maxPixels int64) ([]byte, error) {
	f, size, err := in.open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return in.readStream(f, size, maxPixels)
	}
	// A SectionReader is both a Reader and a ReaderAt: TIFF's header
	// reader then seeks to the IFD instead of reading the whole file.
	cfg, _, err := headerOf(io.NewSectionReader(ra, 0, size))
	if size, err = in.checkHeader(cfg, err, size, maxPixels); err != nil {
		return nil, err
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(io.NewSectionReader(ra, 0, size), data); err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Path, pathless(err))
	}
	return data, nil
}

// readStream is Read for a file that cannot be read at offsets (a file in
// a zip archive): the header is read through a copy of what it consumed,
// then the rest follows it.
func (in Input) readStream(f io.Reader, size, maxPixels int64) ([]byte, error) {
	var head bytes.Buffer
	cfg, _, err := headerOfStream(io.TeeReader(io.LimitReader(f, size), &head))
	if size, err = in.checkHeader(cfg, err, size, maxPixels); err != nil {
		return nil, err
	}
	if int64(head.Len()) >= size {
		return head.Bytes()[:size], nil
	}
	data := make([]byte, size)
	n := copy(data, head.Bytes())
	if _, err := io.ReadFull(f, data[n:]); err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Path, pathless(err))
	}
	return data, nil
}

// checkHeader applies Read's rules to a header read with error err from a
// file of size bytes, and returns how many bytes to read.
func (in Input) checkHeader(cfg image.Config, err error, size, maxPixels int64) (int64, error) {
	if err != nil {
		// Decode will fail on the same header: its first bytes are enough
		// for it to say why, and a huge file that is no image (a video
		// named .jpg) is not read whole.
		return min(size, metadataAllowance), nil
	}
	if err := checkPixels(cfg.Width, cfg.Height, maxPixels); err != nil {
		return 0, fmt.Errorf("%s: %w", in.Path, err)
	}
	if limit := int64(cfg.Width)*int64(cfg.Height)*bytesPerPixelMax + metadataAllowance; size > limit {
		return 0, fmt.Errorf("%s: file is %d bytes, more than a %dx%d image can hold (%d): %w",
			in.Path, size, cfg.Width, cfg.Height, limit, ErrTooLarge)
	}
	return size, nil
}

// SHA256 returns the SHA-256 of the input's bytes, read whole. Errors
// name the input.
func (in Input) SHA256() ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, _, err := in.open()
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, fmt.Errorf("read %s: %w", in.Path, pathless(err))
	}
	h.Sum(sum[:0])
	return sum, nil
}

// open opens the input, with in.Open or else as the file at in.Path, and
// returns it with its size. Only regular files are read. Errors name the
// input.
func (in Input) open() (fs.File, int64, error) {
	if in.Open == nil {
		return openRegular(in.Path)
	}
	f, err := in.Open()
	if err != nil {
		return nil, 0, fmt.Errorf("open %s: %w", in.Path, pathless(err))
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("stat %s: %w", in.Path, pathless(err))
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s: not a regular file", in.Path)
	}
	return f, st.Size(), nil
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
// A TIFF header goes straight to io/tiffdec with the SectionReader:
// through image.DecodeConfig it would get a buffered reader and copy the
// file into memory up to wherever the header's IFD offset points. Only
// its size is read: a feature augpipe does not decode is refused by
// Decode, in the same words and at the same step whatever the file's size.
func headerOf(r *io.SectionReader) (cfg image.Config, format string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v: %w", p, ErrDecoderPanic)
		}
	}()
	var magic [16]byte
	n, _ := r.ReadAt(magic[:], 0)
	if isTIFF(magic[:n]) {
		cfg.Width, cfg.Height, err = tiffdec.Dimensions(r, r.Size())
		return cfg, "tiff", err
	}
	if f := ownFormat(magic[:n]); f != "" {
		cfg, err = ownConfig(f, r)
		return cfg, f, err
	}
	cfg, format, err = image.DecodeConfig(r)
	if err != nil && bytes.HasPrefix(magic[:n], []byte{0xFF, 0xD8}) {
		if c, ok := jpegFrameAt(r, r.Size()); ok {
			return c, "jpeg", nil
		}
	}
	return cfg, format, classify(err)
}

// headerOfStream is headerOf for a reader that cannot seek.
func headerOfStream(r io.Reader) (cfg image.Config, format string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v: %w", p, ErrDecoderPanic)
		}
	}()
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(4); isTIFF(magic) {
		// A TIFF's IFD may be anywhere: its header is read from the
		// whole file, held as it was in the TIFF decoder before.
		data, err := io.ReadAll(io.LimitReader(br, metadataAllowance))
		if err != nil {
			return image.Config{}, "tiff", err
		}
		cfg.Width, cfg.Height, err = tiffdec.Dimensions(bytes.NewReader(data), int64(len(data)))
		return cfg, "tiff", err
	}
	magic, _ := br.Peek(16)
	if f := ownFormat(magic); f != "" {
		cfg, err = ownConfig(f, br)
		return cfg, f, err
	}
	return image.DecodeConfig(br)
}

// Header is what an image file's header says.
type Header struct {
	// Format is the format's name, as image.DecodeConfig gives it.
	Format string
	// Width and Height are the stored image's size, before any EXIF
	// orientation.
	Width, Height int
	// Orientation is a JPEG's EXIF orientation, 1 to 8, read from the
	// segments before its image data; 1 when there is none, for other
	// formats, and for an input that cannot be read at offsets.
	Orientation int
}

// ReadHeader reads the input's header, and only as much of it as the
// header takes (for a JPEG, the segment headers and its Exif segment).
// Errors name the input.
func (in Input) ReadHeader() (Header, error) {
	f, size, err := in.open()
	if err != nil {
		return Header{}, err
	}
	defer f.Close()
	var cfg image.Config
	var format string
	ra, seekable := f.(io.ReaderAt)
	if seekable {
		cfg, format, err = headerOf(io.NewSectionReader(ra, 0, size))
	} else {
		cfg, format, err = headerOfStream(f)
	}
	if err != nil {
		return Header{}, fmt.Errorf("%s: header: %w", in.Path, err)
	}
	h := Header{Format: format, Width: cfg.Width, Height: cfg.Height, Orientation: 1}
	if format == "jpeg" && seekable {
		h.Orientation = jpegOrientationAt(ra, size)
	}
	return h, nil
}

// DecodedPixels is how many pixels Decoder.Decode produces for an image
// with this header under o: a JPEG decoded at reduced scale for o's box
// has a quarter, a sixteenth or a sixty-fourth of its stored pixels.
func (h Header) DecodedPixels(o DecodeOptions) int64 {
	s := int64(decodeScale(h.Format, h.Width, h.Height, h.Orientation, o))
	return int64((h.Width+int(s)-1)/int(s)) * int64((h.Height+int(s)-1)/int(s))
}

// isTIFF reports whether data starts as a classic TIFF or a BigTIFF file.
func isTIFF(data []byte) bool {
	for _, magic := range []string{"II*\x00", "MM\x00*", "II+\x00", "MM\x00+"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			return true
		}
	}
	return false
}
