package augment

import (
	"context"
	"errors"
	"image"
	"runtime/debug"
	"time"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/stages"
)

// A Processor is what one worker keeps from image to image: its settings,
// its decoder's buffers and its steps' working memory. It runs every step
// of one image at a time on the calling goroutine and starts none of its
// own. A Processor is not safe for concurrent use: give each goroutine its
// own, and keep it, so that its memory is reused.
type Processor struct {
	cfg     Config // resolved: Name and Format set
	scratch stages.Scratch
	src     stages.Scratch // a recipe's source image, kept for all its variants
	decoder imgfile.Decoder
	png     imgfile.PNGEncoder
	jpeg    imgfile.JPEGEncoder
}

// NewProcessor returns a Processor for cfg's image settings (the stage
// sizes are not used), or a *ConfigError.
func NewProcessor(cfg Config) (*Processor, error) {
	if err := cfg.validateImage(); err != nil {
		return nil, err
	}
	return &Processor{cfg: cfg.resolved()}, nil
}

// Config returns the settings the Processor works with: its Config with
// Name, Format and Quality as they are used (the default name, the format
// the name calls for, a recipe's quality).
func (p *Processor) Config() Config { return p.cfg }

// Process decodes data (JPEG, PNG, GIF, BMP, TIFF or WebP, by content),
// and, under a Config's Recipe, makes its first variant for the relative
// path "" (ProcessVariants makes them all, for a path); otherwise it
// turns it upright, blurs and thumbnails it, runs the Config's own steps
// and encodes the result in the Config's format, keeping the input's ICC
// profile (and, with KeepMetadata, its EXIF, XMP and IPTC, in a JPEG): as
// JPEG, transparency flattened onto white; as PNG, kept. It
// returns the output and the record of what happened: sizes, decoder and
// scale, the time of each step. On failure the error, also in the record,
// is a *StepError naming the step (around a *PanicError when the step
// panicked); when ctx is cancelled between steps it is ctx's error and the
// record's status is StatusCancelled.
//
// The output is the caller's; the Processor's memory is reused by its
// next call.
func (p *Processor) Process(ctx context.Context, data []byte) ([]byte, Record, error) {
	rec := Record{BytesIn: int64(len(data))}
	out, err := p.process(ctx, &rec, data)
	return out, rec, err
}

// ProcessImage is Process for an image already decoded: it is taken as
// upright, with no ICC profile.
func (p *Processor) ProcessImage(ctx context.Context, img image.Image) ([]byte, Record, error) {
	var rec Record
	p.scratch.Reuse()
	b := img.Bounds()
	rec.Width, rec.Height = b.Dx(), b.Dy()
	if p.cfg.Recipe != nil {
		out, _, err := p.variant(ctx, &source{img: p.flatten(img), w: b.Dx(), h: b.Dy()}, "", 1, &rec)
		return out, rec, err
	}
	f := frame{Frame: Frame{Image: p.flatten(img), Scratch: &p.scratch, Record: &rec}, orientation: 1}
	out, err := p.finish(ctx, &f)
	return out, rec, err
}

// frame is a Frame with what the built-in steps carry along.
type frame struct {
	Frame
	orientation int              // EXIF orientation still to apply (by the thumbnail)
	reduced     reduction        // how the decoder shrank the image, if it did
	icc         []byte           // the input's ICC profile, for the encoder
	meta        imgfile.Metadata // the input's EXIF, XMP and IPTC, with KeepMetadata
}

// reduction is a PNG's shrink-on-load: the stored w x h image averaged in
// kx x ky blocks by the decoder (kx == 0: not reduced).
type reduction struct{ w, h, kx, ky int }

// process runs data through decode to encode, filling in rec.
func (p *Processor) process(ctx context.Context, rec *Record, data []byte) ([]byte, error) {
	// The images of the previous input are no longer used: this one's
	// decoded, resized and blurred images go in their memory.
	p.scratch.Reuse()
	if p.cfg.Recipe != nil {
		return p.processRecipe(ctx, rec, data)
	}
	f := frame{Frame: Frame{Scratch: &p.scratch, Record: rec}}
	if err := timed(rec, StepDecode, func() error { return p.decode(data, &f) }); err != nil {
		return nil, err
	}
	return p.finish(ctx, &f)
}

