package tiffdec

import (
	"errors"
	"fmt"
	"io"

	"github.com/augpipe/augpipe/io/imgerr"
)

// unsupportedf is the error for a valid feature the decoder does not
// decode.
func unsupportedf(format string, args ...any) error {
	return imgerr.Unsupported("TIFF", fmt.Sprintf(format, args...))
}

// corruptf is the error for damaged data.
func corruptf(format string, args ...any) error {
	return imgerr.Mark(imgerr.ErrCorrupt, fmt.Errorf("corrupt TIFF data: "+format, args...))
}

// truncated is the error for data that ends early while reading what.
func truncated(what string, err error) error {
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return imgerr.Mark(imgerr.ErrCorrupt, fmt.Errorf("truncated TIFF data (%s): %w", what, err))
}
