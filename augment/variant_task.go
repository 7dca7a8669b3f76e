package augment

import (
	"context"
	"encoding/hex"
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
// turn with the memory of p, the worker's Processor, handing each output
// to the writers as soon as it is encoded: while one is written the next
// is made, and no more are held. With lines, it keeps the variants'
// manifest lines in t.lines.
func (t *task) makeVariants(ctx context.Context, p *Processor, w *variantWriters, sink Sink, lines bool) {
	first := t.rec
	if len(t.names) == 0 { // one variant, or an input that could not be named
		t.names = []string{t.name}
	}
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
	switch {
	case lines && t.hash && !t.failed():
		sum = hex.EncodeToString(t.sum[:]) // read hashed it
	case lines && !t.failed():
		sum = InputHash(t.data)
	}
	if !t.failed() {
		// A failed decode is the failure of every variant.
		_ = timed(first, StepDecode, func() (err error) {
			src, err = p.decodeSource(t.data, 0, first)
			return err
		})
	}
	// The first record is the writers' once its output is handed over.
	failed, why := first.Status == StatusFailed, first.Err
	ops := make([][]AppliedOp, len(t.recs))
	// line adds variant i's manifest line, once its output is stored.
	line := func(i int) {
		rec := t.recs[i]
		if !lines || (rec.Status != StatusWritten && rec.Status != StatusFailed) {
			return
		}
		l := VariantLine{Record: *rec, Name: t.names[i], Rel: t.in.Rel, Variant: i + 1, Seed: p.cfg.Seed,
			InputSHA256: sum, Quality: p.cfg.Quality, OutputFormat: p.cfg.Format, KeepMetadata: p.cfg.KeepMetadata, Ops: ops[i]}
		l.Record.settle()
		data, _ := json.Marshal(l) // a line's fields are plain values
		t.lines = append(append(t.lines, data...), '\n')
	}
	var pending *variantWrite
	pendingAt := 0
	for i, rec := range t.recs {
		if i > 0 {
			rec.Format, rec.Decoder, rec.Scale = first.Format, first.Decoder, first.Scale
			rec.Width, rec.Height, rec.Damaged = first.Width, first.Height, first.Damaged
			if failed {
				rec.Status, rec.Err = StatusFailed, why
			}
		}
		var out []byte
		if src != nil {
			out, ops[i], _ = p.variant(ctx, src, t.in.Rel, i+1, rec)
		}
		if pending != nil {
			<-pending.done
			line(pendingAt)
			pending = nil
		}
		if out != nil {
			pending, pendingAt = w.write(t.names[i], out, rec), i
		} else {
			line(i)
		}
	}
	if pending != nil {
		<-pending.done
		line(pendingAt)
	}
}
