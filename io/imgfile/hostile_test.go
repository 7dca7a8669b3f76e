package imgfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/augpipe/augpipe/internal/testimg"
)

const (
	bombSide         = 60000               // what the bombs' headers declare
	defaultMaxPixels = 200_000_000         // the --max-pixels default
	allocBudget      = 32 << 20            // what refusing a bomb may allocate
	bombBuffer       = bombSide * bombSide // for the messages: 3.6 GP
)

// bombs are small files whose headers declare a bombSide x bombSide image
// (or the largest their format allows, all over 200 MP).
func bombs(t testing.TB) map[string][]byte {
	small := image.NewRGBA(image.Rect(0, 0, 2, 2))
	m := map[string][]byte{}

	p := testimg.EncodePNG(t, small)
	binary.BigEndian.PutUint32(p[16:], bombSide)
	binary.BigEndian.PutUint32(p[20:], bombSide)
	binary.BigEndian.PutUint32(p[29:], crc32.ChecksumIEEE(p[12:29]))
	m["png"] = p

	j := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 75)
	sof := bytes.Index(j, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(j[sof+5:], bombSide)
	binary.BigEndian.PutUint16(j[sof+7:], bombSide)
	m["jpeg"] = j

	g := testimg.Encode(t, small, func(w io.Writer, m image.Image) error { return gif.Encode(w, m, nil) })
	binary.LittleEndian.PutUint16(g[6:], 65535)
	binary.LittleEndian.PutUint16(g[8:], 65535)
	m["gif"] = g

	b := testimg.Encode(t, small, bmp.Encode)
	binary.LittleEndian.PutUint32(b[18:], bombSide)
	binary.LittleEndian.PutUint32(b[22:], bombSide)
	m["bmp"] = b

	m["tiff"] = tiffBomb(t)

	w := readTestdata(t, "quad-lossy.webp") // simple VP8: 14-bit sizes at 26 and 28
	w = append([]byte{}, w...)
	binary.LittleEndian.PutUint16(w[26:], 16383)
	binary.LittleEndian.PutUint16(w[28:], 16383)
	m["webp"] = w
	return m
}

// tiffBomb is a Go-encoded 2x2 TIFF whose ImageWidth and ImageLength
// tags are patched to bombSide.
func tiffBomb(t testing.TB) []byte {
	d := testimg.Encode(t, image.NewRGBA(image.Rect(0, 0, 2, 2)), func(w io.Writer, m image.Image) error { return tiff.Encode(w, m, nil) })
	bo := binary.LittleEndian // Go writes little-endian TIFF
	off := int(bo.Uint32(d[4:]))
	n := int(bo.Uint16(d[off:]))
	for k := range n {
		e := off + 2 + 12*k
		switch tag, typ := bo.Uint16(d[e:]), bo.Uint16(d[e+2:]); {
		case (tag == 256 || tag == 257) && typ == 3:
			bo.PutUint16(d[e+8:], bombSide)
		case tag == 256 || tag == 257:
			bo.PutUint32(d[e+8:], bombSide)
		}
	}
	return d
}

// TestBombRefusedFromHeader checks that every format's decompression bomb
// is refused with ErrTooLarge and an error naming the limit, while
// allocating next to nothing.
func TestBombRefusedFromHeader(t *testing.T) {
	dir := t.TempDir()
	for format, data := range bombs(t) {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(dir, "bomb."+format)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, derr := Decode(data, defaultMaxPixels)
			_, rerr := Input{Path: path}.Read(defaultMaxPixels)
			runtime.ReadMemStats(&after)
			for _, err := range []error{derr, rerr} {
				if !errors.Is(err, ErrTooLarge) {
					t.Fatalf("error %v, want ErrTooLarge", err)
				}
				if !strings.Contains(err.Error(), "limit of 200.0") {
					t.Errorf("error %q does not give the limit", err)
				}
				if strings.Contains(err.Error(), "--") {
					t.Errorf("error %q names a command-line flag: the library's words must not", err)
				}
			}
			if !strings.Contains(rerr.Error(), path) {
				t.Errorf("ReadImage error %q does not name the file", rerr)
			}
			if d := after.TotalAlloc - before.TotalAlloc; d > allocBudget {
				t.Errorf("refusing allocated %d MB (a %d-pixel image would need GBs); budget %d MB", d>>20, bombBuffer, allocBudget>>20)
			}
		})
	}
}

