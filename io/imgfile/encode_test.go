package imgfile

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestPNGEncoderKeepsAlpha checks that a PNGEncoder, used again and again,
// writes PNGs that decode to the pixels given, transparency included.
func TestPNGEncoderKeepsAlpha(t *testing.T) {
	var e PNGEncoder
	for i, size := range []int{7, 64, 3} {
		img := image.NewNRGBA(image.Rect(0, 0, size, size))
		for y := range size {
			for x := range size {
				img.SetNRGBA(x, y, color.NRGBA{uint8(x * 9), uint8(y * 5), uint8(i * 50), uint8(x * y)})
			}
		}
		data, err := e.Encode(img)
		if err != nil {
			t.Fatal(err)
		}
		back, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for y := range size {
			for x := range size {
				if got, want := color.NRGBAModel.Convert(back.At(x, y)), img.NRGBAAt(x, y); got != want {
					t.Fatalf("image %d, pixel (%d,%d): %v, want %v", i, x, y, got, want)
				}
			}
		}
	}
}

// TestEmbedICCPNG checks that a profile embedded in a PNG is read back as
// it was, that the PNG still decodes, and that a profile for another
// colour space, or no profile, leaves the PNG alone.
func TestEmbedICCPNG(t *testing.T) {
	var e PNGEncoder
	rgb, err := e.Encode(image.NewRGBA(image.Rect(0, 0, 5, 4)))
	if err != nil {
		t.Fatal(err)
	}
	gray, err := e.Encode(image.NewGray(image.Rect(0, 0, 5, 4)))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		out     []byte
		profile []byte
		want    bool
	}{
		{"RGB profile, RGB PNG", rgb, fakeICC(3000, "RGB "), true},
		{"GRAY profile, grey PNG", gray, fakeICC(300, "GRAY"), true},
		{"GRAY profile, RGB PNG", rgb, fakeICC(300, "GRAY"), false},
		{"CMYK profile, RGB PNG", rgb, fakeICC(300, "CMYK"), false},
		{"RGB profile, grey PNG", gray, fakeICC(300, "RGB "), false},
		{"no profile", rgb, nil, false},
		{"not a PNG", []byte("nope, not a PNG at all, not even close to one"), fakeICC(300, "RGB "), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := EmbedICCPNG(c.out, c.profile)
			if ok != c.want {
				t.Fatalf("embedded %v, want %v", ok, c.want)
			}
			if !ok {
				if !bytes.Equal(got, c.out) {
					t.Error("output changed although nothing was embedded")
				}
				return
			}
			if back := iccProfile("png", got); !bytes.Equal(back, c.profile) {
				t.Errorf("profile read back: %d bytes, want the %d embedded", len(back), len(c.profile))
			}
			if _, err := png.Decode(bytes.NewReader(got)); err != nil {
				t.Errorf("PNG with the profile does not decode: %v", err)
			}
		})
	}
}

// TestPNGEncoderYCbCr checks that a YCbCr image, which the encoder
// converts itself, gives the pixels image/png gives for it.
func TestPNGEncoderYCbCr(t *testing.T) {
	m := image.NewYCbCr(image.Rect(2, 3, 19, 14), image.YCbCrSubsampleRatio420)
	for i := range m.Y {
		m.Y[i] = uint8(i * 3)
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(i*11), uint8(255-i*7)
	}
	var e PNGEncoder
	got, err := e.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := png.Encode(&want, m); err != nil {
		t.Fatal(err)
	}
	a, _ := png.Decode(bytes.NewReader(got))
	b, _ := png.Decode(bytes.NewReader(want.Bytes()))
	for y := range 11 {
		for x := range 17 {
			if ca, cb := color.NRGBAModel.Convert(a.At(x, y)), color.NRGBAModel.Convert(b.At(x, y)); ca != cb {
				t.Fatalf("pixel (%d,%d): %v, image/png gives %v", x, y, ca, cb)
			}
		}
	}
}
