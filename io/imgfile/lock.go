package imgfile

import (
	"errors"
	"fmt"
)

// LockName is the file in an output folder that a run holds locked while it
// writes there. It is removed when the run ends; one left by a killed run is
// reused by the next.
const LockName = ".augpipe-lock"

// ErrLocked is returned (wrapped, in a *LockedError) by LockFolder when
// another run holds the folder.
var ErrLocked = errors.New("in use by another augpipe run")

// A LockedError is an output folder that another augpipe run holds. It
// matches ErrLocked.
type LockedError struct {
	// Dir is the folder.
	Dir string
	// PID is the holding process's ID as its lock file gives it, or ""
	// when the file does not say.
	PID string
}

func (e *LockedError) Error() string {
	if e.PID != "" {
		return fmt.Sprintf("output folder %s is %v (process %s)", e.Dir, ErrLocked, e.PID)
	}
	return fmt.Sprintf("output folder %s is %v", e.Dir, ErrLocked)
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// LockFolder takes the output folder dir for this process until unlock is
// called or the process exits, however it exits (the kernel drops the
// lock). Two runs writing into one folder would remove each other's
// temporary files and write the same outputs. The error names the folder,
// and, when another run holds it, wraps ErrLocked and gives that run's
// process ID. Where the system has no flock, LockFolder does nothing.
func LockFolder(dir string) (unlock func(), err error) {
	return lockFolder(dir)
}
