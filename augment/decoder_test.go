package augment

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/io/imgfile"
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
			out := filepath.Join(t.TempDir(), "big.jpg")
			rec := ProcessFile(context.Background(), &cfg, imgfile.Input{Path: path, Rel: "big.jpg"}, out)
			if rec.Status != StatusWritten {
				t.Fatalf("status %s: %s", rec.Status, rec.Err)
			}
			if rec.Decoder != tc.decoder {
				t.Errorf("decoder %q, want %q", rec.Decoder, tc.decoder)
			}
			if rec.Width != 1000 || rec.Height != 760 {
				t.Errorf("input recorded as %dx%d, want its stored size 1000x760", rec.Width, rec.Height)
			}
			if b := decodeFile(t, out).Bounds(); b.Dx() != 100 || b.Dy() != 76 {
				t.Errorf("output %dx%d, want 100x76", b.Dx(), b.Dy())
			}
		})
	}
}
