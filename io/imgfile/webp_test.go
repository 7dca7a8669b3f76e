package imgfile

import (
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// A lossy WebP's limited-range samples come out at full range: white is
// 255, not 235, and a flat colour keeps its value.
func TestWebPLossyColours(t *testing.T) {
	d, err := Decode(readTestdata(t, "white-red.webp"), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		x, y int
		want color.RGBA
	}{
		{8, 16, color.RGBA{255, 255, 255, 255}},
		{52, 16, color.RGBA{200, 30, 40, 255}},
	} {
		got := flatColour(d.Image, p.x, p.y)
		if !withinTol(got.R, p.want.R, 3) || !withinTol(got.G, p.want.G, 3) || !withinTol(got.B, p.want.B, 3) {
			t.Errorf("(%d,%d) = %v, want %v within 3", p.x, p.y, got, p.want)
		}
	}
}

// pillowRGB decodes the file at path with Pillow, alpha flattened onto
// white, as the reference for a decoder.
func pillowRGB(t *testing.T, path string) image.Image {
	t.Helper()
	python := testimg.PillowPython(t)
	out := filepath.Join(t.TempDir(), "pillow.png")
	script := `import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGBA")
bg = Image.new("RGBA", im.size, (255, 255, 255, 255))
bg.alpha_composite(im)
bg.convert("RGB").save(sys.argv[2])`
	if msg, err := exec.Command(python, "-c", script, path, out).CombinedOutput(); err != nil {
		t.Fatalf("Pillow: %v\n%s", err, msg)
	}
	return testimg.DecodeFile(t, out)
}

// flatRGBA is img flattened onto white, as every later step sees it.
func flatRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			out.SetRGBA(x, y, flatColour(img, b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}

// Lossy WebPs decode as libwebp decodes them for Pillow: the same pixels
// for an opaque file, within alpha rounding for a transparent one.
func TestWebPMatchesPillow(t *testing.T) {
	for _, tc := range []struct {
		name    string
		minPSNR float64
	}{
		{"white-red.webp", 99},
		{"alpha.webp", 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(testimg.RepoRoot(t), "testdata", tc.name)
			want := pillowRGB(t, path)
			d, err := Decode(readTestdata(t, tc.name), 0)
			if err != nil {
				t.Fatal(err)
			}
			if p := testimg.PSNR(flatRGBA(d.Image), want); p < tc.minPSNR {
				t.Errorf("PSNR against Pillow %.1f dB, want at least %.0f", p, tc.minPSNR)
			}
		})
	}
}

// animatedWebP wraps the chunks of a still WebP (after its RIFF header)
// as the first frame of an animation on a w x h canvas, at (x, y), with a
// second frame that covers the whole canvas, which must not be shown.
func animatedWebP(t testing.TB, still []byte, w, h, x, y, fw, fh int) []byte {
	t.Helper()
	chunk := func(fourcc string, p []byte) []byte {
		c := append([]byte(fourcc), 0, 0, 0, 0)
		binary.LittleEndian.PutUint32(c[4:], uint32(len(p)))
		c = append(c, p...)
		if len(p)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	le24 := func(v int) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16)} }
	vp8x := append([]byte{0x02, 0, 0, 0}, append(le24(w-1), le24(h-1)...)...)
	anim := []byte{0, 0, 0, 0, 0, 0}
	frame := func(x, y, fw, fh int) []byte {
		hdr := append(append(append(le24(x/2), le24(y/2)...), le24(fw-1)...), le24(fh-1)...)
		hdr = append(hdr, le24(100)...)
		hdr = append(hdr, 0)
		return chunk("ANMF", append(hdr, still[12:]...))
	}
	body := append([]byte("WEBP"), chunk("VP8X", vp8x)...)
	body = append(body, chunk("ANIM", anim)...)
	body = append(body, frame(x, y, fw, fh)...)
	body = append(body, frame(0, 0, fw, fh)...)
	return chunk("RIFF", body)
}

// The first frame of an animated WebP is placed on its canvas; the rest of
// the canvas is transparent (white once flattened).
func TestWebPAnimatedFirstFrame(t *testing.T) {
	still := readTestdata(t, "white-red.webp")
	sd, err := Decode(still, 0)
	if err != nil {
		t.Fatal(err)
	}
	data := animatedWebP(t, still, 100, 60, 20, 10, 64, 32)
	d, err := Decode(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b := d.Image.Bounds(); b != image.Rect(0, 0, 100, 60) || d.Width != 100 || d.Height != 60 {
		t.Fatalf("decoded %v (%dx%d), want the 100x60 canvas", b, d.Width, d.Height)
	}
	white := color.RGBA{255, 255, 255, 255}
	for y := range 60 {
		for x := range 100 {
			got := flatColour(d.Image, x, y)
			want := white
			if x >= 20 && x < 84 && y >= 10 && y < 42 {
				want = flatColour(sd.Image, x-20, y-10)
			}
			if got != want {
				t.Fatalf("(%d,%d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

// An animation frame whose own header declares more pixels than allowed
// is refused before it is decoded, whatever the canvas and the frame
// header of the animation say.
func TestWebPAnimatedFrameBomb(t *testing.T) {
	still := readTestdata(t, "white-red.webp") // 64x32
	data := animatedWebP(t, still, 30, 30, 0, 0, 10, 10)
	var dec Decoder
	if _, err := dec.Decode(data, DecodeOptions{MaxPixels: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("%v, want an error matching ErrTooLarge", err)
	}
}
