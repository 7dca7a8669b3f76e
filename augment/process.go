package augment

import (
	"context"
	"fmt"
	"image"
	"time"

	"augpipe/io/imgfile"
	"augpipe/stages"
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
// calling goroutine, writing the output to out. It is the unit of work of
// the baseline and of the benchmark's simpler strategies; the pipeline runs
// the same steps split across its stages.
func ProcessFile(ctx context.Context, cfg *Config, in imgfile.Input, out string) *FileRecord {
	t := newTask(in, out)
	t.read(cfg)
	t.transform(ctx, cfg)
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

// transform decodes, blurs, thumbnails and encodes: the CPU work.
func (t *task) transform(ctx context.Context, cfg *Config) {
	if t.failed() {
		return
	}
	var img image.Image
	if t.timed(StepDecode, func() error {
		d, err := imgfile.Decode(t.data, cfg.MaxPixels)
		if err != nil {
			return err
		}
		t.rec.Format = d.Format
		t.icc = d.ICC
		img = stages.Flatten(stages.Orient(d.Image, d.Orientation))
		b := img.Bounds()
		t.rec.Width, t.rec.Height = b.Dx(), b.Dy()
		t.data = nil
		return nil
	}) != nil {
		return
	}
	if ctx.Err() != nil {
		return
	}
	t.timed(StepBlur, func() error {
		img = stages.Blur(img, cfg.Sigma)
		return nil
	})
	if ctx.Err() != nil {
		return
	}
	t.timed(StepThumbnail, func() error {
		img = stages.Thumbnail(img, cfg.MaxSize)
		b := img.Bounds()
		t.rec.OutWidth, t.rec.OutHeight = b.Dx(), b.Dy()
		return nil
	})
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
