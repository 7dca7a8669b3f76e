package jpegdec

import (
	"bytes"
	"image"
	"path/filepath"
	"testing"
)

// decodeNoSkip decodes data as Decode does but decodes every scan, the
// AC scans that skipsACScan would skip at 1/8 scale included.
func decodeNoSkip(d *Decoder, data []byte, opts Options) (image.Image, error) {
	return d.decode(data, opts, func(s *scan) error { return d.decodeScanWith(s, (*Decoder).decodeACRefine) })
}

// TestSkipACScansSameSamples: at 1/8 scale, skipping AC scans gives the
// samples that decoding them gives, on every test file (and the corpus's
// photos with AUGPIPE_CORPUS set).
func TestSkipACScansSameSamples(t *testing.T) {
	var d, ref Decoder
	for _, f := range refineInputs(t) {
		data := readFile(t, f)
		opts := Options{Scale: 8}
		got, err := d.Decode(data, opts)
		want, rerr := decodeNoSkip(&ref, data, opts)
		if (err == nil) != (rerr == nil) {
			t.Errorf("%s: error %v, without skipping %v", filepath.Base(f), err, rerr)
			continue
		}
		if err != nil {
			continue
		}
		if msg := samePixels(got, want); msg != "" {
			t.Errorf("%s: %s", filepath.Base(f), msg)
		}
	}
}

// lastACScan returns the offsets of the entropy-coded data of the last
// progressive AC scan (Ss > 0) of data: from after its SOS segment to the
// marker that ends it.
func lastACScan(t *testing.T, data []byte) (start, end int) {
	for i := 2; i+1 < len(data); i++ {
		if data[i] != 0xFF || data[i+1] != 0xDA {
			continue
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		seg := data[i+4 : i+2+n]
		if ss := seg[1+2*int(seg[0])]; ss == 0 {
			continue
		}
		start = i + 2 + n
		for end = start; end+1 < len(data); end++ {
			if data[end] == 0xFF && data[end+1] != 0 && (data[end+1] < 0xD0 || data[end+1] > 0xD7) {
				break
			}
		}
	}
	if start == 0 {
		t.Fatal("no AC scan")
	}
	return start, end
}

// TestSkipACScansUndecoded: an AC scan whose data is all ones (no valid
// code) fails the decode at full size and at 1/8 without skipping; at 1/8
// the decoder never reads it: the image comes out as from the intact
// file. prog422.jpg's components are whole blocks (64x48, 2x1 chroma).
func TestSkipACScansUndecoded(t *testing.T) {
	data := readFile(t, "testdata/prog422.jpg")
	clean, err := Decode(data, Options{Scale: 8})
	if err != nil {
		t.Fatal(err)
	}
	start, end := lastACScan(t, data)
	bad := bytes.Clone(data[:start])
	for range (end - start) / 2 {
		bad = append(bad, 0xFF, 0x00) // a stuffed 0xFF: eight 1 bits
	}
	bad = append(bad, data[end:]...)
	if _, err := Decode(bad, Options{}); err == nil {
		t.Fatal("full size: the damaged AC scan decoded")
	}
	var d Decoder
	if _, err := decodeNoSkip(&d, bad, Options{Scale: 8}); err == nil {
		t.Fatal("1/8 without skipping: the damaged AC scan decoded")
	}
	got, err := Decode(bad, Options{Scale: 8})
	if err != nil {
		t.Fatalf("1/8: %v (the AC scan was decoded, not skipped)", err)
	}
	if msg := samePixels(got, clean); msg != "" {
		t.Fatalf("1/8: %s", msg)
	}
}

// TestSkipACScansNotAtEdges: where a component has blocks cut by its
// edge, AC scans are decoded at 1/8 too (their box averages need them).
func TestSkipACScansNotAtEdges(t *testing.T) {
	data := readFile(t, "testdata/prog420.jpg") // 37x29
	start, end := lastACScan(t, data)
	bad := bytes.Clone(data[:start])
	for range (end - start) / 2 {
		bad = append(bad, 0xFF, 0x00)
	}
	bad = append(bad, data[end:]...)
	if _, err := Decode(bad, Options{Scale: 8}); err == nil {
		t.Fatal("1/8: the damaged AC scan of an image with edge blocks was skipped")
	}
}
