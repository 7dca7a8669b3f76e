package pngdec_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/pngdec"
)

// FuzzDecode checks pngdec against image/png on arbitrary data: what
// image/png decodes, pngdec decodes to the same pixels; what image/png rejects, pngdec rejects; shrunk
// decoding fails exactly when full-size decoding does; nothing panics.
//
//	go test ./io/pngdec -run '^$' -fuzz FuzzDecode -parallel 1 -fuzztime 10m
func FuzzDecode(f *testing.F) {
	for _, data := range suite(f) {
		if len(data) < 4000 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := png.DecodeConfig(bytes.NewReader(data))
		if err == nil && cfg.Width*cfg.Height > 1<<20 {
			t.Skip("too large for image/png to decode quickly")
		}
		want, werr := png.Decode(bytes.NewReader(data))
		var dec pngdec.Decoder
		got, err := dec.Decode(data, pngdec.Options{MaxPixels: 1 << 20})
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("pngdec panicked: %v", err)
		}
		switch {
		case werr == nil && err != nil:
			t.Fatalf("pngdec: %v; image/png decodes it", err)
		case werr == nil:
			if d := samePixels(got, want); d != "" {
				t.Fatal(d)
			}
		case err == nil && !strings.Contains(werr.Error(), "too much pixel data"):
			// image/png rejects trailing compressed data only when its
			// read-ahead did not already take it; pngdec ignores it.
			t.Fatalf("pngdec decoded what image/png rejects: %v", werr)
		}
		for _, ycbcr := range []bool{false, true} {
			_, rerr := dec.Decode(data, pngdec.Options{MaxPixels: 1 << 20, Flatten: true, YCbCr: ycbcr, Reduce: func(w, h int) (int, int) { return 3, 2 }})
			if (rerr == nil) != (err == nil) {
				t.Fatalf("shrunk decoding (YCbCr %v): %v; full size: %v", ycbcr, rerr, err)
			}
		}
	})
}
