package augment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"image"
	"math/rand/v2"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/stages"
)

// VariantSeed returns the two words that seed the random stream (a
// math/rand/v2 PCG) of variant k of the input whose relative path is rel,
// under the run's seed: the first 16 bytes of the SHA-256 of a fixed
// prefix, the seed, rel and k, as little-endian words. It depends on
// nothing else: not on the number of variants, the workers or the order
// of the inputs.
func VariantSeed(seed uint64, rel string, k int) (uint64, uint64) {
	var b bytes.Buffer
	b.WriteString("augpipe variant\x00")
	b.Write(binary.LittleEndian.AppendUint64(nil, seed))
	b.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(rel))))
	b.WriteString(rel)
	b.Write(binary.LittleEndian.AppendUint64(nil, uint64(k)))
	sum := sha256.Sum256(b.Bytes())
	return binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])
}

func variantRand(seed uint64, rel string, k int) *rand.Rand {
	s1, s2 := VariantSeed(seed, rel, k)
	return rand.New(rand.NewPCG(s1, s2))
}

// decodeScale returns the scale a JPEG of w x h (as stored) is decoded at
// for the recipe: 1, or 2, 4 or 8 when the recipe's first operation but
// for flips is a resize (or a random resized crop) applied always, and the
// smallest region it can take still has, at that scale, at least one
// pixel per output pixel across and down. It depends on the recipe and
// the size alone, never on what a variant draws. Both ways up are tried
// (the EXIF orientation may turn the image), and the smaller scale kept.
func (r *Recipe) decodeScale(w, h int) int {
	type sourced interface {
		source(w, h int) (srcW, srcH float64, outW, outH int)
	}
	for _, op := range r.ops {
		if o, ok := op.(*paramOp); ok && (o.what == "hflip" || o.what == "vflip") {
			continue
		}
		o, ok := op.(sourced)
		if !ok || op.common().p < 1 {
			return 1
		}
		scale := func(w, h int) int {
			srcW, srcH, outW, outH := o.source(w, h)
			for s := 8; s > 1; s /= 2 {
				if srcW >= float64(outW)*float64(s) && srcH >= float64(outH)*float64(s) {
					return s
				}
			}
			return 1
		}
		return min(scale(w, h), scale(h, w))
	}
	return 1
}

// source is an input decoded once for all its variants: upright, flattened
// for a JPEG output, with what its encoder needs.
type source struct {
	img  image.Image
	w, h int // upright, at full scale
	icc  []byte
	meta imgfile.Metadata
}

// decodeSource decodes data for a recipe into p's source memory, at scale
// (0: the one the recipe calls for), filling in rec's decode fields.
func (p *Processor) decodeSource(data []byte, scale int, rec *Record) (*source, error) {
	p.src.Reuse()
	opts := imgfile.DecodeOptions{MaxPixels: p.cfg.MaxPixels, Metadata: p.cfg.KeepMetadata, Alloc: &p.src}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		if scale == 0 {
			scale = p.cfg.Recipe.decodeScale(cfg.Width, cfg.Height)
		}
		if scale > 1 {
			// A square box of the stored image's shorter side over scale
			// is covered at that scale and not at twice it, whichever
			// way up.
			side := min(cfg.Width, cfg.Height) / scale
			opts.Crop, opts.BoxWidth, opts.BoxHeight = true, side, side
		}
	}
	d, err := p.decodeRecorded(data, opts, rec)
	if err != nil {
		return nil, err
	}
	img := p.flatten(d.Image)
	if d.Orientation != 1 {
		img = stages.Orient(img, d.Orientation)
	}
	return &source{img: img, w: rec.Width, h: rec.Height, icc: d.ICC, meta: d.Metadata}, nil
}

// variant makes variant k of src, drawing from the stream of rel, and
// returns its output and the operations applied. The decode fields of rec
// must be filled in.
func (p *Processor) variant(ctx context.Context, src *source, rel string, k int, rec *Record) ([]byte, []AppliedOp, error) {
	rng := variantRand(p.cfg.Seed, rel, k)
	var applied []AppliedOp
	run := p.newRunner(src)
	f := p.sourceFrame(src, rec)
	chain := make([]step, 0, len(p.cfg.Recipe.ops)+len(p.cfg.Steps))
	for _, op := range p.cfg.Recipe.ops {
		chain = append(chain, step{op.common().name, func() (err error) {
			n := len(applied)
			applied = op.draw(rng, run.w, run.h, applied)
			for _, a := range applied[n:] {
				if f.Image, err = run.apply(f.Image, a); err != nil {
					return err
				}
			}
			return nil
		}})
	}
	out, err := p.runChain(ctx, f, p.withSteps(ctx, f, chain))
	return out, applied, err
}

// newRunner returns the opRunner of a variant of src, its memory reused.
func (p *Processor) newRunner(src *source) *opRunner {
	p.scratch.Reuse()
	return &opRunner{s: &p.scratch, decoder: &p.decoder, jpeg: &p.jpeg, w: src.w, h: src.h}
}

// sourceFrame returns a frame holding src's image.
func (p *Processor) sourceFrame(src *source, rec *Record) *frame {
	return &frame{Frame: Frame{Image: src.img, Scratch: &p.scratch, Record: rec}, orientation: 1, icc: src.icc, meta: src.meta}
}

// ProcessVariants makes the variants 1 to n of an input (its bytes data,
// its relative path rel, which seeds the draws with Config.Seed) under the
// Config's recipe, decoding it once, and passes each to yield as soon as it
// is made, with its manifest line (its Record without Input and Output,
// which the caller gives). It stops when yield returns false. The output
// passed to yield is the caller's. It is what Run's workers do, for a
// caller with a pipeline of its own.
func (p *Processor) ProcessVariants(ctx context.Context, data []byte, rel string, n int, yield func(k int, out []byte, line VariantLine) bool) error {
	if p.cfg.Recipe == nil {
		return &ConfigError{Field: "Recipe", Reason: "is needed to make variants"}
	}
	var base Record
	base.BytesIn = int64(len(data))
	var src *source
	if err := timed(&base, StepDecode, func() (err error) {
		src, err = p.decodeSource(data, 0, &base)
		return err
	}); err != nil {
		return err
	}
	sum := InputHash(data)
	for k := 1; k <= n; k++ {
		rec := base
		rec.Steps = nil
		if k == 1 {
			rec.Steps = base.Steps
		}
		out, ops, err := p.variant(ctx, src, rel, k, &rec)
		if err != nil {
			return err
		}
		rec.BytesOut = int64(len(out))
		line := VariantLine{Record: rec, Rel: rel, Variant: k, Seed: p.cfg.Seed, InputSHA256: sum,
			Quality: p.cfg.Quality, OutputFormat: p.cfg.Format, KeepMetadata: p.cfg.KeepMetadata, Ops: ops}
		if !yield(k, out, line) {
			return nil
		}
	}
	return nil
}

// processRecipe makes the first variant of data for the relative path "".
func (p *Processor) processRecipe(ctx context.Context, rec *Record, data []byte) ([]byte, error) {
	var src *source
	if err := timed(rec, StepDecode, func() (err error) {
		src, err = p.decodeSource(data, 0, rec)
		return err
	}); err != nil {
		return nil, err
	}
	out, _, err := p.variant(ctx, src, "", 1, rec)
	return out, err
}
