package imgfile

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"io"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"

	"github.com/augpipe/augpipe/internal/testimg"
)

// quadrant colours of the fixtures: red, green / blue, white.
var quadColours = []struct {
	x, y int
	c    color.NRGBA
}{
	{8, 6, color.NRGBA{255, 0, 0, 255}},
	{56, 6, color.NRGBA{0, 255, 0, 255}},
	{8, 42, color.NRGBA{0, 0, 255, 255}},
	{56, 42, color.NRGBA{255, 255, 255, 255}},
}

// quadImage is the fixtures' picture in the given colour model: a 64x48
// image of four flat quadrants.
func quadImage(kind string) image.Image {
	r := image.Rect(0, 0, 64, 48)
	var m interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	switch kind {
	case "nrgba":
		m = image.NewNRGBA(r)
	case "nrgba64":
		m = image.NewNRGBA64(r)
	case "paletted":
		m = image.NewPaletted(r, color.Palette{quadColours[0].c, quadColours[1].c, quadColours[2].c, quadColours[3].c})
	default:
		m = image.NewRGBA(r)
	}
	for y := range 48 {
		for x := range 64 {
			m.Set(x, y, quadColours[(y/24)*2+x/32].c)
		}
	}
	return m
}

func withinTol(a, b uint8, tol int) bool {
	d := int(a) - int(b)
	return d <= tol && d >= -tol
}

// TestDecodeFormats decodes every supported format and variant and checks
// the decoder chosen, the size and the colours (through the RGBA colour
// model, which is how every later step reads pixels).
func TestDecodeFormats(t *testing.T) {
	gifEnc := func(w io.Writer, m image.Image) error { return gif.Encode(w, m, nil) }
	tiffEnc := func(w io.Writer, m image.Image) error {
		return tiff.Encode(w, m, &tiff.Options{Compression: tiff.Deflate})
	}
	cases := []struct {
		name, format string
		data         []byte
		tol          int // colour tolerance: lossy formats drift
		gray         bool
	}{
		{"PNG 8-bit", "png", testimg.EncodePNG(t, quadImage("nrgba")), 0, false},
		{"PNG 16-bit", "png", testimg.EncodePNG(t, quadImage("nrgba64")), 0, false},
		{"PNG paletted", "png", testimg.EncodePNG(t, quadImage("paletted")), 0, false},
		{"GIF", "gif", testimg.Encode(t, quadImage("paletted"), gifEnc), 0, false},
		{"BMP", "bmp", testimg.Encode(t, quadImage("rgba"), bmp.Encode), 0, false},
		{"TIFF deflate", "tiff", testimg.Encode(t, quadImage("rgba"), tiffEnc), 0, false},
		{"JPEG 4:2:0 (Go)", "jpeg", testimg.EncodeJPEG(t, quadImage("rgba"), 95), 8, false},
		{"JPEG 4:4:4", "jpeg", readTestdata(t, "quad-444.jpg"), 4, false},
		{"JPEG 4:2:2", "jpeg", readTestdata(t, "quad-422.jpg"), 4, false},
		{"JPEG progressive", "jpeg", readTestdata(t, "quad-progressive.jpg"), 4, false},
		{"JPEG restart markers", "jpeg", readTestdata(t, "quad-restart.jpg"), 4, false},
		{"JPEG CMYK (Adobe, inverted, transform 0)", "jpeg", readTestdata(t, "quad-cmyk.jpg"), 8, false},
		{"JPEG YCCK (Adobe, transform 2)", "jpeg", readTestdata(t, "quad-ycck.jpg"), 8, false},
		{"JPEG grayscale", "jpeg", readTestdata(t, "quad-gray.jpg"), 4, true},
		{"WebP lossy", "webp", readTestdata(t, "quad-lossy.webp"), 24, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Decode(c.data, 10_000)
			if err != nil {
				t.Fatal(err)
			}
			if d.Format != c.format {
				t.Errorf("format %q, want %q", d.Format, c.format)
			}
			if b := d.Image.Bounds(); b.Dx() != 64 || b.Dy() != 48 {
				t.Fatalf("size %v, want 64x48", b)
			}
			for _, q := range quadColours {
				want := q.c
				if c.gray {
					y := color.GrayModel.Convert(want).(color.Gray).Y
					want = color.NRGBA{y, y, y, 255}
				}
				got := color.NRGBAModel.Convert(d.Image.At(q.x, q.y)).(color.NRGBA)
				if !withinTol(got.R, want.R, c.tol) || !withinTol(got.G, want.G, c.tol) || !withinTol(got.B, want.B, c.tol) || got.A != 255 {
					t.Errorf("pixel (%d,%d) = %v, want %v ± %d", q.x, q.y, got, want, c.tol)
				}
			}
		})
	}
}

// TestDecodeTransparency checks that formats with alpha keep it through
// decoding, so that flattening onto white can see it.
func TestDecodeTransparency(t *testing.T) {
	half := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 32 {
			half.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
		}
	}
	pal := image.NewPaletted(half.Bounds(), color.Palette{color.Transparent, color.NRGBA{255, 0, 0, 255}})
	for y := range 48 {
		for x := range 32 {
			pal.SetColorIndex(x, y, 1)
		}
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"PNG RGBA", testimg.EncodePNG(t, half)},
		{"PNG paletted with tRNS", testimg.EncodePNG(t, pal)},
		{"GIF transparent index", testimg.Encode(t, pal, func(w io.Writer, m image.Image) error { return gif.Encode(w, m, nil) })},
		{"WebP lossless alpha", readTestdata(t, "half-alpha-lossless.webp")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Decode(c.data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, _, a := d.Image.At(8, 8).RGBA(); a != 0xffff {
				t.Errorf("left half alpha %#x, want opaque", a)
			}
			if _, _, _, a := d.Image.At(50, 8).RGBA(); a != 0 {
				t.Errorf("right half alpha %#x, want transparent", a)
			}
		})
	}
}

// TestDecodeGIFFirstFrame checks that an animated GIF gives its first frame.
func TestDecodeGIFFirstFrame(t *testing.T) {
	pal := color.Palette{color.Black, color.White}
	frames := make([]*image.Paletted, 3)
	for i := range frames {
		frames[i] = image.NewPaletted(image.Rect(0, 0, 4, 4), pal)
		frames[i].SetColorIndex(0, 0, uint8(i%2)) // frame 0 black at (0,0), frame 1 white
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &gif.GIF{Image: frames, Delay: []int{1, 1, 1}}); err != nil {
		t.Fatal(err)
	}
	d, err := Decode(b.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := d.Image.At(0, 0).RGBA(); r != 0 {
		t.Errorf("pixel (0,0) is not frame 0's black")
	}
}
