package augment

import (
	"context"
	"image"

	"github.com/augpipe/augpipe/stages"
)

// A Step is an operation of the caller's on each image, added to the chain
// with Config.Steps. It is timed, and named in records and reports, like
// the built-in steps.
type Step struct {
	// Name names the step in records and reports. It must be unique in
	// the chain and differ from the built-in steps' names.
	Name string
	// Apply transforms f.Image, replacing it with its result. An error
	// fails the input, as a *StepError naming the step. Apply runs on the
	// worker's goroutine, one image at a time per worker: it may keep
	// nothing between calls but what it guards itself.
	Apply func(ctx context.Context, f *Frame) error
}

// A Frame is the image a worker's steps pass along, with the worker's
// memory.
type Frame struct {
	// Image is the image so far: upright, thumbnailed and blurred by the
	// time the caller's steps see it. A step sets it to its result.
	Image image.Image
	// Scratch is the worker's working memory, reused from image to image:
	// pass it to the functions of package stages. Images they make with it
	// stay valid until the worker starts its next image.
	Scratch *stages.Scratch
	// Record is the input's record so far: its name, format and sizes.
	// Steps read it; the Processor fills it in.
	Record *Record
}
