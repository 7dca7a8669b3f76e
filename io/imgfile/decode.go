package imgfile

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registers GIF
	_ "image/jpeg"
	_ "image/png"
	"io"

	_ "golang.org/x/image/webp"

	"github.com/augpipe/augpipe/io/imgerr"
	"github.com/augpipe/augpipe/io/jpegdec"
	"github.com/augpipe/augpipe/io/pngdec"
	"github.com/augpipe/augpipe/io/tiffdec"
)

// ErrTooLarge is returned (wrapped) by Decode and ReadImage for images
// whose header declares more pixels than the limit allows. It is
// imgerr.ErrTooLarge, which jpegdec wraps too.
var ErrTooLarge = imgerr.ErrTooLarge

// ErrDecoderPanic is returned (wrapped) by Decode when a decoder panicked
// on malformed data: the file fails, the run goes on. It matches
// imgerr.ErrCorrupt.
var ErrDecoderPanic = imgerr.Mark(imgerr.ErrCorrupt, errors.New("decoder crashed on malformed data"))

// ErrNotImage is returned (wrapped) by Decode for data in no format it
// knows. It matches imgerr.ErrUnsupported.
var ErrNotImage = imgerr.Mark(imgerr.ErrUnsupported, errors.New("not an image in a supported format"))

// Decoded is a decoded image and what augpipe needs to know about its file.
type Decoded struct {
	Image image.Image
	// Format is the decoder that read it: "jpeg", "png", "gif", "bmp", "tiff", "webp".
	Format string
	// Orientation is the EXIF orientation, 1 (upright) to 8; 1 when absent.
	Orientation int
	// ICC is the embedded ICC colour profile (JPEG, PNG, WebP), nil when
	// there is none or it is malformed. EmbedICC carries it into the output.
	ICC []byte
	// Width and Height are the image's size as stored, before any reduced
	// scale decoding: Image may be smaller (see Scale).
	Width, Height int
	// Scale is the reduction the decoder applied: Image is about
	// Width/Scale x Height/Scale. 1 but for JPEGs decoded with a Box.
	Scale int
	// ReduceX and ReduceY are the box reduction a PNG was decoded with
	// (see DecodeOptions.Reduce): Image is the stored image with each
	// ReduceX x ReduceY block averaged, ceil(Width/ReduceX) x
	// ceil(Height/ReduceY). 1 and 1 otherwise.
	ReduceX, ReduceY int
	// Decoder names the decoder that ran, e.g. "jpegdec 1/4", "image/jpeg".
	Decoder string
	// Metadata is the file's EXIF, XMP and IPTC, read only when
	// DecodeOptions.Metadata asks for it. EmbedMetadata carries it into
	// the output.
	Metadata Metadata
	// Damage, when not nil, says why Image is incomplete: the file's data
	// is damaged or truncated part-way, and the rows that could not be
	// decoded repeat the last row that could. Only a Decode with
	// DecodeOptions.KeepDamaged returns such an image.
	Damage error
}

