package imgfile

import (
	"os"
	"path/filepath"
	"testing"
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
