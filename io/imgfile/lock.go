package imgfile

import "errors"

// LockName is the file in an output folder that a run holds locked while it
// writes there. It is removed when the run ends; one left by a killed run is
// reused by the next.
const LockName = ".augpipe-lock"

// ErrLocked is returned (wrapped) by LockFolder when another run holds the
// folder.
var ErrLocked = errors.New("in use by another augpipe run")

// LockFolder takes the output folder dir for this process until unlock is
// called or the process exits, however it exits (the kernel drops the
// lock). Two runs writing into one folder would remove each other's
// temporary files and write the same outputs. The error names the folder,
// and, when another run holds it, wraps ErrLocked and gives that run's
// process ID. Where the system has no flock, LockFolder does nothing.
func LockFolder(dir string) (unlock func(), err error) {
	return lockFolder(dir)
}