// DecodeOptions say how a Decoder decodes.
type DecodeOptions struct {
	// MaxPixels refuses, from the header, an image of more pixels
	// (no limit when <= 0).
	MaxPixels int64
	// Box, when positive, allows a JPEG to be decoded at 1/2, 1/4 or 1/8
	// scale: the smallest scale whose image still covers a thumbnail
	// fitting a Box x Box square. 0 decodes at full size.
	Box int
	// BoxWidth and BoxHeight, when either is positive, replace Box by a
	// BoxWidth x BoxHeight box, in the upright frame (after EXIF
	// orientation); a side of 0 is free.
	BoxWidth, BoxHeight int
	// Crop says that the image will fill the box and be cropped to it
	// rather than fit inside it: a JPEG is then decoded at the smallest
	// scale at which it still has as many pixels as the box, so that
	// every part of the crop keeps at least one pixel per output pixel.
	Crop bool
	// Metadata asks for the file's EXIF, XMP and IPTC (Decoded.Metadata).
	Metadata bool
	// Alloc, when set, makes the images of JPEGs that augpipe's own
	// decoder decodes, and of PNGs decoded shrunk (see Reduce), so that
	// the caller can recycle their memory.
	Alloc jpegdec.Allocator
	// KeepDamaged makes a JPEG, PNG or GIF whose data is damaged or
	// truncated part-way decode to what could be decoded, the rows after
	// it repeating the last decoded row (as libjpeg does), with
	// Decoded.Damage saying why, instead of failing. It is the one case in
	// which a decoder makes pixels that are not in the file, and only
	// when asked.
	KeepDamaged bool
	// Reduce, when set, lets a PNG be decoded shrunk: it is called with
	// the image's size as stored and its EXIF orientation and returns
	// integer factors kx, ky; the PNG is then decoded with each kx x ky
	// block averaged, in the 8-bit form the stages work in (see
	// pngdec.Options.Reduce), and Decoded.ReduceX and ReduceY say the
	// factors used.
	Reduce func(w, h, orientation int) (kx, ky int)
	// Flatten, with Reduce, composites a PNG's transparency onto white as
	// it decodes, as stages.Flatten would.
	Flatten bool
	// YCbCr, with Reduce and Flatten, has a shrunk colour PNG given as a
	// 4:2:0 *image.YCbCr, the form a JPEG output is encoded from.
	YCbCr bool
}

// A Decoder decodes images, keeping the JPEG decoder's buffers from one
// call to the next. The zero value is ready to use; a Decoder is not safe
// for concurrent use: give each worker goroutine its own.
type Decoder struct {
	jpeg jpegdec.Decoder
	png  pngdec.Decoder
}

// Decode decodes an image at full size with a fresh Decoder: see
// Decoder.Decode.
func Decode(data []byte, maxPixels int64) (Decoded, error) {
	var dec Decoder
	return dec.Decode(data, DecodeOptions{MaxPixels: maxPixels})
}

// Decode decodes an image, choosing the decoder by content, not by name.
// It reads the header first and refuses, before any pixel buffer is
// allocated, an image of more than o.MaxPixels pixels. JPEGs go to
// augpipe's own decoder (io/jpegdec), at reduced scale when o.Box allows,
// and to image/jpeg at full size for what it does not decode (CMYK/YCCK,
// RGB-coded); TIFFs to io/tiffdec. A valid file with a feature no decoder
// here reads (a 12-bit, lossless or hierarchical JPEG, a BMP holding a
// JPEG...) fails with an *imgerr.UnsupportedError naming it, never as
// corrupt. A decoder that panics on malformed data fails the file with
// ErrDecoderPanic instead of the whole process. Errors do not name the
// file: the caller wraps them.
func (dec *Decoder) Decode(data []byte, o DecodeOptions) (d Decoded, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = Decoded{}, fmt.Errorf("%s: %v: %w", formatName(data), r, ErrDecoderPanic)
		}
	}()
	if len(data) == 0 {
		return Decoded{}, fmt.Errorf("empty file: %w", ErrNotImage)
	}
	if isTIFF(data) {
		return decodeTIFF(data, o)
	}
	if format := ownFormat(data); format != "" {
		return decodeOwn(format, data, o)
	}
	cfg, format, err := decodeConfig(data)
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			if what := sniff(data); what != "" {
				return Decoded{}, fmt.Errorf("%s: %w", what, ErrNotImage)
			}
			return Decoded{}, ErrNotImage
		}
		return Decoded{}, headerError(data, err)
	}
	if err := checkPixels(cfg.Width, cfg.Height, o.MaxPixels); err != nil {
		return Decoded{}, err
	}
	// A JPEG or a PNG (TIFF and the own formats went their ways above):
	// named for the standard library's decoder until augpipe's takes it.
	d = headerOnly(format, data, cfg, o, "image/"+format)
	if format == "jpeg" {
		scale := decodeScale(format, cfg.Width, cfg.Height, d.Orientation, o)
		img, err := dec.jpeg.Decode(data, jpegdec.Options{Scale: scale, MaxPixels: o.MaxPixels, Alloc: o.Alloc, Partial: o.KeepDamaged})
		switch {
		case err == nil || (img != nil && errors.Is(err, imgerr.ErrCorrupt)):
			d.Image, d.Scale, d.Decoder = img, scale, "jpegdec"
			if scale > 1 {
				d.Decoder = fmt.Sprintf("jpegdec 1/%d", scale)
			}
			if err != nil { // kept, as damaged, by o.KeepDamaged
				d.Damage = fmt.Errorf("corrupt or truncated JPEG data: %w", err)
			}
			return d, nil
		case !errors.Is(err, jpegdec.ErrUnsupported):
			return Decoded{}, corrupt(fmt.Errorf("corrupt or truncated JPEG data: %w", err))
		}
		// Unsupported by jpegdec: image/jpeg decodes it at full size.
	}
	if format == "png" {
		if err := dec.decodePNG(data, o, &d); err != nil {
			return Decoded{}, err
		}
		return d, nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		if u := unsupported(err); u != nil {
			return Decoded{}, u
		}
		if truncated(err) {
			return Decoded{}, corrupt(fmt.Errorf("truncated %s data: %w", formatName(data), err))
		}
		return Decoded{}, corrupt(fmt.Errorf("corrupt or truncated %s data: %w", formatName(data), err))
	}
	d.Image = img
	return d, nil
}