// decodeOptions are the options an image is decoded with under cfg. In
// fit-first order a JPEG is decoded at the smallest of 1/2, 1/4 and 1/8
// scale that still covers the thumbnail, or with a crop the box (the
// decoder averages whole blocks, exactly as a box filter would).
func decodeOptions(cfg Config) imgfile.DecodeOptions {
	opts := imgfile.DecodeOptions{MaxPixels: cfg.MaxPixels, Metadata: cfg.KeepMetadata}
	if cfg.Order != OrderFitFirst || cfg.Recipe != nil {
		return opts
	}
	if cfg.Width == 0 && cfg.Height == 0 {
		opts.Box = cfg.MaxSize
	} else {
		opts.BoxWidth, opts.BoxHeight = cfg.Width, cfg.Height
	}
	opts.Crop = cfg.cropping()
	if !opts.Crop {
		// A PNG is decoded already box-reduced by the factors the
		// thumbnail's own first step would use, and for a JPEG output
		// composited onto white and given as 4:2:0 YCbCr, as a JPEG is
		// decoded: ResizeReduced then resamples it as the thumbnail would
		// have resampled the box-reduced full-size image.
		boxW, boxH := cfg.Box()
		opts.Reduce = func(w, h, orientation int) (int, int) {
			uw, uh := stages.OrientedSize(w, h, orientation)
			tw, th := stages.FitSize(uw, uh, boxW, boxH, cfg.Upscale)
			tw, th = stages.OrientedSize(tw, th, orientation) // as stored
			return stages.ReduceFactors(w, h, tw, th)
		}
		opts.Flatten = cfg.Format != FormatPNG
		opts.YCbCr = opts.Flatten
	}
	return opts
}

// decode decodes data into f, at the scale decodeOptions allows; sizes and
// sigma are computed from the image's stored size all the same.
func (p *Processor) decode(data []byte, f *frame) error {
	opts := decodeOptions(p.cfg)
	opts.Alloc = &p.scratch
	d, err := p.decodeRecorded(data, opts, f.Record)
	if err != nil {
		return err
	}
	f.icc, f.meta = d.ICC, d.Metadata
	f.Image = p.flatten(d.Image)
	f.orientation = d.Orientation
	if d.ReduceX > 1 || d.ReduceY > 1 {
		f.reduced = reduction{w: d.Width, h: d.Height, kx: d.ReduceX, ky: d.ReduceY}
	}
	return nil
}

// decodeRecorded decodes data with opts, keeping a damaged image under
// FailOnNone, and fills in rec's decode fields: the format, the decoder
// and its scale, the upright size as stored, what damage was found.
func (p *Processor) decodeRecorded(data []byte, opts imgfile.DecodeOptions, rec *Record) (imgfile.Decoded, error) {
	opts.KeepDamaged = p.cfg.FailOn == FailOnNone
	d, err := p.decoder.Decode(data, opts)
	if err != nil {
		return d, err
	}
	if d.Damage != nil {
		rec.Damaged = d.Damage.Error()
	}
	rec.Format, rec.Decoder, rec.Scale = d.Format, d.Decoder, d.Scale
	rec.Width, rec.Height = stages.OrientedSize(d.Width, d.Height, d.Orientation)
	return d, nil
}

// finish runs the blur, the thumbnail and the caller's steps on f, and
// encodes the result.
//
// EXIF orientation is applied with the thumbnail, to the small image: the
// blur is isotropic, so orienting commutes with it, and the thumbnail's
// size and any crop are computed in the upright frame. With fit-first
// order the thumbnail comes first and the blur's sigma is scaled by the
// thumbnail's ratio to the part of the image it shows, as a Pillow user
// would do it; blur-first is the original order.
func (p *Processor) finish(ctx context.Context, f *frame) ([]byte, error) {
	rec := f.Record
	w, h, window := p.geometry(f)
	thumbnail := func() error {
		switch r := f.reduced; {
		case r.kx > 0:
			f.Image = stages.ResizeReduced(f.Scratch, f.Image, r.w, r.h, r.kx, r.ky, w, h, f.orientation)
		case window == stages.WholeRegion(rec.Width, rec.Height):
			f.Image = stages.ResizeOriented(f.Scratch, f.Image, w, h, f.orientation)
		default:
			// The window in the pixels of the image as it is now.
			sx, sy := f.pixelsPerInputPixel()
			r := stages.Region{X0: window.X0 * sx, Y0: window.Y0 * sy, X1: window.X1 * sx, Y1: window.Y1 * sy}
			f.Image = stages.ResizeRegion(f.Scratch, f.Image, r, w, h, f.orientation)
		}
		f.orientation = 1
		return nil
	}
	blur := func(sigma float64) func() error {
		return func() error {
			f.Image = stages.Blur(f.Scratch, f.Image, sigma)
			return nil
		}
	}
	chain := make([]step, 0, 2+len(p.cfg.Steps))
	if p.cfg.Order == OrderBlurFirst {
		chain = append(chain, step{StepBlur, blur(p.cfg.Sigma)}, step{StepThumbnail, thumbnail})
	} else {
		chain = append(chain, step{StepThumbnail, thumbnail}, step{StepBlur, blur(p.cfg.Sigma * float64(w) / window.Dx())})
	}
	return p.runChain(ctx, f, p.withSteps(ctx, f, chain))
}

