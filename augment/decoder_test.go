package augment

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// In fit-first order a large JPEG is decoded at reduced scale, and the
// output is still sized from the stored image; blur-first decodes at full
// size. The report names the decoder.
func TestDecoderScaleFollowsOrder(t *testing.T) {
	in := t.TempDir()
	path := filepath.Join(in, "big.jpg")
	writeJPEG(t, path, 1000, 760, 7)
	tests := []struct {
		order, decoder string
	}{
		{OrderFitFirst, "jpegdec 1/8"}, // 1000/8 = 125 still covers the 100 px box
		{OrderBlurFirst, "jpegdec"},
	}
	for _, tc := range tests {
		t.Run(tc.order, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Order, cfg.MaxSize, cfg.Sigma = tc.order, 100, 5
			p, err := NewProcessor(cfg)
			if err != nil {
				t.Fatal(err)
			}
			sink := DirSink{Dir: t.TempDir()}
			rec := p.ProcessTo(context.Background(), Input{Path: path, Rel: "big.jpg"}, sink, "big.jpg")
			out := sink.Path("big.jpg")
			if rec.Status != StatusWritten {
				t.Fatalf("status %s: %s", rec.Status, rec.Err)
			}
			if rec.Decoder != tc.decoder {
				t.Errorf("decoder %q, want %q", rec.Decoder, tc.decoder)
			}
			if wantScale := map[string]int{"jpegdec 1/8": 8, "jpegdec": 1}[tc.decoder]; rec.Scale != wantScale {
				t.Errorf("scale %d, want %d", rec.Scale, wantScale)
			}
			if rec.Width != 1000 || rec.Height != 760 {
				t.Errorf("input recorded as %dx%d, want its stored size 1000x760", rec.Width, rec.Height)
			}
			if b := testimg.DecodeFile(t, out).Bounds(); b.Dx() != 100 || b.Dy() != 76 {
				t.Errorf("output %dx%d, want 100x76", b.Dx(), b.Dy())
			}
		})
	}
}