// decodeTIFF decodes a TIFF or BigTIFF file with io/tiffdec, which reads
// at offsets and refuses by name every feature it does not decode.
func decodeTIFF(data []byte, o DecodeOptions) (Decoded, error) {
	r := bytes.NewReader(data)
	cfg, err := tiffdec.DecodeConfig(r, int64(len(data)))
	if err != nil {
		return Decoded{}, err
	}
	if err := checkPixels(cfg.Width, cfg.Height, o.MaxPixels); err != nil {
		return Decoded{}, err
	}
	d := headerOnly("tiff", data, image.Config{Width: cfg.Width, Height: cfg.Height}, o, "tiffdec")
	if d.Image, err = tiffdec.Decode(r, int64(len(data)), tiffdec.Options{MaxPixels: o.MaxPixels}); err != nil {
		return Decoded{}, err
	}
	return d, nil
}

// headerOnly is the Decoded of a file of the given format whose header
// says cfg, before its image is decoded, with decoder's name.
func headerOnly(format string, data []byte, cfg image.Config, o DecodeOptions, decoder string) Decoded {
	d := Decoded{
		Format:      format,
		Orientation: orientationOf(format, data),
		ICC:         iccProfile(format, data),
		Width:       cfg.Width,
		Height:      cfg.Height,
		Scale:       1,
		ReduceX:     1,
		ReduceY:     1,
		Decoder:     decoder,
	}
	if o.Metadata {
		d.Metadata = metadataOf(format, data)
	}
	return d
}

// decodePNG decodes a PNG with augpipe's own decoder into d, shrunk as
// o.Reduce allows.
func (dec *Decoder) decodePNG(data []byte, o DecodeOptions, d *Decoded) error {
	po := pngdec.Options{MaxPixels: o.MaxPixels, Flatten: o.Flatten, YCbCr: o.YCbCr, Alloc: o.Alloc}
	kx, ky := 1, 1
	if o.Reduce != nil {
		po.Reduce = func(w, h int) (int, int) {
			kx, ky = o.Reduce(w, h, d.Orientation)
			kx, ky = min(max(kx, 1), pngdec.MaxReduce), min(max(ky, 1), pngdec.MaxReduce)
			return kx, ky
		}
	}
	img, err := dec.png.Decode(data, po)
	if err != nil {
		if o.KeepDamaged {
			if m := damagedPNG(data); m != nil {
				d.Image, d.Decoder = m, "imgfile/png damaged"
				d.Damage = corrupt(fmt.Errorf("corrupt or truncated PNG data: %w", err))
				return nil
			}
		}
		if truncated(err) {
			return corrupt(fmt.Errorf("truncated PNG data: %w", err))
		}
		return corrupt(fmt.Errorf("corrupt or truncated PNG data: %w", err))
	}
	d.Image, d.ReduceX, d.ReduceY, d.Decoder = img, kx, ky, "pngdec"
	if kx > 1 || ky > 1 {
		d.Decoder = fmt.Sprintf("pngdec box %dx%d", kx, ky)
	}
	return nil
}

