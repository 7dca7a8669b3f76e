package imgfile

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestReadHeaderPredictsDecode checks that ReadHeader gives the format,
// stored size and orientation, and that DecodedPixels is what Decode then
// produces, for square boxes, boxes of two sides (which the orientation
// turns) and crops.
func TestReadHeaderPredictsDecode(t *testing.T) {
	gray640x480 := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 640, 480)), 75)
	turned := withEXIF(gray640x480, exifOrientation(true, 6)) // upright 480x640
	pngData := testimg.EncodePNG(t, image.NewGray(image.Rect(0, 0, 64, 48)))
	cases := []struct {
		name      string
		data      []byte
		format    string
		w, h      int
		o         int
		opts      DecodeOptions
		wantScale int
	}{
		{"jpeg, no box", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{}, 1},
		{"jpeg, box allows 1/4", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 100}, 4},
		{"jpeg, box allows 1/8", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 20}, 8},
		{"jpeg, box larger than the image", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 1200}, 1},
		{"jpeg, odd size", testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 333, 101)), 75), "jpeg", 333, 101, 1, DecodeOptions{Box: 40}, 8},
		{"png is never scaled", pngData, "png", 64, 48, 1, DecodeOptions{Box: 10}, 1},
		{"jpeg, 160 wide", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 160}, 4},
		{"jpeg, 160 wide, turned", turned, "jpeg", 640, 480, 6, DecodeOptions{BoxWidth: 160}, 2},
		{"jpeg, 80 high, turned", turned, "jpeg", 640, 480, 6, DecodeOptions{BoxHeight: 80}, 8},
		{"jpeg, fit 160x60", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 160, BoxHeight: 60}, 8},
		{"jpeg, crop 160x60", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 160, BoxHeight: 60, Crop: true}, 4},
		{"jpeg, crop 160x60, turned", turned, "jpeg", 640, 480, 6, DecodeOptions{BoxWidth: 160, BoxHeight: 60, Crop: true}, 2},
		{"jpeg, crop 81x60", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{BoxWidth: 81, BoxHeight: 60, Crop: true}, 4},
		{"jpeg, crop in the square box", gray640x480, "jpeg", 640, 480, 1, DecodeOptions{Box: 100, Crop: true}, 4},
	}
	dir := t.TempDir()
	var dec Decoder
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, string(rune('a'+i))+".img")
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			h, err := Input{Path: path}.ReadHeader()
			if err != nil {
				t.Fatal(err)
			}
			var samples int64 // greyscale JPEGs: one sample a pixel
			if c.format == "jpeg" {
				samples = int64(c.w * c.h)
			}
			if h != (Header{Format: c.format, Width: c.w, Height: c.h, Orientation: c.o, Samples: samples}) {
				t.Errorf("header %+v, want %s %dx%d orientation %d", h, c.format, c.w, c.h, c.o)
			}
			d, err := dec.Decode(c.data, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d.Scale != c.wantScale {
				t.Errorf("decoded at 1/%d, want 1/%d", d.Scale, c.wantScale)
			}
			b := d.Image.Bounds()
			if got, want := h.DecodedPixels(c.opts), int64(b.Dx()*b.Dy()); got != want {
				t.Errorf("DecodedPixels %d, Decode gave %v (%d pixels, scale 1/%d)", got, b, want, d.Scale)
			}
		})
	}
}

// TestReadHeaderFrame checks what ReadHeader reads from a JPEG's frame
// header: whether it is progressive, and how many samples it stores.
func TestReadHeaderFrame(t *testing.T) {
	colour := testimg.EncodeJPEG(t, testimg.PhotoLike(64, 48, 1), 90) // 4:2:0
	grey := testimg.EncodeJPEG(t, image.NewGray(image.Rect(0, 0, 64, 48)), 90)
	cases := []struct {
		name        string
		data        []byte
		progressive bool
		samples     int64
	}{
		{"baseline 4:2:0", colour, false, 64*48 + 2*32*24},
		{"progressive 4:2:0", withFrameMarker(t, colour, 0xC2), true, 64*48 + 2*32*24},
		{"extended sequential", withFrameMarker(t, colour, 0xC1), false, 64*48 + 2*32*24},
		{"arithmetic progressive", withFrameMarker(t, colour, 0xCA), true, 64*48 + 2*32*24},
		{"baseline grey", grey, false, 64 * 48},
		{"progressive grey", withFrameMarker(t, grey, 0xC2), true, 64 * 48},
		{"png", testimg.EncodePNG(t, image.NewGray(image.Rect(0, 0, 64, 48))), false, 0},
	}
	dir := t.TempDir()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, string(rune('a'+i))+".img")
			testimg.WriteFile(t, path, c.data)
			h, err := Input{Path: path}.ReadHeader()
			if err != nil {
				t.Fatal(err)
			}
			if h.Progressive != c.progressive || h.Samples != c.samples {
				t.Errorf("progressive %v, %d samples; want %v, %d", h.Progressive, h.Samples, c.progressive, c.samples)
			}
		})
	}
}

// TestFrameSamples checks the samples counted from frame headers of every
// chroma subsampling, and that a malformed one counts none.
func TestFrameSamples(t *testing.T) {
	sof := func(w, h int, factors ...byte) []byte {
		seg := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(factors))}
		for i, f := range factors {
			seg = append(seg, byte(i+1), f, 0)
		}
		return seg
	}
	cases := []struct {
		name    string
		seg     []byte
		samples int64
	}{
		{"4:4:4", sof(100, 80, 0x11, 0x11, 0x11), 3 * 100 * 80},
		{"4:2:2", sof(100, 80, 0x21, 0x11, 0x11), 100*80 + 2*50*80},
		{"4:2:0", sof(100, 80, 0x22, 0x11, 0x11), 100*80 + 2*50*40},
		{"4:4:0", sof(100, 80, 0x12, 0x11, 0x11), 100*80 + 2*100*40},
		{"grey", sof(100, 80, 0x11), 100 * 80},
		{"CMYK", sof(100, 80, 0x11, 0x11, 0x11, 0x11), 4 * 100 * 80},
		{"no components", sof(100, 80), 0},
		{"components cut short", sof(100, 80, 0x22, 0x11, 0x11)[:10], 0},
		{"header cut short", []byte{8, 0, 80, 0}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, got := frameSamples(0xC0, c.seg); got != c.samples {
				t.Errorf("%d samples, want %d", got, c.samples)
			}
		})
	}
}

// withFrameMarker returns a copy of the JPEG data with its SOF0 frame
// marker replaced by marker.
func withFrameMarker(t *testing.T, data []byte, marker byte) []byte {
	t.Helper()
	out := bytes.Clone(data)
	found := false
	jpegSegments(data, func(m byte, seg []byte) bool {
		if m != 0xC0 {
			return true
		}
		// seg is a slice of data: the marker is 3 bytes before it.
		off := cap(data) - cap(seg) - 3
		out[off], found = marker, true
		return false
	})
	if !found {
		t.Fatal("no SOF0 frame header")
	}
	return out
}

func TestReadHeaderErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.jpg")
	if err := os.WriteFile(text, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{text, filepath.Join(dir, "missing.jpg"), dir} {
		if _, err := (Input{Path: path}).ReadHeader(); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("ReadHeader of %s: %v, want an error naming the file", path, err)
		}
	}
}
