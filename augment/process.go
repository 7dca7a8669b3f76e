package augment

import (
	"context"
	"fmt"
	"image"
	"time"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/stages"
)

// task is one file on its way through the steps. The pipeline and the
// baseline both move it with the same three functions: read, transform and
// write.
type task struct {
	in  imgfile.Input
	rec *FileRecord
	// data holds the file's bytes between read and decode, then the encoded
	// output between encode and write.
	data []byte
	// icc is the input's ICC profile, carried from decode to encode.
	icc []byte
	// temps, when set, tracks the output's temporary file while it is written.
	temps *imgfile.Temps
}

func newTask(in imgfile.Input, out string) *task {
	return &task{in: in, rec: &FileRecord{Input: in.Path, Output: out, BytesIn: in.Size}}
}

func (t *task) failed() bool { return t.rec.Err != "" }

func (t *task) fail(step Step, err error) {
	t.rec.Status = StatusFailed
	t.rec.Err = fmt.Sprintf("%s: %v", step, err)
	t.data = nil
}

// timed runs fn and adds its duration to the file's time for step.
func (t *task) timed(step Step, fn func() error) error {
	start := time.Now()
	err := fn()
	t.rec.Steps[step] += time.Since(start)
	if err != nil {
		t.fail(step, err)
	}
	return err
}

// ProcessFile runs one input through every step, read to write, on the
// calling goroutine, writing the output to out, with memory of its own
// (see Processor to keep it from file to file). The pipeline runs the same
// steps split across its stages.
func ProcessFile(ctx context.Context, cfg *Config, in imgfile.Input, out string) *FileRecord {
	return new(Processor).Process(ctx, cfg, in, out)
}

// A Processor is what one worker keeps from file to file: its decoder's and
// its image steps' memory. Process runs inputs through every step, read to
// write, one at a time on the calling goroutine: it is the unit of work of
// the baseline and of the benchmark's simpler strategies, and each pipeline
// worker transforms its files with a Processor of its own. The zero value
// is ready to use; a Processor is not safe for concurrent use: give each
// goroutine its own.
type Processor struct {
	scratch stages.Scratch
	decoder imgfile.Decoder
}

// Process is ProcessFile with p's memory.
func (p *Processor) Process(ctx context.Context, cfg *Config, in imgfile.Input, out string) *FileRecord {
	t := newTask(in, out)
	t.read(cfg)
	t.transform(ctx, cfg, p)
	t.write(out)
	if t.rec.Status == "" {
		t.rec.Status = StatusCancelled
	}
	return t.rec
}

// read loads the input file's bytes, refusing from its header an image
// over cfg.MaxPixels.
func (t *task) read(cfg *Config) {
	t.timed(StepRead, func() error {
		data, err := imgfile.ReadImage(t.in.Path, cfg.MaxPixels)
		t.data = data
		if err == nil {
			t.rec.BytesIn = int64(len(data))
		}
		return err
	})
}

// transform decodes, blurs, thumbnails and encodes: the CPU work, with the
// memory of wk, the worker's Processor.
//
// EXIF orientation is applied with the thumbnail, to the small image: the
// blur is isotropic and the box square, so orienting commutes with both
// (the thumbnail size is computed in the upright frame). With cfg.Order
// fit-first the thumbnail comes first and the blur's sigma is scaled by the
// thumbnail's ratio, as a Pillow user would do it; blur-first is the
// original order.
//
// In fit-first order a JPEG is decoded at the smallest of 1/2, 1/4 and 1/8
// scale that still covers the thumbnail (the decoder averages whole blocks,
// exactly as a box filter would); sizes and sigma are computed from the
// image's stored size all the same.
func (t *task) transform(ctx context.Context, cfg *Config, wk *Processor) {
	if t.failed() {
		return
	}
	// The images of the worker's previous photo are no longer used: this
	// one's decoded, resized and blurred images go in their memory.
	wk.scratch.Reuse()
	var img image.Image
	orientation := 1
	if t.timed(StepDecode, func() error {
		opts := imgfile.DecodeOptions{MaxPixels: cfg.MaxPixels, Alloc: &wk.scratch}
		if cfg.Order == OrderFitFirst {
			opts.Box = cfg.MaxSize
		}
		d, err := wk.decoder.Decode(t.data, opts)
		if err != nil {
			return err
		}
		t.rec.Format, t.rec.Decoder = d.Format, d.Decoder
		t.icc = d.ICC
		img = stages.Flatten(d.Image)
		orientation = d.Orientation
		t.rec.Width, t.rec.Height = stages.OrientedSize(d.Width, d.Height, orientation)
		t.data = nil
		return nil
	}) != nil {
		return
	}
	w, h := stages.ThumbnailSize(t.rec.Width, t.rec.Height, cfg.MaxSize)
	blur := func(sigma float64) {
		t.timed(StepBlur, func() error {
			img = stages.Blur(&wk.scratch, img, sigma)
			return nil
		})
	}
	thumbnail := func() {
		t.timed(StepThumbnail, func() error {
			img = stages.ResizeOriented(&wk.scratch, img, w, h, orientation)
			return nil
		})
	}
	if cfg.Order == OrderBlurFirst {
		blur(cfg.Sigma)
		if ctx.Err() != nil {
			return
		}
		thumbnail()
	} else {
		thumbnail()
		if ctx.Err() != nil {
			return
		}
		blur(cfg.Sigma * float64(w) / float64(t.rec.Width))
	}
	if ctx.Err() != nil {
		return
	}
	b := img.Bounds()
	t.rec.OutWidth, t.rec.OutHeight = b.Dx(), b.Dy()
	t.timed(StepEncode, func() (err error) {
		t.data, err = imgfile.EncodeJPEG(img, cfg.Quality)
		if err == nil {
			t.data, _ = imgfile.EmbedICC(t.data, t.icc)
		}
		t.icc = nil
		return err
	})
}

// write stores the encoded output atomically at path.
func (t *task) write(path string) {
	if t.failed() || t.data == nil {
		return
	}
	if t.timed(StepWrite, func() error { return t.temps.WriteAtomic(path, t.data) }) == nil {
		t.rec.Status = StatusWritten
		t.rec.BytesOut = int64(len(t.data))
	}
	t.data = nil
}
