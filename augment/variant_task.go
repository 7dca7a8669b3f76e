package augment

import (
	"context"
	"encoding/json"
)

// records returns the task's records: one per variant under a recipe,
// else its one record.
func (t *task) records() []*Record {
	if t.recs != nil {
		return t.recs
	}
	return []*Record{t.rec}
}

// makeVariants decodes the input once and makes each of its variants in
// turn, writing each output to sink as soon as it is encoded (no more than
// one output of the worker's is held at a time), with the memory of p,
// the worker's Processor. With lines, it keeps the variants' manifest
// lines in t.lines.
func (t *task) makeVariants(ctx context.Context, p *Processor, sink Sink, lines bool) {
	first := t.rec
	t.recs = make([]*Record, len(t.names))
	for i := range t.recs {
		if i == 0 {
			t.recs[i] = first
			continue
		}
		t.recs[i] = &Record{Input: t.in.Path, Output: sink.Path(t.names[i]), BytesIn: first.BytesIn}
	}
	defer func() { t.data = nil }()
	var src *source
	var sum string
	if lines && !t.failed() {
		sum = InputHash(t.data)
	}
	if !t.failed() {
		// A failed decode is the failure of every variant.
		_ = timed(first, StepDecode, func() (err error) {
			src, err = p.decodeSource(t.data, 0, first)
			return err
		})
	}
	for i, rec := range t.recs {
		if i > 0 {
			rec.Format, rec.Decoder, rec.Scale = first.Format, first.Decoder, first.Scale
			rec.Width, rec.Height = first.Width, first.Height
			if first.Status == StatusFailed {
				rec.Status, rec.Err = StatusFailed, first.Err
			}
		}
		var ops []AppliedOp
		if src != nil {
			var out []byte
			out, ops, _ = p.variant(ctx, src, t.in.Rel, i+1, rec)
			if out != nil && timed(rec, StepWrite, func() error { return sink.Write(ctx, t.names[i], out) }) == nil {
				rec.Status, rec.BytesOut = StatusWritten, int64(len(out))
			}
		}
		if lines && (rec.Status == StatusWritten || rec.Status == StatusFailed) {
			line := VariantLine{Record: *rec, Name: t.names[i], Rel: t.in.Rel, Variant: i + 1, Seed: p.cfg.Seed,
				InputSHA256: sum, Quality: p.cfg.Quality, OutputFormat: p.cfg.Format, KeepMetadata: p.cfg.KeepMetadata, Ops: ops}
			line.Record.settle()
			data, _ := json.Marshal(line) // a line's fields are plain values
			t.lines = append(append(t.lines, data...), '\n')
		}
	}
}
