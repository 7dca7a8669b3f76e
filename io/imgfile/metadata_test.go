package imgfile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// exifBuilder writes TIFF structures for the tests, in either byte order.
type exifBuilder struct {
	bo  byteOrder
	buf []byte
}

func newEXIF(little bool) *exifBuilder {
	if little {
		return &exifBuilder{binary.LittleEndian, []byte("II*\x00\x08\x00\x00\x00")}
	}
	return &exifBuilder{binary.BigEndian, []byte("MM\x00*\x00\x00\x00\x08")}
}

// entry is an IFD entry to write: a value of up to 4 bytes inline, or data
// stored after the table (filled in by ifd).
type entry struct {
	tag, typ uint16
	count    uint32
	inline   uint32
	data     []byte
}

// ifd appends an IFD of entries at the end, then their out-of-line data,
// and returns its offset and the offsets of each entry's data.
func (b *exifBuilder) ifd(entries []entry, next uint32) (off int, dataAt []int) {
	off = len(b.buf)
	b.buf = b.bo.AppendUint16(b.buf, uint16(len(entries)))
	valuesAt := off + 2 + 12*len(entries) + 4
	dataAt = make([]int, len(entries))
	for i, e := range entries {
		b.buf = b.bo.AppendUint16(b.buf, e.tag)
		b.buf = b.bo.AppendUint16(b.buf, e.typ)
		b.buf = b.bo.AppendUint32(b.buf, e.count)
		if e.data != nil {
			dataAt[i] = valuesAt
			b.buf = b.bo.AppendUint32(b.buf, uint32(valuesAt))
			valuesAt += len(e.data)
		} else if e.typ == 3 {
			b.buf = b.bo.AppendUint16(b.buf, uint16(e.inline))
			b.buf = append(b.buf, 0, 0)
		} else {
			b.buf = b.bo.AppendUint32(b.buf, e.inline)
		}
	}
	b.buf = b.bo.AppendUint32(b.buf, next)
	for _, e := range entries {
		b.buf = append(b.buf, e.data...)
	}
	return off, dataAt
}

// set writes v at off.
func (b *exifBuilder) set(off int, v uint32) { b.bo.PutUint32(b.buf[off:], v) }

// camera builds what a camera writes: IFD0 (Make, orientation 6, the Exif
// pointer) then, by layout, either the Exif IFD then IFD1 and its
// thumbnail last, or the thumbnail in the middle. dims says whether the
// Exif IFD has the pixel dimensions.
func camera(little, thumbLast, dims bool) []byte {
	b := newEXIF(little)
	thumb := []byte("\xFF\xD8THUMBNAIL-PREVIEW\xFF\xD9")
	ifd0, _ := b.ifd([]entry{
		{tag: 0x010F, typ: 2, count: 8, data: []byte("Camera!\x00")},
		{tag: tagOrientation, typ: 3, count: 1, inline: 6},
		{tag: tagExifIFD, typ: 4, count: 1},
	}, 0)
	exifPtr := ifd0 + 2 + 12*2 + 8
	nextPtr := ifd0 + 2 + 12*3
	var thumbAt int
	if !thumbLast {
		thumbAt = len(b.buf)
		b.buf = append(b.buf, thumb...)
	}
	exifEntries := []entry{
		{tag: tagExifVersion, typ: 7, count: 4, inline: binary.BigEndian.Uint32([]byte("0232"))},
		{tag: 0x9003, typ: 2, count: 20, data: []byte("2026:11:29 10:00:00\x00")},
	}
	if dims {
		exifEntries = append(exifEntries, entry{tag: tagPixelXDimension, typ: 3, count: 1, inline: 4000},
			entry{tag: tagPixelYDimension, typ: 4, count: 1, inline: 3000})
	}
	exifAt, _ := b.ifd(exifEntries, 0)
	b.set(exifPtr, uint32(exifAt))
	ifd1, _ := b.ifd([]entry{
		{tag: 0x0103, typ: 3, count: 1, inline: 6},
		{tag: 0x011A, typ: 5, count: 1, data: []byte("\x00\x00\x00\x48\x00\x00\x00\x01")},
		{tag: tagThumbOffset, typ: 4, count: 1},
		{tag: tagThumbLength, typ: 4, count: 1, inline: uint32(len(thumb))},
	}, 0)
	b.set(nextPtr, uint32(ifd1))
	if thumbLast {
		thumbAt = len(b.buf)
		b.buf = append(b.buf, thumb...)
	}
	b.set(ifd1+2+12*2+8, uint32(thumbAt))
	return b.buf
}

// exifFacts is what a test reads back from a rewritten EXIF structure.
type exifFacts struct {
	orientation, pixelX, pixelY, next int
	make, date                        string
	hasExifIFD                        bool
}

