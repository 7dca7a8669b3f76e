package augment

import (
	"context"
	"fmt"
)

// Replay makes again, from its input's bytes, the output a manifest line
// describes: the input decoded at the line's scale (what could be decoded
// of it, when the line says it is damaged), the line's operations
// applied with their parameters (nothing drawn), encoded as the line says.
// The result is the output's bytes exactly, on the architecture the run
// was made on (see docs/design.md on other architectures). The input must
// be the one the line was made from: its SHA-256 is checked. A line that
// resizes to more pixels than DefaultConfig's MaxPixels is refused.
// Config.Steps, being the caller's code, are not replayed.
func Replay(ctx context.Context, line VariantLine, data []byte) ([]byte, error) {
	if line.InputSHA256 != "" && InputHash(data) != line.InputSHA256 {
		return nil, fmt.Errorf("replay %s: the input's bytes are not those the line was made from (SHA-256 %s)", line.Name, line.InputSHA256)
	}
	cfg := DefaultConfig()
	cfg.Quality, cfg.Format, cfg.KeepMetadata, cfg.MaxPixels = line.Quality, line.OutputFormat, line.KeepMetadata, PixelsLimit
	if line.Record.Damaged != "" {
		cfg.FailOn = FailOnNone // made from what could be decoded, as the line was
	}
	if err := cfg.validateImage(); err != nil {
		return nil, fmt.Errorf("replay %s: %w", line.Name, err)
	}
	limit := DefaultConfig().MaxPixels
	for _, a := range line.Ops {
		if int64(a.Width)*int64(a.Height) > limit {
			return nil, fmt.Errorf("replay %s: a resize to %dx%d is over %d pixels", line.Name, a.Width, a.Height, limit)
		}
	}
	p := &Processor{cfg: cfg.resolved()}
	var rec Record
	scale := max(line.Record.Scale, 1)
	var src *source
	err := timed(&rec, StepDecode, func() (err error) {
		src, err = p.decodeSource(data, scale, &rec)
		return err
	})
	switch {
	case err != nil:
		return nil, fmt.Errorf("replay %s: %w", line.Name, err)
	case rec.Scale != scale:
		return nil, fmt.Errorf("replay %s: the input decodes at scale 1/%d, not the line's 1/%d", line.Name, rec.Scale, scale)
	}
	run := p.newRunner(src)
	f := p.sourceFrame(src, &rec)
	out, err := p.runChain(ctx, f, []step{{"replay", func() (err error) {
		for _, a := range line.Ops {
			if f.Image, err = run.apply(f.Image, a); err != nil {
				return err
			}
		}
		return nil
	}}})
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", line.Name, err)
	}
	return out, nil
}
