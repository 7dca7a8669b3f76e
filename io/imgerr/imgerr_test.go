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

func TestUnsupportedError(t *testing.T) {
	err := fmt.Errorf("decode a.tif: %w", imgerr.Unsupported("TIFF", "old-style JPEG compression"))
	if got, want := err.Error(), "decode a.tif: unsupported TIFF feature: old-style JPEG compression"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, imgerr.ErrUnsupported) {
		t.Errorf("errors.Is(%v, ErrUnsupported) = false, want true", err)
	}
	for _, other := range []error{imgerr.ErrCorrupt, imgerr.ErrTooLarge} {
		if errors.Is(err, other) {
			t.Errorf("errors.Is(%v, %v) = true, want false", err, other)
		}
	}
	var ue *imgerr.UnsupportedError
	if !errors.As(err, &ue) || ue.Format != "TIFF" || ue.Feature != "old-style JPEG compression" {
		t.Errorf("errors.As: got %+v, want Format TIFF and the feature", ue)
	}
}
