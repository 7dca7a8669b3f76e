package jpegdec

import (
	"bytes"
	"errors"
	"image"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/io/imgerr"
)

// arithFiles are the arithmetic-coded fixtures, each with its Huffman
// transcode name_seq.jpg (jpegtran: the same coefficients).
func arithFiles(t testing.TB) []string {
	var out []string
	for _, f := range globFiles(t, "testdata/arith*.jpg") {
		if !strings.HasSuffix(f, "_seq.jpg") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatal("no arithmetic-coded fixtures")
	}
	return out
}

// visible returns the planes of img cropped to the image.
func visible(t *testing.T, img image.Image) [][]byte {
	t.Helper()
	ps, err := planesOf(img)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, p := range ps {
		var b []byte
		for y := range p.h {
			b = append(b, p.pix[y*p.stride:y*p.stride+p.w]...)
		}
		out = append(out, b)
	}
	return out
}

// An arithmetic-coded file decodes, at every scale, to exactly the
// samples of its Huffman-coded transcode: the entropy decoder recovers
// the same coefficients, sequential (SOF9) and progressive (SOF10), with
// and without restart intervals.
func TestArithmeticSameAsHuffman(t *testing.T) {
	for _, f := range arithFiles(t) {
		ari, huff := readFile(t, f), refFile(t, f)
		for _, s := range []int{1, 2, 4, 8} {
			a, err := Decode(ari, Options{Scale: s})
			if err != nil {
				t.Fatalf("%s 1/%d: %v", f, s, err)
			}
			h, err := Decode(huff, Options{Scale: s})
			if err != nil {
				t.Fatal(err)
			}
			if a.Bounds() != h.Bounds() || ratioOf(a) != ratioOf(h) {
				t.Fatalf("%s 1/%d: %v ratio %v, Huffman %v ratio %v", f, s, a.Bounds(), ratioOf(a), h.Bounds(), ratioOf(h))
			}
			pa, ph := visible(t, a), visible(t, h)
			for i := range pa {
				if !bytes.Equal(pa[i], ph[i]) {
					t.Errorf("%s 1/%d: plane %d differs from the Huffman transcode's", f, s, i)
				}
			}
		}
	}
}

// The luma samples of an arithmetic-coded file are libjpeg's, bit for bit
// (djpeg -grayscale writes a colour JPEG's Y plane as it decodes it).
func TestArithmeticMatchesDjpeg(t *testing.T) {
	djpeg, err := exec.LookPath("djpeg")
	if err != nil {
		t.Skip("djpeg not found (apt-get install libjpeg-turbo-progs): the comparison with libjpeg cannot run")
	}
	for _, f := range arithFiles(t) {
		out, err := exec.Command(djpeg, "-grayscale", "-dct", "int", "-pnm", f).Output()
		if err != nil {
			t.Fatalf("djpeg %s: %v", f, err)
		}
		ref, err := readPGM(out)
		if err != nil {
			t.Fatalf("djpeg %s: %v", f, err)
		}
		img, err := Decode(readFile(t, f), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := visible(t, img)[0]; !bytes.Equal(got, ref) {
			t.Errorf("%s: luma differs from djpeg's", filepath.Base(f))
		}
	}
}

// readPGM returns the samples of a binary 8-bit PGM.
func readPGM(b []byte) ([]byte, error) {
	fields := 0
	i := 0
	for fields < 4 && i < len(b) {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
			i++
		}
		if i < len(b) && b[i] == '#' {
			for i < len(b) && b[i] != '\n' {
				i++
			}
			continue
		}
		for i < len(b) && !(b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
			i++
		}
		fields++
	}
	if fields < 4 || !bytes.HasPrefix(b, []byte("P5")) {
		return nil, errors.New("not a binary PGM")
	}
	return b[i+1:], nil
}

// Damaged arithmetic-coded data fails as corrupt, never as unsupported.
func TestArithmeticDamaged(t *testing.T) {
	data := readFile(t, "testdata/arith420.jpg")
	cut := data[:len(data)-len(data)/3]
	_, err := Decode(cut, Options{})
	if !errors.Is(err, imgerr.ErrCorrupt) || errors.Is(err, imgerr.ErrUnsupported) {
		t.Fatalf("truncated: %v, want an error matching ErrCorrupt only", err)
	}
}

// FuzzArith: arithmetic-coded input never panics nor fails as an internal
// error, errors are of a known kind, and reduced scales agree with the
// full-size decode (image/jpeg, the other fuzzer's oracle, reads no
// arithmetic coding).
func FuzzArith(f *testing.F) {
	for _, name := range arithFiles(f) {
		f.Add(readFile(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Decoder
		_, err := d.Decode(data, Options{MaxPixels: fuzzMaxPixels})
		if errors.Is(err, errInternal) {
			t.Fatalf("internal error: %v", err)
		}
		if err != nil && !errors.Is(err, imgerr.ErrCorrupt) && !errors.Is(err, imgerr.ErrUnsupported) && !errors.Is(err, imgerr.ErrTooLarge) {
			t.Fatalf("error of no known kind: %v", err)
		}
		if errors.Is(err, ErrUnsupported) || errors.Is(err, ErrTooLarge) {
			return
		}
		checkScaled(t, data, err, d.progressive)
	})
}