func readFacts(t *testing.T, x []byte) exifFacts {
	t.Helper()
	r, off0, ok := newTIFFReader(x)
	if !ok {
		t.Fatalf("no TIFF header")
	}
	ifd0, next, ok := r.ifd(off0)
	if !ok {
		t.Fatalf("IFD0 at %d unreadable", off0)
	}
	f := exifFacts{next: next}
	str := func(e ifdEntry) string {
		if s, ok := r.values(e); ok {
			return strings.TrimRight(string(x[s.start:s.end]), "\x00")
		}
		return ""
	}
	for _, e := range ifd0 {
		switch e.tag {
		case tagOrientation:
			f.orientation = int(r.uints(e)[0])
		case 0x010F:
			f.make = str(e)
		case tagExifIFD:
			p, _ := r.pointer(e)
			exif, _, ok := r.ifd(p)
			if !ok {
				t.Fatalf("Exif IFD at %d unreadable", p)
			}
			f.hasExifIFD = true
			for _, e := range exif {
				switch e.tag {
				case tagPixelXDimension:
					f.pixelX = int(r.uints(e)[0])
				case tagPixelYDimension:
					f.pixelY = int(r.uints(e)[0])
				case 0x9003:
					f.date = str(e)
				}
			}
		}
	}
	return f
}

func TestRewriteEXIF(t *testing.T) {
	for _, little := range []bool{true, false} {
		for _, c := range []struct {
			name            string
			exif            []byte
			make, date      string
			thumbCut, dims  bool
			orientationWant int
		}{
			{"camera, thumbnail last", camera(little, true, true), "Camera!", "2026:11:29 10:00:00", true, true, 1},
			{"thumbnail in the middle", camera(little, false, true), "Camera!", "2026:11:29 10:00:00", false, true, 1},
			{"no pixel dimensions", camera(little, true, false), "Camera!", "2026:11:29 10:00:00", true, false, 1},
			{"orientation only", func() []byte {
				b := newEXIF(little)
				b.ifd([]entry{{tag: tagOrientation, typ: 4, count: 1, inline: 8}}, 0)
				return b.buf
			}(), "", "", false, false, 1},
		} {
			t.Run(c.name+map[bool]string{true: " II", false: " MM"}[little], func(t *testing.T) {
				in := bytes.Clone(c.exif)
				out := RewriteEXIF(c.exif, 321, 123)
				if !bytes.Equal(in, c.exif) {
					t.Fatal("RewriteEXIF modified its input")
				}
				if out == nil {
					t.Fatal("RewriteEXIF dropped a valid structure")
				}
				f := readFacts(t, out)
				if f.orientation != c.orientationWant || f.pixelX != 321 || f.pixelY != 123 || f.next != 0 || !f.hasExifIFD {
					t.Errorf("orientation %d, pixels %dx%d, next IFD %d, Exif IFD %v; want %d, 321x123, 0, true",
						f.orientation, f.pixelX, f.pixelY, f.next, f.hasExifIFD, c.orientationWant)
				}
				if f.make != c.make || f.date != c.date {
					t.Errorf("Make %q, DateTimeOriginal %q; want %q, %q kept", f.make, f.date, c.make, c.date)
				}
				if bytes.Contains(out, []byte("THUMBNAIL")) {
					t.Errorf("the thumbnail is still there")
				}
				if c.thumbCut && c.dims && len(out) >= len(c.exif)-len("\xFF\xD8THUMBNAIL-PREVIEW\xFF\xD9") {
					t.Errorf("%d bytes from %d: the thumbnail at the end was not cut off", len(out), len(c.exif))
				}
			})
		}
	}
}

func TestRewriteEXIFDropsWhatItCannotRead(t *testing.T) {
	good := camera(true, true, true)
	badIFD0 := bytes.Clone(good)
	binary.LittleEndian.PutUint32(badIFD0[4:], uint32(len(good)))
	tooMany := bytes.Clone(good)
	binary.LittleEndian.PutUint16(tooMany[8:], 5000)
	for name, x := range map[string][]byte{
		"empty": nil, "short": good[:7], "no byte order": append([]byte("XX"), good[2:]...),
		"not 42": append([]byte("II\x2b\x00"), good[4:]...), "IFD0 out of bounds": badIFD0,
		"IFD0 past the end": tooMany, "cut in IFD0": good[:20],
	} {
		if out := RewriteEXIF(x, 10, 10); out != nil {
			t.Errorf("%s: got %d bytes, want nil", name, len(out))
		}
	}
}

