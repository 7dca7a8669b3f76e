package jpegenc_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/jpegenc"
)

// roundTrip encodes img with o, decodes the result with image/jpeg, and
// checks its size and kind: grey for a grey image, else YCbCr of o's
// subsampling. It returns the PSNR against img.
func roundTrip(t *testing.T, e *jpegenc.Encoder, img image.Image, o jpegenc.Options) float64 {
	t.Helper()
	out, err := e.Append(nil, img, o)
	if err != nil {
		t.Fatalf("%v %+v: %v", img.Bounds(), o, err)
	}
	back, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%v %+v: the output does not decode: %v", img.Bounds(), o, err)
	}
	if back.Bounds().Size() != img.Bounds().Size() {
		t.Fatalf("%v %+v: decoded %v", img.Bounds(), o, back.Bounds())
	}
	want := image.YCbCrSubsampleRatio420
	if o.Subsampling == jpegenc.Sub444 {
		want = image.YCbCrSubsampleRatio444
	}
	switch m := back.(type) {
	case *image.Gray:
		if _, ok := img.(*image.Gray); !ok {
			t.Fatalf("%v %+v: a colour image came back grey", img.Bounds(), o)
		}
	case *image.YCbCr:
		if m.SubsampleRatio != want {
			t.Fatalf("%v %+v: decoded as %v", img.Bounds(), o, m.SubsampleRatio)
		}
	default:
		t.Fatalf("%v %+v: decoded as %T", img.Bounds(), o, back)
	}
	return psnr(rgba(back), rgba(img))
}

// TestRoundTripRandomSizes encodes photo-like images of random sizes (1x1,
// thin, odd, ending anywhere in an MCU) in both subsamplings and checks
// that each decodes to its size and layout, that at quality 100 a 4:4:4
// output is close to the source (at least 40 dB) and no further from it
// than the 4:2:0 one, whose chroma is halved.
func TestRoundTripRandomSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	sizes := [][2]int{{1, 1}, {1, 2}, {2, 1}, {3, 3}, {8, 1}, {1, 16}, {17, 17}, {16, 15}}
	for range 40 {
		sizes = append(sizes, [2]int{1 + rng.IntN(70), 1 + rng.IntN(70)})
	}
	var e jpegenc.Encoder
	for i, sz := range sizes {
		src := testimg.PhotoLike(sz[0], sz[1], uint64(i))
		p420 := roundTrip(t, &e, src, jpegenc.Options{Quality: 100})
		p444 := roundTrip(t, &e, src, jpegenc.Options{Quality: 100, Subsampling: jpegenc.Sub444})
		if p444 < 40 || p444 < p420 {
			t.Errorf("%dx%d q100: PSNR 4:4:4 %.2f dB, 4:2:0 %.2f: want 4:4:4 at least 40 and at least 4:2:0's", sz[0], sz[1], p444, p420)
		}
		grey := image.NewGray(src.Rect)
		for j := range grey.Pix {
			grey.Pix[j] = src.Pix[4*j+1]
		}
		if p := roundTrip(t, &e, grey, jpegenc.Options{Quality: 100}); p < 40 {
			t.Errorf("%dx%d grey q100: PSNR %.2f dB, want at least 40", sz[0], sz[1], p)
		}
	}
}

// TestErrors checks what Append refuses: an empty image, a side longer
// than a JPEG holds, a subsampling it does not know.
func TestErrors(t *testing.T) {
	var e jpegenc.Encoder
	cases := []struct {
		name string
		img  image.Image
		o    jpegenc.Options
		want string
	}{
		{"empty", image.NewGray(image.Rect(3, 3, 3, 9)), jpegenc.Options{}, "empty image"},
		{"too wide", image.NewGray(image.Rect(0, 0, jpegenc.MaxSide+1, 1)), jpegenc.Options{}, "at most 65535"},
		{"unknown subsampling", image.NewRGBA(image.Rect(0, 0, 2, 2)), jpegenc.Options{Subsampling: 7}, "unknown subsampling"},
	}
	for _, c := range cases {
		dst := []byte("kept")
		out, err := e.Append(dst, c.img, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
		if string(out) != "kept" {
			t.Errorf("%s: dst changed to %q on failure", c.name, out)
		}
	}
	// The largest side a JPEG holds is accepted.
	if _, err := e.Append(nil, image.NewGray(image.Rect(0, 0, jpegenc.MaxSide, 1)), jpegenc.Options{}); err != nil {
		t.Errorf("a %d-pixel-wide image: %v", jpegenc.MaxSide, err)
	}
}

// FuzzEncode encodes images of fuzzed size, content, quality, subsampling
// and kind. A 4:2:0 output must be image/jpeg's bytes (with Go 1.26; see
// sameAsGo), and every output must decode to the image's size.
func FuzzEncode(f *testing.F) {
	f.Add(uint8(1), uint8(1), uint64(0), uint8(75), false, uint8(0))
	f.Add(uint8(17), uint8(33), uint64(7), uint8(100), true, uint8(1))
	f.Add(uint8(64), uint8(5), uint64(3), uint8(1), false, uint8(2))
	f.Fuzz(func(t *testing.T, w, h uint8, seed uint64, q uint8, sub444 bool, kind uint8) {
		if w == 0 || h == 0 {
			return
		}
		src := testimg.PhotoLike(int(w), int(h), seed)
		var img image.Image = src
		switch kind % 3 {
		case 1:
			g := image.NewGray(src.Rect)
			for j := range g.Pix {
				g.Pix[j] = src.Pix[4*j]
			}
			img = g
		case 2:
			m := image.NewYCbCr(src.Rect, image.YCbCrSubsampleRatio420)
			rng := rand.New(rand.NewPCG(seed, 0))
			for j := range m.Y {
				m.Y[j] = uint8(rng.IntN(256))
			}
			for j := range m.Cb {
				m.Cb[j], m.Cr[j] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
			}
			img = m
		}
		o := jpegenc.Options{Quality: 1 + int(q)%100}
		if sub444 {
			o.Subsampling = jpegenc.Sub444
		}
		var e jpegenc.Encoder
		roundTrip(t, &e, img, o)
		if !sub444 && goIs126() {
			var want bytes.Buffer
			if err := jpeg.Encode(&want, img, &jpeg.Options{Quality: o.Quality}); err != nil {
				t.Fatal(err)
			}
			got, _ := e.Append(nil, img, o)
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%v q%d: not image/jpeg's bytes", img.Bounds(), o.Quality)
			}
		}
	})
}
