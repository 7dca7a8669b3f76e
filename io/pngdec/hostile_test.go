package pngdec_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image/png"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/imgerr"
	"github.com/augpipe/augpipe/io/pngdec"
)

// chunk is one PNG chunk with its length and CRC.
func chunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// ihdr is the header chunk of a w x h image of the given depth and colour type.
func ihdr(w, h uint32, depth, colorType byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, w)
	b = binary.BigEndian.AppendUint32(b, h)
	return chunk("IHDR", append(b, depth, colorType, 0, 0, 0))
}

// zrows compresses raw rows (each starting with its filter byte).
func zrows(raw []byte) []byte {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	return b.Bytes()
}

// grey4x2 is a valid 4x2 8-bit grey PNG's parts.
func grey4x2() (head, idat, end []byte) {
	raw := []byte{0, 1, 2, 3, 4, 1, 5, 5, 5, 5}
	return append([]byte("\x89PNG\r\n\x1a\n"), ihdr(4, 2, 8, 0)...), chunk("IDAT", zrows(raw)), chunk("IEND", nil)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestHostileInputs(t *testing.T) {
	head, idat, end := grey4x2()
	valid := cat(head, idat, end)
	badCRC := bytes.Clone(valid)
	badCRC[len(head)+len(idat)-1] ^= 1
	badAdler := cat(head, chunk("IDAT", func() []byte { z := zrows([]byte{0, 1, 2, 3, 4, 1, 5, 5, 5, 5}); z[len(z)-1] ^= 1; return z }()), end)
	plte := chunk("PLTE", []byte{1, 2, 3, 4, 5, 6})
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, imgerr.ErrCorrupt},
		{"signature only", []byte("\x89PNG\r\n\x1a\n"), imgerr.ErrCorrupt},
		{"not a PNG", []byte("GIF89a...."), imgerr.ErrCorrupt},
		{"chunk CRC wrong", badCRC, imgerr.ErrCorrupt},
		{"zlib checksum wrong", badAdler, imgerr.ErrCorrupt},
		{"bad filter type", cat(head, chunk("IDAT", zrows([]byte{5, 1, 2, 3, 4, 0, 5, 5, 5, 5})), end), imgerr.ErrCorrupt},
		{"too little pixel data", cat(head, chunk("IDAT", zrows([]byte{0, 1, 2, 3, 4, 0, 5})), end), imgerr.ErrCorrupt},
		{"too much pixel data", cat(head, chunk("IDAT", zrows([]byte{0, 1, 2, 3, 4, 0, 5, 5, 5, 5, 0, 9})), end), imgerr.ErrCorrupt},
		{"no IEND", cat(head, idat), imgerr.ErrCorrupt},
		{"no IDAT", cat(head, end), imgerr.ErrCorrupt},
		{"IEND with data", cat(head, idat, chunk("IEND", []byte{1})), imgerr.ErrCorrupt},
		{"IHDR twice", cat(head, ihdr(4, 2, 8, 0), idat, end), imgerr.ErrCorrupt},
		{"zero width", cat([]byte("\x89PNG\r\n\x1a\n"), ihdr(0, 2, 8, 0), idat, end), imgerr.ErrCorrupt},
		{"bit depth 3", cat([]byte("\x89PNG\r\n\x1a\n"), ihdr(4, 2, 3, 0), idat, end), imgerr.ErrCorrupt},
		{"paletted without PLTE", cat([]byte("\x89PNG\r\n\x1a\n"), ihdr(4, 2, 8, 3), idat, end), imgerr.ErrCorrupt},
		{"tRNS before PLTE", cat([]byte("\x89PNG\r\n\x1a\n"), ihdr(4, 2, 8, 3), chunk("tRNS", []byte{0}), plte, idat, end), imgerr.ErrCorrupt},
		{"PLTE for grey", cat(head, plte, idat, end), imgerr.ErrCorrupt},
		{"tRNS for RGBA", cat([]byte("\x89PNG\r\n\x1a\n"), ihdr(4, 2, 8, 6), chunk("tRNS", []byte{0, 0}), idat, end), imgerr.ErrCorrupt},
		{"over the pixel limit", cat([]byte("\x89PNG\r\n\x1a\n"), ihdr(1<<30, 1<<30, 8, 0), idat, end), imgerr.ErrTooLarge},
	}
	var dec pngdec.Decoder
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, o := range []pngdec.Options{{MaxPixels: 1 << 20}, {MaxPixels: 1 << 20, Flatten: true, YCbCr: true, Reduce: func(w, h int) (int, int) { return 2, 2 }}} {
				img, err := dec.Decode(tc.data, o)
				if !errors.Is(err, tc.want) || img != nil {
					t.Fatalf("Decode = %v, %v; want no image and an error matching %v", img, err, tc.want)
				}
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("panicked: %v", err)
				}
				if tc.want == imgerr.ErrTooLarge {
					continue // image/png would allocate it
				}
				if _, perr := png.Decode(bytes.NewReader(tc.data)); perr == nil {
					t.Fatalf("image/png decodes it: the case tests nothing")
				}
			}
		})
	}
	if _, err := dec.Decode(valid, pngdec.Options{}); err != nil {
		t.Fatalf("the valid image the cases are made from: %v", err)
	}
}

// TestTruncated checks that every prefix of valid files is refused, with
// no image and no panic: none is a valid PNG (IEND is missing).
func TestTruncated(t *testing.T) {
	var dec pngdec.Decoder
	files := suite(t)
	for _, name := range []string{"pngsuite/basn2c08.png", "pngsuite/basn3p08.png", "pngsuite/basn6a16.png", "pngsuite/basn0g04.png", "gray-gradient.interlaced.png"} {
		data := files[name]
		for n := 0; n < len(data)-12; n++ { // all but IEND
			for _, o := range []pngdec.Options{{}, {Flatten: true, YCbCr: true, Reduce: func(w, h int) (int, int) { return 3, 3 }}} {
				img, err := dec.Decode(data[:n], o)
				if err == nil || img != nil || !errors.Is(err, imgerr.ErrCorrupt) || strings.Contains(err.Error(), "internal error") {
					t.Fatalf("%s cut at %d of %d: %v, %v; want no image and a corrupt-data error", name, n, len(data), img, err)
				}
			}
		}
	}
}
