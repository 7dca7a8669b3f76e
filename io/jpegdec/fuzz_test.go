package jpegdec

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"testing"
)

// fuzzMaxPixels bounds the images the fuzzer makes the decoders allocate.
const fuzzMaxPixels = 1 << 20

// checkAgainstRef is the differential oracle: for any input, jpegdec and
// image/jpeg both decode it, with the same size and layout and (for sane
// coefficients) samples within 2 of each other, or both fail. Principled
// divergences (inspect finds the traits of the input that cause some):
//   - jpegdec returns ErrUnsupported: the caller uses image/jpeg instead, so
//     there is nothing to compare.
//   - image/jpeg returns an UnsupportedError (for instance sampling factors
//     of 3, or a vertical factor of 4): jpegdec may decode such images.
//   - jpegdec refuses Huffman tables whose code lengths over-subscribe the
//     code space (no prefix code exists); image/jpeg decodes them to
//     something arbitrary.
//   - In sequential scans, AC symbols 0x10..0xE0 (undefined by T.81 there)
//     end the block in jpegdec, as in libjpeg; image/jpeg reads them as
//     progressive end-of-band runs. Nothing is compared for such input
//     (inputTraits.r0Symbols).
//   - jpegdec refuses images with more than maxScans scans (bounding the
//     work a small file can cause); image/jpeg has no limit.
//   - Sample agreement is not checked when a coefficient is outside what an
//     8-bit encoder produces (inputTraits.oddCoefs: jpegdec keeps
//     progressive coefficients in 16 bits; the two IDCTs' rounding differs
//     for extreme inputs), nor for 3-component images with restart
//     intervals and non-interleaved scans of a component with several
//     blocks per MCU, where image/jpeg counts the restart interval in MCUs
//     of the interleaved layout instead of blocks (T.81 A.2.2), nor when a
//     component's sampling factors exceed 1 while differing from the luma
//     factors (image/jpeg sizes its non-interleaved scans from the luma
//     width).
func checkAgainstRef(t *testing.T, data []byte) {
	t.Helper()
	var d Decoder
	img, err := d.Decode(data, Options{MaxPixels: fuzzMaxPixels})
	if errors.Is(err, errInternal) {
		t.Fatalf("internal error: %v", err)
	}
	if errors.Is(err, ErrUnsupported) || errors.Is(err, ErrTooLarge) {
		return
	}
	if d.arithmetic { // image/jpeg reads no arithmetic coding: see FuzzArith
		checkScaled(t, data, err, d.progressive)
		return
	}
	traits, ierr := inspect(data, fuzzMaxPixels)
	if (ierr == nil) != (err == nil) {
		t.Fatalf("Decode: %v; inspect, reading the same data: %v", err, ierr)
	}
	checkScaled(t, data, err, traits.oddCoefs)
	if cfg, cerr := jpeg.DecodeConfig(bytes.NewReader(data)); cerr == nil && cfg.Width*cfg.Height > fuzzMaxPixels {
		return // do not let image/jpeg allocate a huge image
	}
	ref, rerr := jpeg.Decode(bytes.NewReader(data))
	if traits.r0Symbols {
		return
	}
	switch {
	case err != nil && rerr != nil:
		return
	case err != nil:
		if errors.Is(err, errBadHuffTable) || errors.Is(err, errTooManyScans) {
			return
		}
		t.Fatalf("jpegdec failed (%v) where image/jpeg decoded a %T %v", err, ref, ref.Bounds())
	case rerr != nil:
		var ue jpeg.UnsupportedError
		if errors.As(rerr, &ue) || geometryDiverges(&d) {
			return
		}
		t.Fatalf("image/jpeg failed (%v) where jpegdec decoded a %T %v", rerr, img, img.Bounds())
	}
	if img.Bounds() != ref.Bounds() || ratioOf(img) != ratioOf(ref) {
		t.Fatalf("jpegdec gave %T %v ratio %v, image/jpeg %T %v ratio %v",
			img, img.Bounds(), ratioOf(img), ref, ref.Bounds(), ratioOf(ref))
	}
	if traits.oddCoefs || geometryDiverges(&d) {
		return
	}
	got, err := planesOf(img)
	if err != nil {
		t.Fatal(err)
	}
	want, err := planesOf(ref)
	if err != nil {
		t.Fatal(err)
	}
	md, _, err := diffStats(got, want)
	if err != nil {
		t.Fatal(err)
	}
	if md > 2 {
		t.Fatalf("samples differ by up to %d", md)
	}
}

// geometryDiverges reports the layouts where image/jpeg departs from T.81
// (see checkAgainstRef). d holds the frame of the last decode (release
// keeps the header fields).
func geometryDiverges(d *Decoder) bool {
	if d.nComp != 3 {
		return false
	}
	y := d.comp[0]
	for _, c := range d.comp[:3] {
		if c.h*c.v > 1 && d.ri > 0 {
			return true
		}
		if (c.h > 1 || c.v > 1) && (c.h != y.h || c.v != y.v) {
			return true
		}
	}
	return false
}

func FuzzDecode(f *testing.F) {
	for _, name := range append(globFiles(f, "testdata/*.jpg"), "../../samples/chelsea.jpg") {
		f.Add(readFile(f, name))
	}
	for i, sz := range [][2]int{{1, 1}, {9, 17}, {17, 9}, {24, 16}} {
		f.Add(encode(f, testImage(sz[0], sz[1], i%2 == 1, uint64(i)), 75))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstRef(t, data)
	})
}

// checkScaled decodes data at a reduced scale chosen from its length and
// checks that it fails exactly when the full-size decode (err) did, unless
// that one met out-of-range coefficients (whose wrapping the reduced
// decode, which keeps fewer coefficients, does not track), and that the
// size is right.
func checkScaled(t *testing.T, data []byte, err error, odd bool) {
	t.Helper()
	s := 2 << (len(data) % 3)
	img, serr := Decode(data, Options{Scale: s, MaxPixels: fuzzMaxPixels})
	if errors.Is(serr, errInternal) {
		t.Fatalf("1/%d: internal error: %v", s, serr)
	}
	if odd {
		return
	}
	if s == 8 {
		// At 1/8 the decoder may skip AC scans undecoded (skipsACScan):
		// it may succeed where decoding them fails, and otherwise gives
		// what decoding them gives; decoding them fails exactly when the
		// full-size decode does.
		var d Decoder
		all, aerr := decodeNoSkip(&d, data, Options{Scale: s, MaxPixels: fuzzMaxPixels})
		switch {
		case (err == nil) != (aerr == nil):
			t.Fatalf("full size: %v; 1/8 decoding every scan: %v", err, aerr)
		case aerr == nil && serr != nil:
			t.Fatalf("1/8: %v, where decoding every scan succeeds", serr)
		case aerr == nil:
			if msg := samePixels(img, all); msg != "" {
				t.Fatalf("1/8, AC scans skipped and decoded: %s", msg)
			}
		}
		if serr != nil {
			return
		}
		err = nil // the size is checked below even where a skipped scan was bad
	}
	if (err == nil) != (serr == nil) {
		t.Fatalf("full size: %v; 1/%d: %v", err, s, serr)
	}
	if err != nil {
		return
	}
	cfg, cerr := DecodeConfig(data)
	if cerr != nil {
		t.Fatalf("DecodeConfig: %v", cerr)
	}
	want := image.Rect(0, 0, (cfg.Width+s-1)/s, (cfg.Height+s-1)/s)
	if img.Bounds() != want {
		t.Fatalf("1/%d: bounds %v, want %v", s, img.Bounds(), want)
	}
}