// step is one step of a chain: its name, for the record, and what it does.
type step struct {
	name string
	fn   func() error
}

// withSteps returns chain followed by the Config's own steps on f.
func (p *Processor) withSteps(ctx context.Context, f *frame, chain []step) []step {
	for _, s := range p.cfg.Steps {
		chain = append(chain, step{s.Name, func() error { return s.Apply(ctx, &f.Frame) }})
	}
	return chain
}

// runChain runs the steps of chain on f, timing each, and encodes the
// result.
func (p *Processor) runChain(ctx context.Context, f *frame, chain []step) ([]byte, error) {
	rec := f.Record
	for _, s := range chain {
		if err := ctx.Err(); err != nil {
			rec.Status = StatusCancelled
			return nil, err
		}
		if err := timed(rec, s.name, s.fn); err != nil {
			if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
				// The step stopped because the run was cancelled: the
				// input is not done rather than failed.
				rec.Status, rec.Err = StatusCancelled, nil
				return nil, cerr
			}
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		rec.Status = StatusCancelled
		return nil, err
	}
	b := f.Image.Bounds()
	rec.OutWidth, rec.OutHeight = b.Dx(), b.Dy()
	var out []byte
	err := timed(rec, StepEncode, func() (err error) {
		if p.cfg.Format == FormatPNG {
			out, err = p.png.Encode(f.Image)
			if err == nil {
				out, _ = imgfile.EmbedICCPNG(out, f.icc)
			}
			return err
		}
		out, err = p.jpeg.Encode(f.Image, p.cfg.Quality, p.cfg.subsampling())
		if err == nil {
			out, _ = imgfile.EmbedICC(out, f.icc)
			if p.cfg.KeepMetadata {
				out = imgfile.EmbedMetadata(out, f.meta, rec.OutWidth, rec.OutHeight)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	rec.Status = StatusEncoded
	rec.BytesOut = int64(len(out))
	return out, nil
}

// flatten composites img onto white for a JPEG output, which cannot hold
// transparency; a PNG output keeps it.
func (p *Processor) flatten(img image.Image) image.Image {
	if p.cfg.Format == FormatPNG {
		return img
	}
	return stages.Flatten(img)
}

// geometry returns the output's size and the window of f's image it
// shows, in input pixels, upright: the whole image fitted in the box, or
// with a crop the window that fills it, placed on the image as decoded
// (before any blur; the placing counts as thumbnail time).
func (p *Processor) geometry(f *frame) (w, h int, window stages.Region) {
	rec := f.Record
	boxW, boxH := p.cfg.Box()
	if !p.cfg.cropping() {
		w, h = stages.FitSize(rec.Width, rec.Height, boxW, boxH, p.cfg.Upscale)
		return w, h, stages.WholeRegion(rec.Width, rec.Height)
	}
	w, h, winW, winH := stages.FillSize(rec.Width, rec.Height, boxW, boxH, p.cfg.Upscale)
	_ = timed(rec, StepThumbnail, func() error {
		window = p.placeWindow(f, winW, winH)
		return nil
	})
	return w, h, window
}

// placeWindow returns the winW x winH window (in input pixels, upright)
// that the crop keeps of f's image: its centre, or where the attention
// strategy looks.
func (p *Processor) placeWindow(f *frame, winW, winH float64) stages.Region {
	rec := f.Record
	if p.cfg.Crop != CropAttention {
		return stages.CentreWindow(rec.Width, rec.Height, winW, winH)
	}
	sx, sy := f.pixelsPerInputPixel()
	r := stages.Attention(f.Scratch, f.Image, f.orientation, winW*sx, winH*sy)
	return stages.Region{X0: r.X0 / sx, Y0: r.Y0 / sy, X1: r.X0/sx + winW, Y1: r.Y0/sy + winH}
}

// pixelsPerInputPixel is how many pixels f's image has, upright, per
// pixel of the input as stored, across and down: less than 1 for a JPEG
// decoded at reduced scale.
func (f *frame) pixelsPerInputPixel() (sx, sy float64) {
	b := f.Image.Bounds()
	w, h := stages.OrientedSize(b.Dx(), b.Dy(), f.orientation)
	return float64(w) / float64(f.Record.Width), float64(h) / float64(f.Record.Height)
}

// timed runs fn, adds its duration to rec's time for step and, when fn
// fails or panics, marks rec failed with a *StepError, which it returns.
func timed(rec *Record, step string, fn func() error) error {
	start := time.Now()
	err := recovered(fn)
	rec.Steps.Add(step, time.Since(start))
	if err != nil {
		err = &StepError{Step: step, Err: err}
		rec.Status, rec.Err = StatusFailed, err
	}
	return err
}

// recovered runs fn and returns its error, or a *PanicError if it panics:
// no step, built-in or the caller's, can crash a run.
func recovered(fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return fn()
}