// FuzzRewriteEXIF feeds arbitrary TIFF structures to RewriteEXIF: it must
// never panic nor modify its input, and what it returns must read back
// with orientation 1 (or none), the pixel dimensions and no IFD1.
func FuzzRewriteEXIF(f *testing.F) {
	for _, little := range []bool{true, false} {
		f.Add(camera(little, true, true))
		f.Add(camera(little, false, false))
	}
	f.Add(metadataOf("jpeg", testimg.Testdata(f, "quad-meta.jpg")).EXIF)
	f.Fuzz(func(t *testing.T, x []byte) {
		in := bytes.Clone(x)
		out := RewriteEXIF(x, 640, 480)
		if !bytes.Equal(in, x) {
			t.Fatal("RewriteEXIF modified its input")
		}
		if out == nil {
			return
		}
		r, off0, ok := newTIFFReader(out)
		if !ok {
			t.Fatal("output has no TIFF header")
		}
		ifd0, next, ok := r.ifd(off0)
		if !ok || next != 0 {
			t.Fatalf("output IFD0 readable %v, next IFD %d", ok, next)
		}
		var exifAt int
		for _, e := range ifd0 {
			switch e.tag {
			case tagOrientation:
				if v := r.uints(e); len(v) != 1 || v[0] != 1 {
					t.Fatalf("orientation %v", v)
				}
			case tagExifIFD:
				exifAt, _ = r.pointer(e)
			}
		}
		exif, _, ok := r.ifd(exifAt)
		if !ok {
			t.Fatal("output's Exif IFD unreadable")
		}
		var px, py []uint64
		for _, e := range exif {
			switch e.tag {
			case tagPixelXDimension:
				px = r.uints(e)
			case tagPixelYDimension:
				py = r.uints(e)
			}
		}
		if len(px) < 1 || px[0] != 640 || len(py) < 1 || py[0] != 480 {
			t.Fatalf("pixel dimensions %v x %v", px, py)
		}
	})
}

// TestMetadataOfJPEG reads the fixture's EXIF, XMP and IPTC: the IPTC
// record alone, not the Photoshop thumbnail beside it.
func TestMetadataOfJPEG(t *testing.T) {
	m := metadataOf("jpeg", testimg.Testdata(t, "quad-meta.jpg"))
	if f := readFacts(t, m.EXIF); f.orientation != 6 || f.make != "augpipe" {
		t.Errorf("EXIF: %+v", f)
	}
	if !bytes.Contains(m.XMP, []byte("Four quadrants")) {
		t.Errorf("XMP: %q", m.XMP)
	}
	if !bytes.Contains(m.IPTC, []byte("quadrants")) || bytes.Contains(m.IPTC, []byte("\xFF\xD8")) {
		t.Errorf("IPTC: %q", m.IPTC)
	}
	if m := metadataOf("jpeg", testimg.Testdata(t, "quad-444.jpg")); m.EXIF != nil || m.XMP != nil || m.IPTC != nil {
		t.Errorf("a JPEG without metadata: %+v", m)
	}
}

