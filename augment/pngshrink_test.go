package augment

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// minPSNR bounds how far a JPEG output made from a photo-like PNG decoded
// shrunk strays from one made from image/png's full-size image: the bound
// Pillow comparisons use for a minimum.
const minPSNR = 40

// pngInputs returns PNGs of every kind the decoder handles: Go's PNG suite
// (every colour type and depth, tRNS) and larger generated images of odd
// sizes, opaque and translucent, 8 and 16 bits, grey, paletted.
func pngInputs(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	dir := filepath.Join(runtime.GOROOT(), "src", "image", "png", "testdata", "pngsuite")
	names, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = b
	}
	rng := rand.New(rand.NewPCG(1, 2))
	r := image.Rect(0, 0, 97, 61)
	smooth := func(x, y, c int) uint8 { // a gradient with noise: photo-like
		return uint8((x*3 + y*5 + c*40 + rng.IntN(24)) % 256)
	}
	gray, gray16 := image.NewGray(r), image.NewGray16(r)
	rgba, nrgba, rgba64, nrgba64 := image.NewRGBA(r), image.NewNRGBA(r), image.NewRGBA64(r), image.NewNRGBA64(r)
	pal := make(color.Palette, 200)
	for i := range pal {
		pal[i] = color.NRGBA{uint8(i), uint8(255 - i), uint8(i * 7), uint8(max(255-i*2, 0))}
	}
	paletted := image.NewPaletted(r, pal)
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			v := smooth(x, y, 0)
			gray.SetGray(x, y, color.Gray{v})
			gray16.SetGray16(x, y, color.Gray16{uint16(v)<<8 | uint16(rng.IntN(256))})
			rgba.SetRGBA(x, y, color.RGBA{v, smooth(x, y, 1), smooth(x, y, 2), 255})
			nrgba.SetNRGBA(x, y, color.NRGBA{v, smooth(x, y, 1), smooth(x, y, 2), uint8(x * 255 / r.Dx())})
			rgba64.SetRGBA64(x, y, color.RGBA64{uint16(v) << 8, uint16(smooth(x, y, 1)) << 8, 0x1234, 0xffff})
			nrgba64.SetNRGBA64(x, y, color.NRGBA64{uint16(v) << 8, 0x4000, 0x8000, uint16(y) << 10})
			paletted.SetColorIndex(x, y, uint8(rng.IntN(len(pal))))
		}
	}
	for name, img := range map[string]image.Image{
		"gray": gray, "gray16": gray16, "rgb": rgba, "rgba": nrgba, "rgb16": rgba64,
		"rgba16": nrgba64, "paletted": paletted,
	} {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		files["generated-"+name] = b.Bytes()
	}
	return files
}

// TestPNGShrinkOnLoad checks that decoding a PNG already shrunk changes no
// byte of a PNG output: Process gives what it gives for image/png's
// full-size image, for thumbnails 2 to 13 times smaller. (A JPEG output is
// made from 4:2:0 YCbCr instead: see TestPNGShrinkOnLoadJPEG.)
func TestPNGShrinkOnLoad(t *testing.T) {
	shrunk := 0
	for name, data := range pngInputs(t) {
		want, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(name, err)
		}
		for _, format := range []string{FormatJPEG, FormatPNG} {
			for _, box := range []int{7, 11, 16, 23, 40} {
				t.Run(fmt.Sprintf("%s/%s/%d", name, format, box), func(t *testing.T) {
					cfg := DefaultConfig()
					cfg.MaxSize, cfg.Format = box, format
					p, err := NewProcessor(cfg)
					if err != nil {
						t.Fatal(err)
					}
					got, rec, err := p.Process(context.Background(), data)
					if err != nil {
						t.Fatal(err)
					}
					if strings.HasPrefix(rec.Decoder, "pngdec box") {
						shrunk++
					}
					ref, _, err := p.ProcessImage(context.Background(), want)
					if err != nil {
						t.Fatal(err)
					}
					if format == FormatPNG {
						if !bytes.Equal(got, ref) {
							t.Errorf("decoded by %s: output differs from image/png's full-size image's", rec.Decoder)
						}
						return
					}
					a, _, err := image.Decode(bytes.NewReader(got))
					if err != nil {
						t.Fatal(err)
					}
					if a.Bounds().Dx() != rec.OutWidth || a.Bounds().Dy() != rec.OutHeight || rec.OutWidth > box || rec.OutHeight > box {
						t.Errorf("JPEG of %v, record says %dx%d, box %d", a.Bounds(), rec.OutWidth, rec.OutHeight, box)
					}
				})
			}
		}
	}
	if shrunk == 0 {
		t.Error("no PNG was decoded shrunk: the test tests nothing")
	}
}

// TestPNGShrinkOnLoadJPEG checks that a JPEG output made from a PNG decoded
// shrunk, as 4:2:0 YCbCr, looks like the one made from image/png's
// full-size image, for opaque and translucent photo-like images and
// shrink factors of 2 and 4.
func TestPNGShrinkOnLoadJPEG(t *testing.T) {
	photo := testimg.PhotoLike(1203, 901, 7)
	translucent := image.NewNRGBA(photo.Rect)
	copy(translucent.Pix, photo.Pix)
	for i := 3; i < len(translucent.Pix); i += 4 {
		translucent.Pix[i] = uint8(128 + i%127)
	}
	for name, img := range map[string]image.Image{"opaque": photo, "translucent": translucent} {
		data := testimg.EncodePNG(t, img)
		want, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, box := range []int{300, 500} {
			t.Run(fmt.Sprintf("%s/%d", name, box), func(t *testing.T) {
				cfg := DefaultConfig()
				cfg.MaxSize = box
				p, err := NewProcessor(cfg)
				if err != nil {
					t.Fatal(err)
				}
				got, rec, err := p.Process(context.Background(), data)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(rec.Decoder, "pngdec box") {
					t.Fatalf("decoded by %s, not shrunk", rec.Decoder)
				}
				ref, _, err := p.ProcessImage(context.Background(), want)
				if err != nil {
					t.Fatal(err)
				}
				a, _, err := image.Decode(bytes.NewReader(got))
				if err != nil {
					t.Fatal(err)
				}
				b, _, err := image.Decode(bytes.NewReader(ref))
				if err != nil {
					t.Fatal(err)
				}
				if psnr := testimg.PSNR(a, b); psnr < minPSNR {
					t.Errorf("PSNR %.1f dB against the output from image/png's full-size image, want >= %v", psnr, minPSNR)
				} else {
					t.Logf("PSNR %.1f dB", psnr)
				}
			})
		}
	}
}
