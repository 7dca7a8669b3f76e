package imgfile

import (
	"bytes"
	"errors"
	"image"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/webp"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgerr"
)

// FuzzKeepDamaged: KeepDamaged changes nothing for data that decodes
// whole (the same image, no Damage); an image it keeps from data that
// fails without it has the header's size and comes with the reason,
// matching ErrCorrupt; nothing panics. Seeds: JPEG (sequential,
// progressive, arithmetic), PNG and GIF files, whole and cut.
func FuzzKeepDamaged(f *testing.F) {
	photo := testimg.PhotoLike(40, 24, 2)
	seeds := [][]byte{testimg.EncodeJPEG(f, photo, 80), testimg.EncodePNG(f, photo),
		rawGIF(16, 8, []byte{0, 0, 0, 90, 0, 0, 0, 90, 0, 0, 0, 90}, 2, make([]byte, 128))}
	for _, name := range []string{"quad-progressive.jpg", "quad-restart.jpg"} {
		seeds = append(seeds, readTestdata(f, name))
	}
	if b, err := os.ReadFile(filepath.Join("..", "jpegdec", "testdata", "arith_prog422_rst1.jpg")); err == nil {
		seeds = append(seeds, b)
	}
	for _, s := range seeds {
		f.Add(s)
		f.Add(s[:len(s)*2/3])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var dec Decoder
		whole, werr := dec.Decode(data, DecodeOptions{MaxPixels: fuzzMaxPixels})
		kept, kerr := dec.Decode(data, DecodeOptions{MaxPixels: fuzzMaxPixels, KeepDamaged: true})
		switch {
		case werr == nil:
			if kerr != nil || kept.Damage != nil {
				t.Fatalf("whole data: KeepDamaged gives %v, damage %v", kerr, kept.Damage)
			}
			if testimg.PSNR(whole.Image, kept.Image) < 99 {
				t.Fatal("KeepDamaged changes the image of whole data")
			}
		case kerr == nil:
			if kept.Damage == nil || !errors.Is(kept.Damage, imgerr.ErrCorrupt) {
				t.Fatalf("kept an image of failing data (%v) with damage %v", werr, kept.Damage)
			}
			if b := kept.Image.Bounds(); int64(b.Dx())*int64(b.Dy()) > fuzzMaxPixels || b.Empty() {
				t.Fatalf("kept image %v", b)
			}
		}
	})
}

// FuzzWebP: no input panics; a still WebP's size is x/image/webp's, and
// an animated one's its canvas's.
func FuzzWebP(f *testing.F) {
	still := readTestdata(f, "white-red.webp")
	f.Add(still)
	f.Add(readTestdata(f, "alpha.webp"))
	f.Add(readTestdata(f, "half-alpha-lossless.webp"))
	f.Add(animatedWebP(f, still, 100, 60, 20, 10, 64, 32))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := decodeWebP(data, fuzzMaxPixels)
		if err != nil {
			return
		}
		cfg, cerr := webpConfig(bytes.NewReader(data))
		if cerr != nil || img.Bounds() != image.Rect(0, 0, cfg.Width, cfg.Height) {
			t.Fatalf("decoded %v, header %dx%d (%v)", img.Bounds(), cfg.Width, cfg.Height, cerr)
		}
		if w, h, flags, ok := webpCanvas(data); !ok || flags&webpAnimated == 0 {
			ref, err := webp.Decode(bytes.NewReader(data))
			if err != nil || ref.Bounds() != img.Bounds() {
				t.Fatalf("x/image/webp: %v %v, decoded %v", err, ref, img.Bounds())
			}
		} else if img.Bounds() != image.Rect(0, 0, w, h) {
			t.Fatalf("animation decoded %v, canvas %dx%d", img.Bounds(), w, h)
		}
	})
}
