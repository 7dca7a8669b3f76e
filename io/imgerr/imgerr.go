// Package imgerr holds the error values that augpipe's decoders, readers
// and job wrap, so that a caller tells the kinds of failure apart with
// errors.Is, whichever decoder or step failed:
//
//   - ErrTooLarge: the image declares more pixels than allowed, or its file
//     is far larger than its pixels can explain (a decompression bomb);
//   - ErrUnsupported: valid data that augpipe does not decode (a format or
//     a feature of one);
//   - ErrCorrupt: data that is damaged or truncated.
//
// The job package re-exports them; most callers need only that package.
package imgerr

import "errors"

// The kinds of failure a caller acts on.
var (
	// ErrTooLarge is wrapped by every refusal of an image for its size.
	ErrTooLarge = errors.New("image too large")
	// ErrUnsupported is wrapped by every refusal of valid data that
	// augpipe cannot decode: an unknown format, or a feature of a known one.
	ErrUnsupported = errors.New("unsupported image format or feature")
	// ErrCorrupt is wrapped by every failure caused by damaged or truncated
	// data.
	ErrCorrupt = errors.New("corrupt image data")
)

// Mark returns an error whose text is err's and which matches kind, as
// well as everything err matches, under errors.Is and errors.As. It
// classifies an error without changing its words. Mark(kind, nil) is nil.
func Mark(kind, err error) error {
	if err == nil {
		return nil
	}
	return &marked{kind: kind, err: err}
}

type marked struct{ kind, err error }

func (m *marked) Error() string   { return m.err.Error() }
func (m *marked) Unwrap() []error { return []error{m.kind, m.err} }
