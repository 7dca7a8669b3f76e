package imgfile

import (
	"bytes"
	"encoding/binary"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// tiffIFD builds a TIFF structure whose IFD0 holds one entry, tag with
// type typ and value v, in the given byte order.
func tiffIFD(little bool, tag, typ uint16, v uint32) []byte {
	var bo binary.AppendByteOrder = binary.BigEndian
	b := []byte("MM\x00\x2a")
	if little {
		bo = binary.LittleEndian
		b = []byte("II\x2a\x00")
	}
	b = bo.AppendUint32(b, 8) // IFD0 offset
	b = bo.AppendUint16(b, 2) // two entries: an unrelated one first
	b = bo.AppendUint16(b, 0x010F)
	b = bo.AppendUint16(b, 2)
	b = bo.AppendUint32(b, 4)
	b = append(b, 'a', 'b', 'c', 0)
	b = bo.AppendUint16(b, tag)
	b = bo.AppendUint16(b, typ)
	b = bo.AppendUint32(b, 1)
	if typ == 3 {
		b = bo.AppendUint16(b, uint16(v))
		b = append(b, 0, 0)
	} else {
		b = bo.AppendUint32(b, v)
	}
	return bo.AppendUint32(b, 0) // no next IFD
}

// exifOrientation is an EXIF TIFF structure holding orientation o as a SHORT.
func exifOrientation(little bool, o int) []byte {
	return tiffIFD(little, 0x0112, 3, uint32(o))
}

// withEXIF inserts an APP1 Exif segment holding tiff right after the SOI
// of a JPEG file.
func withEXIF(jpg, tiff []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func TestJPEGOrientationAllValuesBothByteOrders(t *testing.T) {
	base := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 75)
	for _, little := range []bool{true, false} {
		for o := 1; o <= 8; o++ {
			for _, typ := range []uint16{3, 4} {
				data := withEXIF(base, tiffIFD(little, 0x0112, typ, uint32(o)))
				if got := jpegOrientation(data); got != o {
					t.Errorf("little-endian %v, type %d, orientation %d: got %d", little, typ, o, got)
				}
				if got := jpegOrientationAt(bytes.NewReader(data), int64(len(data))); got != o {
					t.Errorf("read at offsets: little-endian %v, type %d, orientation %d: got %d", little, typ, o, got)
				}
				d, err := Decode(data, 0)
				if err != nil {
					t.Fatal(err)
				}
				if d.Orientation != o {
					t.Errorf("Decode: orientation %d, want %d", d.Orientation, o)
				}
			}
		}
	}
}

func TestJPEGOrientationMalformed(t *testing.T) {
	base := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 75)
	good := exifOrientation(true, 6)
	cases := []struct {
		name string
		data []byte
	}{
		{"no EXIF", base},
		{"empty", nil},
		{"not JPEG", []byte("hello, world")},
		{"value 0", withEXIF(base, exifOrientation(true, 0))},
		{"value 9", withEXIF(base, exifOrientation(false, 9))},
		{"value 65535", withEXIF(base, exifOrientation(false, 65535))},
		{"type RATIONAL", withEXIF(base, tiffIFD(true, 0x0112, 5, 6))},
		{"bad byte order", withEXIF(base, append([]byte("XX"), good[2:]...))},
		{"bad magic", withEXIF(base, append([]byte("II\x2b\x00"), good[4:]...))},
		{"IFD offset past end", withEXIF(base, append(append([]byte{}, good[:4]...), 0xFF, 0xFF, 0, 0))},
		{"IFD offset inside header", withEXIF(base, append(append([]byte{}, good[:4]...), 2, 0, 0, 0))},
		{"truncated entry", withEXIF(base, good[:len(good)-10])},
		{"TIFF header only", withEXIF(base, good[:8])},
		{"segment length past end", append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0}, []byte("Exif\x00\x00")...)},
		{"segment length 0", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 0, 'E', 'x'}},
		{"no marker after SOI", []byte{0xFF, 0xD8, 0x00, 0xE1, 0, 8}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := jpegOrientation(c.data); got != 1 {
				t.Errorf("got %d, want 1", got)
			}
			if got := jpegOrientationAt(bytes.NewReader(c.data), int64(len(c.data))); got != 1 {
				t.Errorf("read at offsets: got %d, want 1", got)
			}
		})
	}
}

func TestOrientationOtherFormats(t *testing.T) {
	tiff := exifOrientation(true, 8)
	pngData := pngWithChunk(t, "eXIf", tiff)
	webp := riff("EXIF", append([]byte("Exif\x00\x00"), tiff...))
	cases := []struct {
		name, format string
		data         []byte
		want         int
	}{
		{"PNG eXIf", "png", pngData, 8},
		{"WebP EXIF with Exif prefix", "webp", webp, 8},
		{"WebP EXIF bare", "webp", riff("EXIF", exifOrientation(false, 3)), 3},
		{"TIFF IFD0", "tiff", exifOrientation(false, 5), 5},
		{"PNG without eXIf", "png", pngWithChunk(t, "tEXt", []byte("a\x00b")), 1},
		{"GIF has none", "gif", []byte("GIF89a"), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := orientationOf(c.format, c.data); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}

func TestOrientationFixtureWrittenByExiftool(t *testing.T) {
	d, err := Decode(readTestdata(t, "quad-orient6.jpg"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Orientation != 6 {
		t.Errorf("orientation %d, want 6", d.Orientation)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadHeaderOrientationPastLargeSegments checks that ReadHeader finds
// the EXIF orientation wherever its segment is among the header's, past
// 192 KiB of other segments (three full APP2 segments), reading the
// segments at offsets rather than a fixed prefix of the file.
func TestReadHeaderOrientationPastLargeSegments(t *testing.T) {
	base := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 64, 48)), 75)
	data := withEXIF(base, exifOrientation(true, 6))
	app2 := append([]byte{0xFF, 0xE2, 0xFF, 0xFF}, make([]byte, 0xFFFF-2)...)
	var big []byte
	big = append(big, data[:2]...) // SOI
	for range 3 {
		big = append(big, app2...)
	}
	big = append(big, data[2:]...)
	path := filepath.Join(t.TempDir(), "big-header.jpg")
	testimg.WriteFile(t, path, big)
	h, err := (Input{Path: path}).ReadHeader()
	if err != nil {
		t.Fatal(err)
	}
	if h.Orientation != 6 || h.Width != 64 || h.Height != 48 {
		t.Errorf("header %+v, want 64x48 with orientation 6", h)
	}
}
