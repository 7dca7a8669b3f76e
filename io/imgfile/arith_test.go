package imgfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/io/imgerr"
)

// An arithmetic-coded JPEG goes to augpipe's own decoder, at reduced scale
// too: its header is read by that decoder, not refused by image/jpeg's
// ("unsupported JPEG feature: unknown marker").
func TestArithmeticJPEG(t *testing.T) {
	path := filepath.Join("..", "jpegdec", "testdata", "arith420.jpg")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var dec Decoder
	d, err := dec.Decode(data, DecodeOptions{Box: 10})
	if err != nil {
		t.Fatal(err)
	}
	if d.Decoder != "jpegdec 1/4" || d.Width != 37 || d.Height != 29 {
		t.Errorf("decoded by %q as %dx%d, want jpegdec 1/4, 37x29", d.Decoder, d.Width, d.Height)
	}
	h, err := Input{Path: path}.ReadHeader()
	if err != nil {
		t.Fatal(err)
	}
	if h.Format != "jpeg" || h.Width != 37 || h.Height != 29 {
		t.Errorf("ReadHeader: %+v, want a 37x29 jpeg", h)
	}
	if _, err := (Input{Path: path}).Read(0); err != nil {
		t.Errorf("Read: %v", err)
	}
}

// A JPEG coding neither augpipe's decoder nor image/jpeg reads is refused
// as unsupported, naming it, and never called corrupt.
func TestJPEGCodingRefusedByName(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "jpegdec", "testdata", "base420.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		marker byte
		words  string
	}{
		{0xC3, "unsupported JPEG feature: lossless coding (SOF3)"},
		{0xCB, "unsupported JPEG feature: lossless arithmetic coding (SOF11)"},
		{0xCD, "unsupported JPEG feature: hierarchical arithmetic coding (SOF13)"},
	} {
		d := bytes.Clone(data)
		i := bytes.Index(d, []byte{0xFF, 0xC0})
		d[i+1] = tc.marker
		_, err := Decode(d, 0)
		if err == nil || err.Error() != tc.words || !errors.Is(err, imgerr.ErrUnsupported) || errors.Is(err, imgerr.ErrCorrupt) {
			t.Errorf("SOF 0x%02X: %v, want %q, unsupported and not corrupt", tc.marker, err, tc.words)
		}
	}
}
