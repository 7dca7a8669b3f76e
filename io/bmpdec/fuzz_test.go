package bmpdec

import (
	"bytes"
	"errors"
	"image"
	"testing"

	"golang.org/x/image/bmp"

	"github.com/augpipe/augpipe/io/imgerr"
)

// FuzzDecode: no input panics; every error is of a known kind; what
// DecodeConfig accepts has the size Decode gives; and an image
// golang.org/x/image/bmp decodes, bmpdec decodes to the same pixels
// (x/image/bmp reads a 32-bit V4/V5 file's fourth byte as alpha even with
// no alpha mask, so those are compared without it).
func FuzzDecode(f *testing.F) {
	pal4 := spec{infoSize: 40, w: 4, h: 2, bpp: 8, clrUsed: 4, palette: nil, pixels: rows(false, []byte{0, 1, 2, 3}, []byte{3, 2, 1, 0})}
	f.Add(bmpFile(pal4))
	f.Add(bmpFile(spec{infoSize: 40, w: 4, h: 2, bpp: 8, compression: compRLE8, pixels: []byte{0, 4, 3, 2, 1, 0, 0, 0, 4, 1, 0, 1}}))
	f.Add(bmpFile(spec{infoSize: 40, w: 5, h: 2, bpp: 4, compression: compRLE4, pixels: []byte{0, 3, 0x32, 0x10, 2, 0x12, 0, 0, 5, 0x12, 0, 1}}))
	f.Add(bmpFile(spec{infoSize: 12, w: 3, h: 3, bpp: 24, pixels: make([]byte, 36)}))
	f.Add(bmpFile(spec{infoSize: 124, w: 3, h: 2, topDown: true, bpp: 32, compression: compBitfields, masks: []uint32{0xFF0000, 0xFF00, 0xFF, 0xFF000000}, pixels: make([]byte, 24)}))
	f.Add(bmpFile(spec{infoSize: 40, w: 3, h: 2, bpp: 16, compression: compBitfields, masks: []uint32{0xF800, 0x7E0, 0x1F}, pixels: make([]byte, 16)}))
	var buf bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, 5, 3))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 11)
	}
	bmp.Encode(&buf, m)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode(data, 1<<20)
		if err != nil {
			if !errors.Is(err, imgerr.ErrCorrupt) && !errors.Is(err, imgerr.ErrUnsupported) && !errors.Is(err, imgerr.ErrTooLarge) {
				t.Fatalf("error of no known kind: %v", err)
			}
			return
		}
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != img.Bounds().Dx() || cfg.Height != img.Bounds().Dy() {
			t.Fatalf("DecodeConfig %dx%d (%v), Decode %v", cfg.Width, cfg.Height, err, img.Bounds())
		}
		xc, err := bmp.DecodeConfig(bytes.NewReader(data))
		if err != nil || int64(xc.Width)*int64(xc.Height) > 1<<20 {
			return
		}
		ref, err := bmp.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		if h, _ := parseHeader(data[:min(len(data), headerLen)]); h.bpp == 32 && h.masks[3] == 0 {
			return
		}
		if msg := sameImage(img, ref); msg != "" {
			t.Fatalf("differs from x/image/bmp: %s", msg)
		}
	})
}
