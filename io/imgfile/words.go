package imgfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"strings"

	"golang.org/x/image/bmp"

	"github.com/augpipe/augpipe/io/imgerr"
)

// unsupported returns the *imgerr.UnsupportedError that a library
// decoder's error on data means, or nil when the error is about damaged
// data. Library decoders say "unsupported" for valid features they do not
// decode; these are never to be reported as corrupt.
func unsupported(data []byte, err error) error {
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	switch {
	case errors.Is(err, imgerr.ErrUnsupported):
		return err
	case errors.As(err, &ju):
		if f := jpegFeature(data); f != "" {
			return imgerr.Unsupported("JPEG", f)
		}
		return imgerr.Unsupported("JPEG", string(ju))
	case errors.As(err, &pu):
		return imgerr.Unsupported("PNG", strings.TrimPrefix(string(pu), "png: "))
	case errors.Is(err, bmp.ErrUnsupported):
		return imgerr.Unsupported("BMP", bmpFeature(data))
	}
	return nil
}

// jpegFeature names the coding of a JPEG from its SOF marker when it is
// one that neither augpipe's decoder nor image/jpeg decodes, or "".
func jpegFeature(data []byte) string {
	for i := 2; i+4 <= len(data) && data[i] == 0xff; {
		marker := data[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		switch {
		case marker == 0xda:
			return ""
		case marker == 0xc3:
			return "lossless coding (SOF3)"
		case marker >= 0xc5 && marker <= 0xc7:
			return fmt.Sprintf("hierarchical coding (SOF%d)", marker-0xc0)
		case marker >= 0xc9 && marker <= 0xcf && marker != 0xcc:
			return fmt.Sprintf("arithmetic coding (SOF%d)", marker-0xc0)
		case (marker == 0xc0 || marker == 0xc1 || marker == 0xc2) && i+4 < len(data) && data[i+4] != 8:
			return fmt.Sprintf("%d-bit samples", data[i+4])
		}
		i += 2 + n
	}
	return ""
}

// bmpFeature names what a BMP file holds that x/image/bmp does not
// decode, from its header: the header's kind, the bits per pixel and the
// compression.
func bmpFeature(data []byte) string {
	if len(data) < 18 {
		return "header"
	}
	hs := binary.LittleEndian.Uint32(data[14:])
	var bpp, comp uint32
	switch {
	case hs == 12 && len(data) >= 26:
		return fmt.Sprintf("OS/2 1.x header, %d bits per pixel", binary.LittleEndian.Uint16(data[24:]))
	case hs >= 16 && len(data) >= 34:
		bpp, comp = uint32(binary.LittleEndian.Uint16(data[28:])), binary.LittleEndian.Uint32(data[30:])
	default:
		return fmt.Sprintf("header of %d bytes", hs)
	}
	kind := map[uint32]string{16: "OS/2 2.x ", 64: "OS/2 2.x ", 40: "", 52: "v2 ", 56: "v3 ", 108: "v4 ", 124: "v5 "}[hs]
	compression := map[uint32]string{0: "uncompressed", 1: "RLE8", 2: "RLE4", 3: "bitfields", 4: "embedded JPEG", 5: "embedded PNG", 6: "alpha bitfields", 11: "CMYK", 12: "CMYK RLE8", 13: "CMYK RLE4"}[comp]
	if compression == "" {
		compression = fmt.Sprintf("compression %d", comp)
	}
	return fmt.Sprintf("%s%d bits per pixel, %s", kind, bpp, compression)
}
