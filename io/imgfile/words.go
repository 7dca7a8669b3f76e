package imgfile

import (
	"errors"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/augpipe/augpipe/io/imgerr"
)

// unsupported returns the *imgerr.UnsupportedError that a library
// decoder's error means, or nil when the error is about damaged data.
// Library decoders say "unsupported" for valid features they do not
// decode; these are never to be reported as corrupt. (augpipe's own
// decoders return *imgerr.UnsupportedError themselves: jpegdec names a
// JPEG's coding from its SOF marker before image/jpeg is tried, and BMP,
// GIF and TIFF never reach a library decoder. WebP's does,
// golang.org/x/image/webp, which says "invalid format" of all it does not
// read, so that a WebP it cannot decode is reported as corrupt.)
func unsupported(err error) error {
	var ju jpeg.UnsupportedError
	var pu png.UnsupportedError
	switch {
	case errors.Is(err, imgerr.ErrUnsupported):
		return err
	case errors.As(err, &ju):
		return imgerr.Unsupported("JPEG", string(ju))
	case errors.As(err, &pu):
		return imgerr.Unsupported("PNG", strings.TrimPrefix(string(pu), "png: "))
	}
	return nil
}

// classify returns err, or the *imgerr.UnsupportedError it means.
func classify(err error) error {
	if u := unsupported(err); u != nil {
		return u
	}
	return err
}