// TestBombUnderLimitStillRefusedAtSmallLimit checks the limit is the flag's
// and not a constant: a 100x100 image passes at 10,000 pixels, fails at 9,999.
func TestPixelLimitIsExact(t *testing.T) {
	data := testimg.EncodePNG(t, image.NewGray(image.Rect(0, 0, 100, 100)))
	if _, err := Decode(data, 10_000); err != nil {
		t.Errorf("10,000 pixels at a limit of 10,000: %v", err)
	}
	if _, err := Decode(data, 9_999); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10,000 pixels at a limit of 9,999: %v, want ErrTooLarge", err)
	}
}

// TestDecodeHostile covers files that claim to be images and are not: each
// must fail with a reason, never panic, never return an image.
func TestDecodeHostile(t *testing.T) {
	jpg := testimg.EncodeJPEG(t, noiseImage(64, 64), 75)
	pngData := testimg.EncodePNG(t, quadImage("nrgba"))
	heic := append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 40)...)
	cases := []struct {
		name string
		data []byte
		want string // part of the error message
	}{
		{"zero bytes", nil, "empty file"},
		{"text", []byte("this is not a picture\n"), "not an image"},
		{"HEIC named .jpg", heic, `ISO media data (brand "heic"`},
		{"JPEG SOI only", []byte{0xFF, 0xD8}, "JPEG"},
		{"JPEG truncated in scan", jpg[:len(jpg)*2/3], "truncated JPEG data"},
		{"JPEG header only", jpg[:200], "truncated JPEG"},
		{"PNG signature only", pngData[:8], "PNG"},
		{"PNG truncated in IDAT", pngData[:len(pngData)-30], "truncated PNG data"},
		{"PNG corrupt IDAT", corruptAt(pngData, len(pngData)-40), "corrupt or truncated PNG data"},
		{"GIF header only", []byte("GIF89a"), "GIF"},
		{"BMP header only", append([]byte("BM"), make([]byte, 16)...), "BMP"},
		{"TIFF header only", []byte("II*\x00\x08\x00\x00\x00"), "TIFF"},
		{"zero width PNG", zeroWidthPNG(t, pngData), "PNG"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Decode(c.data, defaultMaxPixels)
			if err == nil {
				t.Fatalf("decoded a %v image from hostile data", d.Image.Bounds())
			}
			if d.Image != nil {
				t.Error("an image came back with the error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

// noiseImage is an image that compresses badly, so that truncating its file
// cuts into the pixel data rather than the header.
func noiseImage(w, h int) image.Image {
	m := image.NewGray(image.Rect(0, 0, w, h))
	x := uint32(1)
	for i := range m.Pix {
		x = x*1664525 + 1013904223
		m.Pix[i] = byte(x >> 24)
	}
	return m
}

func corruptAt(data []byte, i int) []byte {
	d := append([]byte{}, data...)
	for k := i; k < i+8 && k < len(d); k++ {
		d[k] ^= 0x5A
	}
	return d
}

func zeroWidthPNG(t testing.TB, p []byte) []byte {
	p = append([]byte{}, p...)
	binary.BigEndian.PutUint32(p[16:], 0)
	binary.BigEndian.PutUint32(p[29:], crc32.ChecksumIEEE(p[12:29]))
	return p
}

// TestReadImageRefusesJunkAfterHeader checks that a valid small header in
// front of a file far larger than the image could need is refused before
// the file is read.
func TestReadImageRefusesJunkAfterHeader(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "junk.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 8, 8)), 75))
	// A sparse file: 200 MB of nothing costs no disk.
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Input{Path: path}.Read(defaultMaxPixels)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than a 8x8 image can hold") {
		t.Errorf("error %v, want ErrTooLarge explaining the size", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > allocBudget {
		t.Errorf("allocated %d MB refusing it", d>>20)
	}
}

// TestReadImageJunkWithoutHeader checks that a huge file that is no
// image at all (a video renamed .jpg) is not read whole.
func TestReadImageJunkWithoutHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "video.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\x00\x00\x00\x20ftypisom")
	if err := f.Truncate(1 << 30); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	f.Close()
	data, err := Input{Path: path}.Read(defaultMaxPixels)
	if err != nil || len(data) != metadataAllowance {
		t.Fatalf("read %d bytes, %v; want the first %d", len(data), err, metadataAllowance)
	}
	if _, err := Decode(data, defaultMaxPixels); !errors.Is(err, ErrNotImage) {
		t.Errorf("Decode of its start: %v, want ErrNotImage", err)
	}
}

func TestReadImage(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jpg")
	data := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 16, 16)), 75)
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "text.jpg")
	if err := os.WriteFile(text, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Input{Path: good}.Read(defaultMaxPixels)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("good file: %v, %d bytes of %d", err, len(got), len(data))
	}
	// An unreadable header is Decode's to report: ReadImage returns the bytes.
	if got, err := (Input{Path: text}).Read(defaultMaxPixels); err != nil || string(got) != "hello" {
		t.Errorf("text file: %q, %v", got, err)
	}
	if _, err := (Input{Path: filepath.Join(dir, "missing.jpg")}).Read(0); err == nil || !strings.Contains(err.Error(), "missing.jpg") {
		t.Errorf("missing file: %v, want an error naming it", err)
	}
	if _, err := (Input{Path: dir}).Read(0); err == nil {
		t.Error("a folder was read as an image")
	}
}

