package augment

import (
	"errors"
	"fmt"

	"github.com/augpipe/augpipe/io/imgerr"
	"github.com/augpipe/augpipe/io/imgfile"
)

// The kinds of failure a caller acts on, for errors.Is. A failed file's
// error (Record.Err, and the error Process returns) matches one of the
// first three when the image is to blame; a run that could not start
// because another run holds its output folder matches ErrLocked; a
// cancelled run or file matches ctx's error (context.Canceled or
// context.DeadlineExceeded).
var (
	// ErrTooLarge: the image declares more pixels than Config.MaxPixels,
	// or its file is far larger than its pixels can explain. Every decoder
	// wraps this one value.
	ErrTooLarge = imgerr.ErrTooLarge
	// ErrUnsupported: valid data that augpipe does not decode, a format or
	// a feature of one.
	ErrUnsupported = imgerr.ErrUnsupported
	// ErrCorrupt: damaged or truncated data.
	ErrCorrupt = imgerr.ErrCorrupt
	// ErrLocked: another augpipe run is writing to the output folder
	// (errors.As finds an *imgfile.LockedError with the folder and the
	// other run's process ID).
	ErrLocked = imgfile.ErrLocked
	// ErrOverwritesInput: an output would replace one of the inputs.
	ErrOverwritesInput = errors.New("output would overwrite an input")
)

// A ConfigError is a setting that cannot be used. It names the Config or
// FolderJob field, so that a program can say it in its own words (the
// command names its flag).
type ConfigError struct {
	// Field is the field's name in Config or FolderJob, e.g. "Quality".
	Field string
	// Value is the value given, nil when the field is missing.
	Value any
	// Reason says what the value must be.
	Reason string
}

func (e *ConfigError) Error() string {
	switch v := e.Value.(type) {
	case nil:
		return fmt.Sprintf("%s %s", e.Field, e.Reason)
	case string:
		return fmt.Sprintf("%s %q: %s", e.Field, v, e.Reason)
	default:
		return fmt.Sprintf("%s %v: %s", e.Field, v, e.Reason)
	}
}

// A StepError is the failure of one input in one step. Its text is the
// step's name and the reason ("decode: corrupt JPEG header: ..."); it
// unwraps to the reason, so errors.Is(err, ErrCorrupt) and the like work
// through it.
type StepError struct {
	// Step is the step's name: StepRead, StepDecode, a Config.Steps name...
	Step string
	Err  error
}

func (e *StepError) Error() string { return e.Step + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e *StepError) Unwrap() error { return e.Err }

// A PanicError is a step that panicked, built-in or the caller's. The
// Processor recovers: the input fails with a *StepError around the
// PanicError, and the run goes on with the other inputs.
type PanicError struct {
	// Value is what the step panicked with.
	Value any
	// Stack is the panicking goroutine's stack, for the step's author.
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns Value when it is an error (a runtime.Error, say), or nil.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// A StartError is a run that could not start: an unusable setting, input
// folder or output folder, or another run holding the output folder.
// Nothing was done. It unwraps to the reason (a *ConfigError, an error
// matching ErrLocked or ErrOverwritesInput, an *os.PathError...).
type StartError struct{ Err error }

func (e *StartError) Error() string { return e.Err.Error() }

// Unwrap returns the reason.
func (e *StartError) Unwrap() error { return e.Err }

func startErr(err error) error {
	if err == nil {
		return nil
	}
	return &StartError{Err: err}
}

// overwriteError is an output that would replace an input.
type overwriteError struct{ out, in string }

func (e *overwriteError) Error() string {
	return fmt.Sprintf("output %s would overwrite the input %s", e.out, e.in)
}

func (e *overwriteError) Unwrap() error { return ErrOverwritesInput }
