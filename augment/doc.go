// Package augment is augpipe's job and the library's front door: it turns
// encoded images into blurred thumbnails, one at a time or on a pipeline of
// reader, worker and writer stages, and reports where the time went.
//
// A Processor is one worker's state: give it encoded bytes (Process) or an
// image (ProcessImage) and it returns the encoded output and a Record of
// what happened, reusing its memory from call to call. It starts no
// goroutines and touches no files.
//
// Run moves inputs the caller supplies (a list or an iterator; FindFS lists
// an fs.FS) through the whole pipeline into a Sink the caller supplies
// (DirSink writes files atomically). RunFolder is the command's job: it
// finds the images that folders, files, glob patterns and a list name,
// locks the output folder, can run the same work sequentially first as a
// baseline, and compares the two; PlanFolder says what it would do.
//
// A Template names each output (DefaultName is {dir}/{stem}.jpg), the one
// naming rule; Fingerprint is the fingerprint of the settings that decide
// an output's bytes, which the output folder's manifest (ManifestName)
// keeps for each output so that a SkipExisting run redoes what other
// settings or other input bytes made.
//
// A caller adds steps of its own with Config.Steps: each is timed and named
// in records and reports like the built-in ones.
//
// Errors are values: errors.Is tells ErrTooLarge, ErrUnsupported,
// ErrCorrupt, ErrLocked and a cancelled context apart, and errors.As finds
// a *ConfigError, a *StepError or a *StartError. Messages never name
// command-line flags.
package augment
