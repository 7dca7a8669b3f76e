package augment

import (
	"context"
	"path/filepath"

	"github.com/augpipe/augpipe/io/imgfile"
)

// A Sink stores a run's outputs. Run calls it from its writer goroutines,
// Config.Writers of them at once.
type Sink interface {
	// Path returns where the output named name goes, for records and
	// messages. name is a relative path with forward slashes.
	Path(name string) string
	// Write stores data as the output named name, whole or not at all.
	Write(ctx context.Context, name string, data []byte) error
}

// DirSink writes outputs as files under a folder, atomically: each is
// written to a temporary file in the same folder, synced and renamed into
// place, so that a reader never sees half an output and an interrupted run
// leaves none.
type DirSink struct {
	// Dir is the output folder, created as needed.
	Dir string
	// Temps, when set, tracks the temporary files being written, so that
	// a program quitting at once (a second Ctrl-C) can remove them with
	// Temps.Abort.
	Temps *imgfile.Temps
}

// Path returns name's path under the folder.
func (s DirSink) Path(name string) string {
	return filepath.Join(s.Dir, filepath.FromSlash(name))
}

// Write writes data to name's path under the folder, atomically.
func (s DirSink) Write(_ context.Context, name string, data []byte) error {
	return s.Temps.WriteAtomic(s.Path(name), data)
}