// TestEmbedMetadataExiftool writes the fixture's metadata into a new JPEG
// and reads it back with exiftool (skipped without it) and Pillow: the
// orientation is 1 in EXIF and XMP, the pixel dimensions are the output's,
// no thumbnail is left (IFD1's or Photoshop's), and the rest is there.
func TestEmbedMetadataExiftool(t *testing.T) {
	var dec Decoder
	d, err := dec.Decode(testimg.Testdata(t, "quad-meta.jpg"), DecodeOptions{Metadata: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := EncodeJPEG(image.NewGray(image.Rect(0, 0, 30, 40)), 75)
	if err != nil {
		t.Fatal(err)
	}
	out = EmbedMetadata(out, d.Metadata, 30, 40)
	path := filepath.Join(t.TempDir(), "out.jpg")
	testimg.WriteFile(t, path, out)
	if b := testimg.DecodeFile(t, path).Bounds(); b.Dx() != 30 || b.Dy() != 40 {
		t.Fatalf("the output decodes as %v", b)
	}
	python := testimg.PillowPython(t)
	pil, err := exec.Command(python, "-c", `import sys
from PIL import Image
e = Image.open(sys.argv[1]).getexif()
x = e.get_ifd(0x8769)
print(e.get(0x0112), x.get(0xA002), x.get(0xA003), e.get(0x010F), e.get_ifd(0x8825).get(2))`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("Pillow: %v\n%s", err, pil)
	}
	if got := strings.TrimSpace(string(pil)); got != "1 30 40 augpipe (43.0, 6.0, 0.0)" {
		t.Errorf("Pillow's getexif: %s, want orientation 1, 30x40, Make and GPS kept", got)
	}
	exiftool, err := exec.LookPath("exiftool")
	if err != nil {
		t.Skip("exiftool not found (apt-get install libimage-exiftool-perl)")
	}
	js, err := exec.Command(exiftool, "-j", "-n", "-G1", "-a", path).CombinedOutput()
	if err != nil {
		t.Fatalf("exiftool: %v\n%s", err, js)
	}
	var tags []map[string]any
	if err := json.Unmarshal(js, &tags); err != nil || len(tags) != 1 {
		t.Fatalf("exiftool -j: %v\n%s", err, js)
	}
	want := map[string]any{
		"IFD0:Orientation": 1.0, "ExifIFD:ExifImageWidth": 30.0, "ExifIFD:ExifImageHeight": 40.0,
		"IFD0:Make": "augpipe", "ExifIFD:DateTimeOriginal": "2026:11:29 10:00:00", "GPS:GPSLatitude": 43.1,
		"XMP-tiff:Orientation": 1.0, "XMP-exif:ExifImageWidth": 30.0, "XMP-exif:ExifImageHeight": 40.0,
		"XMP-dc:Title": "Four quadrants", "IPTC:Caption-Abstract": "A test picture", "IPTC:Keywords": "quadrants",
	}
	for k, v := range want {
		if tags[0][k] != v {
			t.Errorf("exiftool %s = %v, want %v", k, tags[0][k], v)
		}
	}
	for _, k := range []string{"IFD1:ThumbnailImage", "IFD1:ThumbnailOffset", "Photoshop:PhotoshopThumbnail", "ExifTool:Warning"} {
		if v, ok := tags[0][k]; ok {
			t.Errorf("exiftool finds %s = %v", k, v)
		}
	}
}

// TestMetadataOfPNGAndWebP reads EXIF and XMP from a PNG's eXIf and iTXt
// chunks (plain and compressed) and from a WebP's EXIF and XMP chunks.
func TestMetadataOfPNGAndWebP(t *testing.T) {
	exif := camera(true, true, true)
	xmp := []byte(`<x:xmpmeta><rdf:Description tiff:Orientation="6"/></x:xmpmeta>`)
	chunk := func(typ string, data []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(xmp)
	zw.Close()
	for name, itxt := range map[string][]byte{
		"plain":      append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xmp...),
		"compressed": append([]byte("XML:com.adobe.xmp\x00\x01\x00\x00\x00"), z.Bytes()...),
	} {
		png := append([]byte(nil), pngSignature...)
		png = append(png, chunk("IHDR", make([]byte, 13))...)
		png = append(png, chunk("eXIf", exif)...)
		png = append(png, chunk("iTXt", itxt)...)
		png = append(png, chunk("IDAT", nil)...)
		m := metadataOf("png", png)
		if !bytes.Equal(m.EXIF, exif) || !bytes.Equal(m.XMP, xmp) || m.IPTC != nil {
			t.Errorf("PNG, %s iTXt: %d bytes of EXIF, XMP %q, IPTC %q", name, len(m.EXIF), m.XMP, m.IPTC)
		}
	}
	riff := func(chunks ...[]byte) []byte {
		body := []byte("WEBP")
		for _, c := range chunks {
			body = append(body, c...)
		}
		return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
	}
	webpChunk := func(fourcc string, data []byte) []byte {
		c := binary.LittleEndian.AppendUint32([]byte(fourcc), uint32(len(data)))
		c = append(c, data...)
		if len(data)%2 != 0 {
			c = append(c, 0)
		}
		return c
	}
	m := metadataOf("webp", riff(webpChunk("VP8X", make([]byte, 10)), webpChunk("EXIF", append([]byte("Exif\x00\x00"), exif...)), webpChunk("XMP ", xmp)))
	if !bytes.Equal(m.EXIF, exif) || !bytes.Equal(m.XMP, xmp) {
		t.Errorf("WebP: %d bytes of EXIF, XMP %q", len(m.EXIF), m.XMP)
	}
}

// TestEmbedMetadataXMP checks the XMP properties made true of the output,
// in attributes (either quote) and elements, and the rest left alone.
func TestEmbedMetadataXMP(t *testing.T) {
	xmp := `<rdf:Description tiff:Orientation="6" exif:PixelXDimension='4000'>` +
		`<exif:PixelYDimension>3000</exif:PixelYDimension><tiff:Orientation>8</tiff:Orientation>` +
		`<dc:title>Orientation="6"</dc:title></rdf:Description>`
	out, err := EncodeJPEG(image.NewGray(image.Rect(0, 0, 8, 8)), 75)
	if err != nil {
		t.Fatal(err)
	}
	got := metadataOf("jpeg", EmbedMetadata(out, Metadata{XMP: []byte(xmp)}, 300, 200)).XMP
	want := `<rdf:Description tiff:Orientation="1" exif:PixelXDimension='300'>` +
		`<exif:PixelYDimension>200</exif:PixelYDimension><tiff:Orientation>1</tiff:Orientation>` +
		`<dc:title>Orientation="6"</dc:title></rdf:Description>`
	if string(got) != want {
		t.Errorf("XMP\n%s\nwant\n%s", got, want)
	}
}
