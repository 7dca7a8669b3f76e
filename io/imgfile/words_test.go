package imgfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgerr"
)

// bigTIFF rewrites a classic little-endian TIFF of one strip, written by
// x/image/tiff, as the same image in BigTIFF.
func bigTIFF(t *testing.T, classic []byte) []byte {
	t.Helper()
	le := binary.LittleEndian
	ifd := int(le.Uint32(classic[4:]))
	n := int(le.Uint16(classic[ifd:]))
	out := append([]byte("II+\x00\x08\x00\x00\x00"), make([]byte, 8)...)
	out = append(out, classic[8:ifd]...) // the data, 8 bytes later than before
	shift := uint64(8)
	le.PutUint64(out[8:], uint64(len(out)))
	out = le.AppendUint64(out, uint64(n))
	var values []byte
	valuesAt := len(out) + n*20 + 8
	for i := range n {
		e := classic[ifd+2+12*i:]
		tag, typ, count := le.Uint16(e), le.Uint16(e[2:]), le.Uint32(e[4:])
		size := map[uint16]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1}[typ] * int(count)
		out = le.AppendUint16(out, tag)
		out = le.AppendUint16(out, typ)
		out = le.AppendUint64(out, uint64(count))
		var v []byte
		if size <= 4 {
			v = append(v, e[8:8+size]...)
		} else {
			v = classic[le.Uint32(e[8:]):][:size]
		}
		if tag == 273 { // StripOffsets: the data moved
			v = le.AppendUint32(nil, le.Uint32(v)+uint32(shift))
		}
		if len(v) <= 8 {
			out = append(out, append(v, make([]byte, 8-len(v))...)...)
			continue
		}
		out = le.AppendUint64(out, uint64(valuesAt+len(values)))
		values = append(values, v...)
	}
	out = append(out, make([]byte, 8)...) // no next IFD
	return append(out, values...)
}

// TestDecodeWords checks that a valid file with a feature augpipe does not
// decode is refused as unsupported, in words naming the format and the
// feature, and never called corrupt; and that BigTIFF decodes.
func TestDecodeWords(t *testing.T) {
	classic := testimg.Encode(t, quadImage("rgba"), func(w io.Writer, m image.Image) error { return tiff.Encode(w, m, nil) })
	d, err := Decode(bigTIFF(t, classic), 0)
	if err != nil {
		t.Fatalf("BigTIFF: %v", err)
	}
	for _, q := range quadColours {
		if r, g, b, _ := d.Image.At(q.x, q.y).RGBA(); uint8(r>>8) != q.c.R || uint8(g>>8) != q.c.G || uint8(b>>8) != q.c.B {
			t.Errorf("BigTIFF pixel (%d,%d) = %d,%d,%d, want %v", q.x, q.y, r>>8, g>>8, b>>8, q.c)
		}
	}

	oldJPEG := bytes.Clone(classic)
	setTIFFShort(t, oldJPEG, 259, 6)
	bmpJPEG := testimg.Encode(t, quadImage("paletted"), bmp.Encode)
	binary.LittleEndian.PutUint32(bmpJPEG[30:], 4) // BI_JPEG: an embedded JPEG
	for _, tc := range []struct {
		name, words string
		data        []byte
	}{
		{"old-style JPEG TIFF", "unsupported TIFF feature: old-style JPEG compression", oldJPEG},
		{"BMP holding a JPEG", "unsupported BMP feature: ", bmpJPEG},
	} {
		_, err := Decode(tc.data, 0)
		if !errors.Is(err, imgerr.ErrUnsupported) || errors.Is(err, imgerr.ErrCorrupt) || !strings.Contains(err.Error(), tc.words) {
			t.Errorf("%s: %v, want unsupported, not corrupt, saying %q", tc.name, err, tc.words)
		}
	}
}

// setTIFFShort sets the SHORT value of tag in the first IFD of a
// little-endian classic TIFF.
func setTIFFShort(t *testing.T, data []byte, tag, v uint16) {
	t.Helper()
	le := binary.LittleEndian
	ifd := int(le.Uint32(data[4:]))
	for i := range int(le.Uint16(data[ifd:])) {
		e := data[ifd+2+12*i:]
		if le.Uint16(e) == tag {
			le.PutUint16(e[8:], v)
			return
		}
	}
	t.Fatalf("no tag %d", tag)
}

// TestJPEGFeatureWords checks the words for JPEG codings that no decoder
// of augpipe's reads: named from the SOF marker, and never corrupt.
func TestJPEGFeatureWords(t *testing.T) {
	sof := func(marker, precision byte) []byte {
		return []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, marker, 0x00, 0x0b, precision, 0, 8, 0, 8, 1, 1, 0x11, 0}
	}
	for _, tc := range []struct {
		data  []byte
		words string
	}{
		{sof(0xc3, 8), "unsupported JPEG feature: lossless coding (SOF3)"},
		{sof(0xc5, 8), "unsupported JPEG feature: hierarchical"},
		{sof(0xc1, 12), "unsupported JPEG feature: 12-bit"},
	} {
		_, err := Decode(tc.data, 0)
		if err == nil || !strings.Contains(err.Error(), tc.words) ||
			!errors.Is(err, imgerr.ErrUnsupported) || errors.Is(err, imgerr.ErrCorrupt) {
			t.Errorf("SOF%d: %v, want unsupported, %q", tc.data[9]-0xc0, err, tc.words)
		}
	}
	// What image/jpeg calls unsupported keeps its words, as unsupported.
	if err := unsupported(jpeg.UnsupportedError("unknown marker")); err == nil ||
		err.Error() != "unsupported JPEG feature: unknown marker" || !errors.Is(err, imgerr.ErrUnsupported) {
		t.Errorf("image/jpeg's UnsupportedError: %v", err)
	}
}

// TestReadUnsupportedTIFF checks that a TIFF whose header declares a
// feature augpipe does not decode is read whole, its size checked, and
// refused by Decode in the same words as any other.
func TestReadUnsupportedTIFF(t *testing.T) {
	data := testimg.Encode(t, quadImage("rgba"), func(w io.Writer, m image.Image) error { return tiff.Encode(w, m, nil) })
	setTIFFShort(t, data, 259, 6)
	path := filepath.Join(t.TempDir(), "old.tif")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	in := Input{Path: path}
	h, err := in.ReadHeader()
	if err != nil || h.Width != 64 || h.Height != 48 {
		t.Fatalf("ReadHeader: %+v, %v; want 64x48", h, err)
	}
	got, err := in.Read(0)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Read: %d bytes, %v; want the file whole", len(got), err)
	}
	if _, err := Decode(got, 0); !errors.Is(err, imgerr.ErrUnsupported) || !strings.Contains(err.Error(), "unsupported TIFF feature: old-style JPEG") {
		t.Errorf("Decode: %v, want the unsupported feature named", err)
	}
}