// TestDecoderPanicFailsTheFileOnly checks that a decoder panicking on
// malformed data fails that file with ErrDecoderPanic instead of
// crashing the run.
func TestDecoderPanicFailsTheFileOnly(t *testing.T) {
	// Two formats whose decoders panic, one in Decode, one already in
	// DecodeConfig; registering them again under -count is harmless.
	image.RegisterFormat("panicky-pixels", "\x00PANIC-PIX", func(io.Reader) (image.Image, error) { panic("index out of range") },
		func(io.Reader) (image.Config, error) { return image.Config{Width: 1, Height: 1}, nil })
	image.RegisterFormat("panicky-header", "\x00PANIC-HDR", func(io.Reader) (image.Image, error) { panic("unreachable") },
		func(io.Reader) (image.Config, error) { panic("nil map") })
	for _, data := range []string{"\x00PANIC-PIX....", "\x00PANIC-HDR...."} {
		if _, err := Decode([]byte(data), 0); !errors.Is(err, ErrDecoderPanic) {
			t.Errorf("%q: %v, want ErrDecoderPanic", data, err)
		}
		path := filepath.Join(t.TempDir(), "p.jpg")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := (Input{Path: path}).Read(0); err != nil || string(got) != data {
			t.Errorf("ReadImage %q: %v", data, err)
		}
	}
}

// farTIFF is a 1 GiB TIFF, held sparsely: a header whose IFD sits at its
// very end, and zeros in between.
type farTIFF struct{ head, ifd []byte }

const farTIFFSize = 1 << 30

func (f farTIFF) ReadAt(p []byte, off int64) (int, error) {
	clear(p)
	ifdAt := int64(farTIFFSize - len(f.ifd))
	for i := range p {
		switch o := off + int64(i); {
		case o < int64(len(f.head)):
			p[i] = f.head[o]
		case o >= ifdAt && o < farTIFFSize:
			p[i] = f.ifd[o-ifdAt]
		}
	}
	if off+int64(len(p)) > farTIFFSize {
		return int(max(farTIFFSize-off, 0)), io.EOF
	}
	return len(p), nil
}

func newFarTIFF() farTIFF {
	bo := binary.LittleEndian
	entries := [][3]uint32{ // tag, type, value; all SHORT or LONG, count 1
		{256, 3, 100}, {257, 3, 100}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
		{273, 4, 8}, {277, 3, 1}, {278, 3, 100}, {279, 4, 10000},
	}
	ifd := bo.AppendUint16(nil, uint16(len(entries)))
	for _, e := range entries {
		ifd = bo.AppendUint16(ifd, uint16(e[0]))
		ifd = bo.AppendUint16(ifd, uint16(e[1]))
		ifd = bo.AppendUint32(ifd, 1)
		if e[1] == 3 {
			ifd = bo.AppendUint16(ifd, uint16(e[2]))
			ifd = append(ifd, 0, 0)
		} else {
			ifd = bo.AppendUint32(ifd, e[2])
		}
	}
	ifd = bo.AppendUint32(ifd, 0)
	head := bo.AppendUint32([]byte("II*\x00"), uint32(farTIFFSize-len(ifd)))
	return farTIFF{head: head, ifd: ifd}
}

// TestTIFFHeaderAtEndReadsNoFile checks that reading the header of a TIFF
// whose IFD is at the end of a large file reads at that offset instead of
// buffering the whole file.
func TestTIFFHeaderAtEndReadsNoFile(t *testing.T) {
	r := io.NewSectionReader(newFarTIFF(), 0, farTIFFSize)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cfg, format, err := headerOf(r)
	runtime.ReadMemStats(&after)
	if err != nil || cfg.Width != 100 || cfg.Height != 100 || format != "tiff" {
		t.Fatalf("header: %+v, %q, %v; want a 100x100 tiff", cfg, format, err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > allocBudget {
		t.Errorf("allocated %d MB to read the header of a 1 GiB TIFF", d>>20)
	}
}