// decodeScale is the scale Decode decodes an image at: for a JPEG and a
// box, the smallest of 1/2, 1/4 and 1/8 whose image still covers the
// thumbnail (or, with o.Crop, the box); 1 otherwise. w and h are the size
// as stored, orientation the EXIF orientation that turns it upright.
func decodeScale(format string, w, h, orientation int, o DecodeOptions) int {
	if format != "jpeg" {
		return 1
	}
	bw, bh := o.BoxWidth, o.BoxHeight
	if bw <= 0 && bh <= 0 {
		if o.Crop {
			bw, bh = o.Box, o.Box
		} else {
			return jpegdec.ScaleFor(w, h, o.Box)
		}
	}
	if orientation >= 5 && orientation <= 8 { // the box, as stored
		bw, bh = bh, bw
	}
	if o.Crop {
		return jpegdec.ScaleToCover(w, h, bw, bh)
	}
	return jpegdec.ScaleForBox(w, h, bw, bh)
}

// corrupt marks a decoder's failure on data it rejected as damaged data,
// unless the decoder already said what it is (jpegdec's errors do).
func corrupt(err error) error {
	if errors.Is(err, imgerr.ErrCorrupt) || errors.Is(err, imgerr.ErrUnsupported) || errors.Is(err, imgerr.ErrTooLarge) {
		return err
	}
	return imgerr.Mark(imgerr.ErrCorrupt, err)
}

func truncated(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// checkPixels returns an error wrapping ErrTooLarge when a w x h image is
// over maxPixels (no limit when maxPixels <= 0), or has no pixels.
func checkPixels(w, h int, maxPixels int64) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("image declares no pixels (%dx%d)", w, h)
	}
	if maxPixels > 0 && int64(w)*int64(h) > maxPixels {
		return fmt.Errorf("%dx%d is %.1f megapixels, over the limit of %.1f: %w",
			w, h, float64(w)*float64(h)/1e6, float64(maxPixels)/1e6, ErrTooLarge)
	}
	return nil
}

// sniff names content that is not in a decodable format but is
// recognisable, for the error message of a file whose name claims an image
// format, or returns "".
func sniff(data []byte) string {
	switch {
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		return fmt.Sprintf("ISO media data (brand %q: HEIF, AVIF or video), which augpipe cannot decode", data[8:12])
	case bytes.HasPrefix(data, []byte("\xff\x0a")), bytes.HasPrefix(data, []byte("\x00\x00\x00\x0cJXL ")):
		return "JPEG XL data, which augpipe cannot decode"
	case bytes.HasPrefix(data, []byte("8BPS")):
		return "Photoshop data, which augpipe cannot decode"
	}
	return ""
}

// formatName guesses a format from magic bytes, for error messages only.
func formatName(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		return "JPEG"
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		return "PNG"
	case bytes.HasPrefix(data, []byte("GIF8")):
		return "GIF"
	case bytes.HasPrefix(data, []byte("BM")):
		return "BMP"
	case isTIFF(data):
		return "TIFF"
	case len(data) >= 12 && string(data[8:12]) == "WEBP":
		return "WebP"
	}
	return "image"
}
