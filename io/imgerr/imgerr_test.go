package imgerr_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"testing"

	"github.com/augpipe/augpipe/io/imgerr"
)

func TestMark(t *testing.T) {
	base := fmt.Errorf("truncated PNG data: %w", io.ErrUnexpectedEOF)
	err := fmt.Errorf("decode: %w", imgerr.Mark(imgerr.ErrCorrupt, base))
	if got, want := err.Error(), "decode: truncated PNG data: unexpected EOF"; got != want {
		t.Errorf("Error() = %q, want the words unchanged: %q", got, want)
	}
	for _, target := range []error{imgerr.ErrCorrupt, io.ErrUnexpectedEOF} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(%v, %v) = false, want true", err, target)
		}
	}
	for _, other := range []error{imgerr.ErrTooLarge, imgerr.ErrUnsupported} {
		if errors.Is(err, other) {
			t.Errorf("errors.Is(%v, %v) = true, want false", err, other)
		}
	}
	var pe *fs.PathError
	wrapped := imgerr.Mark(imgerr.ErrUnsupported, &fs.PathError{Op: "open", Path: "a.jpg", Err: fs.ErrNotExist})
	if !errors.As(wrapped, &pe) || pe.Path != "a.jpg" {
		t.Errorf("errors.As through Mark: got %v, want the *fs.PathError", pe)
	}
	if imgerr.Mark(imgerr.ErrCorrupt, nil) != nil {
		t.Error("Mark(kind, nil) is not nil")
	}
}
