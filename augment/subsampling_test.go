package augment

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestSubsamplingOfOutput checks that a JPEG output's chroma is stored at
// the resolution Config.Subsampling asks for, 4:2:0 when it is left empty.
func TestSubsamplingOfOutput(t *testing.T) {
	src := testimg.PhotoLike(96, 64, 3)
	for _, tc := range []struct {
		sub  string
		want image.YCbCrSubsampleRatio
	}{
		{"", image.YCbCrSubsampleRatio420},
		{Subsampling420, image.YCbCrSubsampleRatio420},
		{Subsampling444, image.YCbCrSubsampleRatio444},
	} {
		cfg := DefaultConfig()
		cfg.Subsampling = tc.sub
		p, err := NewProcessor(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out, _, err := p.ProcessImage(context.Background(), src)
		if err != nil {
			t.Fatalf("%q: %v", tc.sub, err)
		}
		img, err := jpeg.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%q: the output does not decode: %v", tc.sub, err)
		}
		if m, ok := img.(*image.YCbCr); !ok || m.SubsampleRatio != tc.want {
			t.Errorf("%q: decoded %T, want *image.YCbCr %v", tc.sub, img, tc.want)
		}
	}
}
