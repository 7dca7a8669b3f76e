package bmpdec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"

	"golang.org/x/image/bmp"

	"github.com/augpipe/augpipe/io/imgerr"
)

// spec describes a BMP file for bmpFile to write.
type spec struct {
	infoSize    int // 12, 16, 40, 52, 56, 64, 108, 124
	w, h        int
	topDown     bool
	bpp         int
	compression uint32
	masks       []uint32 // written after a 40-byte header, or in a longer one
	palette     []color.RGBA
	clrUsed     int
	pixels      []byte // stored rows, bottom-up unless topDown, padded
}

// bmpFile writes s as a BMP file.
func bmpFile(s spec) []byte {
	le := binary.LittleEndian
	info := make([]byte, s.infoSize)
	le.PutUint32(info, uint32(s.infoSize))
	if s.infoSize == 12 {
		le.PutUint16(info[4:], uint16(s.w))
		le.PutUint16(info[6:], uint16(s.h))
		le.PutUint16(info[8:], 1)
		le.PutUint16(info[10:], uint16(s.bpp))
	} else {
		var f [40]byte
		le.PutUint32(f[0:], uint32(s.infoSize))
		le.PutUint32(f[4:], uint32(s.w))
		h := int32(s.h)
		if s.topDown {
			h = -h
		}
		le.PutUint32(f[8:], uint32(h))
		le.PutUint16(f[12:], 1)
		le.PutUint16(f[14:], uint16(s.bpp))
		le.PutUint32(f[16:], s.compression)
		le.PutUint32(f[32:], uint32(s.clrUsed))
		copy(info, f[:])
		if s.infoSize >= 52 && s.infoSize != 64 {
			for i, m := range s.masks {
				le.PutUint32(info[40+4*i:], m)
			}
		}
	}
	var extra []byte
	if s.infoSize == 40 {
		for _, m := range s.masks {
			extra = le.AppendUint32(extra, m)
		}
	}
	var pal []byte
	for _, c := range s.palette {
		pal = append(pal, c.B, c.G, c.R)
		if s.infoSize != 12 {
			pal = append(pal, 0)
		}
	}
	off := 14 + len(info) + len(extra) + len(pal)
	out := []byte{'B', 'M'}
	out = le.AppendUint32(out, uint32(off+len(s.pixels)))
	out = le.AppendUint32(out, 0)
	out = le.AppendUint32(out, uint32(off))
	out = append(out, info...)
	out = append(out, extra...)
	out = append(out, pal...)
	return append(out, s.pixels...)
}

// rows pads each of rows to a multiple of 4 bytes and stacks them in file
// order (the last image row first unless topDown).
func rows(topDown bool, rs ...[]byte) []byte {
	var out []byte
	for i := range rs {
		r := rs[len(rs)-1-i]
		if topDown {
			r = rs[i]
		}
		out = append(out, r...)
		for len(r)%4 != 0 {
			out = append(out, 0)
			r = append(r, 0)
		}
	}
	return out
}

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
	black = color.RGBA{0, 0, 0, 255}
)

// want is a 4x2 picture: red green blue white / white blue green red.
var want = [2][4]color.RGBA{{red, green, blue, white}, {white, blue, green, red}}

func rgbaOf(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func check(t *testing.T, img image.Image, want [2][4]color.RGBA) {
	t.Helper()
	if b := img.Bounds(); b != image.Rect(0, 0, 4, 2) {
		t.Fatalf("bounds %v, want 4x2", b)
	}
	for y := range 2 {
		for x := range 4 {
			if got := rgbaOf(img.At(x, y)); got != want[y][x] {
				t.Errorf("(%d,%d) = %v, want %v", x, y, got, want[y][x])
			}
		}
	}
}

func TestDecodeVariants(t *testing.T) {
	pal4 := []color.RGBA{red, green, blue, white}
	bgr := func(c color.RGBA) []byte { return []byte{c.B, c.G, c.R} }
	px24 := func(r [4]color.RGBA) []byte {
		var b []byte
		for _, c := range r {
			b = append(b, bgr(c)...)
		}
		return b
	}
	px32 := func(r [4]color.RGBA, a byte) []byte {
		var b []byte
		for _, c := range r {
			b = append(b, c.B, c.G, c.R, a)
		}
		return b
	}
	px16 := func(r [4]color.RGBA, g6 bool) []byte { // 555 or 565
		var b []byte
		for _, c := range r {
			v := uint16(c.R>>3)<<10 | uint16(c.G>>3)<<5 | uint16(c.B>>3)
			if g6 {
				v = uint16(c.R>>3)<<11 | uint16(c.G>>2)<<5 | uint16(c.B>>3)
			}
			b = binary.LittleEndian.AppendUint16(b, v)
		}
		return b
	}
	idx8 := [][]byte{{0, 1, 2, 3}, {3, 2, 1, 0}}
	cases := []struct {
		name string
		s    spec
		want [2][4]color.RGBA
	}{
		{"8-bit", spec{infoSize: 40, w: 4, h: 2, bpp: 8, palette: pal4, clrUsed: 4, pixels: rows(false, idx8...)}, want},
		{"8-bit top-down", spec{infoSize: 40, w: 4, h: 2, topDown: true, bpp: 8, palette: pal4, clrUsed: 4, pixels: rows(true, idx8...)}, want},
		{"8-bit OS/2 1.x", spec{infoSize: 12, w: 4, h: 2, bpp: 8, palette: pal4, pixels: rows(false, idx8...)}, want},
		{"8-bit OS/2 2.x, 64-byte header", spec{infoSize: 64, w: 4, h: 2, bpp: 8, palette: pal4, clrUsed: 4, pixels: rows(false, idx8...)}, want},
		{"8-bit OS/2 2.x, 16-byte header", spec{infoSize: 16, w: 4, h: 2, bpp: 8, palette: append(pal4, make([]color.RGBA, 252)...), pixels: rows(false, idx8...)}, want},
		{"8-bit V5, palette of 3", spec{infoSize: 124, w: 4, h: 2, bpp: 8, palette: pal4[:3], clrUsed: 3,
			pixels: rows(false, []byte{0, 1, 2, 9}, []byte{9, 2, 1, 0})},
			[2][4]color.RGBA{{red, green, blue, black}, {black, blue, green, red}}},
		{"4-bit", spec{infoSize: 40, w: 4, h: 2, bpp: 4, palette: pal4, clrUsed: 4, pixels: rows(false, []byte{0x01, 0x23}, []byte{0x32, 0x10})}, want},
		{"2-bit", spec{infoSize: 40, w: 4, h: 2, bpp: 2, palette: pal4, pixels: rows(false, []byte{0x1B}, []byte{0xE4})}, want},
		{"1-bit", spec{infoSize: 40, w: 4, h: 2, bpp: 1, palette: []color.RGBA{red, white}, pixels: rows(false, []byte{0x50}, []byte{0xA0})},
			[2][4]color.RGBA{{red, white, red, white}, {white, red, white, red}}},
		{"24-bit", spec{infoSize: 40, w: 4, h: 2, bpp: 24, pixels: rows(false, px24(want[0]), px24(want[1]))}, want},
		{"32-bit, alpha byte ignored", spec{infoSize: 40, w: 4, h: 2, bpp: 32, pixels: rows(false, px32(want[0], 0), px32(want[1], 0))}, want},
		{"16-bit 555", spec{infoSize: 40, w: 4, h: 2, bpp: 16, pixels: rows(false, px16(want[0], false), px16(want[1], false))}, want},
		{"16-bit 565 bit-fields", spec{infoSize: 40, w: 4, h: 2, bpp: 16, compression: compBitfields, masks: []uint32{0xF800, 0x7E0, 0x1F},
			pixels: rows(false, px16(want[0], true), px16(want[1], true))}, want},
		{"32-bit bit-fields RGBX, V4", spec{infoSize: 108, w: 4, h: 2, bpp: 32, compression: compBitfields, masks: []uint32{0xFF, 0xFF00, 0xFF0000},
			pixels: rows(false, px32bgr(want[0]), px32bgr(want[1]))}, want},
		{"24-bit bit-fields, V5 alpha mask past the pixel's bits: opaque", spec{infoSize: 124, w: 4, h: 2, bpp: 24, compression: compBitfields,
			masks: []uint32{0xFF0000, 0xFF00, 0xFF, 0xFF000000}, pixels: rows(false, px24(want[0]), px24(want[1]))}, want},
		{"32-bit alpha bit-fields", spec{infoSize: 40, w: 4, h: 2, bpp: 32, compression: compAlphaBitfields, masks: []uint32{0xFF0000, 0xFF00, 0xFF, 0xFF000000},
			pixels: rows(false, px32(want[0], 0), px32(want[1], 255))},
			[2][4]color.RGBA{{{}, {}, {}, {}}, want[1]}},
		{"RLE8", spec{infoSize: 40, w: 4, h: 2, bpp: 8, compression: compRLE8, palette: pal4,
			// bottom row: literal 3,2,1,0; top row: runs of one 0 and one 1,
			// a delta (0,0) that stays put, a literal 2,3,2 cut at the row's end
			pixels: []byte{0, 4, 3, 2, 1, 0, 0, 0, 1, 0, 1, 1, 0, 2, 0, 0, 0, 3, 2, 3, 2, 0, 0, 1}}, want},
		{"RLE4", spec{infoSize: 40, w: 4, h: 2, bpp: 4, compression: compRLE4, palette: pal4,
			// bottom row: literal of 3 (3,2,1), padded, run of one 0; top:
			// a run of 2 alternating 0 and 1, runs of one 2 and one 3
			pixels: []byte{0, 3, 0x32, 0x10, 1, 0, 0, 0, 2, 0x01, 1, 0x20, 1, 0x30, 0, 1}}, want},
		{"RLE8 with end of line and delta: skipped pixels are index 0", spec{infoSize: 40, w: 4, h: 2, bpp: 8, compression: compRLE8, palette: pal4,
			pixels: []byte{2, 3, 0, 0, 0, 2, 3, 0, 1, 1, 0, 1}},
			[2][4]color.RGBA{{red, red, red, green}, {white, white, red, red}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := bmpFile(tc.s)
			cfg, err := DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("DecodeConfig: %v", err)
			}
			if cfg.Width != 4 || cfg.Height != 2 {
				t.Errorf("DecodeConfig %dx%d, want 4x2", cfg.Width, cfg.Height)
			}
			img, err := Decode(data, 0)
			if err != nil {
				t.Fatal(err)
			}
			check(t, img, tc.want)
		})
	}
}

func px32bgr(r [4]color.RGBA) []byte {
	var b []byte
	for _, c := range r {
		b = append(b, c.R, c.G, c.B, 0)
	}
	return b
}

// The files golang.org/x/image/bmp decodes, bmpdec decodes to the same
// pixels.
func TestMatchesXImageBMP(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 37, 11))
	for i := range src.Pix {
		src.Pix[i] = byte(i * 7)
	}
	pal := image.NewPaletted(image.Rect(0, 0, 13, 5), color.Palette{red, green, blue, white, black})
	for i := range pal.Pix {
		pal.Pix[i] = byte(i % 5)
	}
	opaque := image.NewRGBA(image.Rect(0, 0, 9, 7))
	for i := range opaque.Pix {
		opaque.Pix[i] = byte(i * 13)
		if i%4 == 3 {
			opaque.Pix[i] = 255
		}
	}
	for _, img := range []image.Image{src, pal, opaque} {
		var buf bytes.Buffer
		if err := bmp.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		ref, err := bmp.Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(buf.Bytes(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameImage(got, ref); err != "" {
			t.Errorf("%T: %s", img, err)
		}
	}
}

// sameImage says where a and b differ, as non-premultiplied colours; ""
// when they do not.
func sameImage(a, b image.Image) string {
	if a.Bounds() != b.Bounds() {
		return "bounds " + a.Bounds().String() + " and " + b.Bounds().String()
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ca := color.NRGBAModel.Convert(a.At(x, y))
			cb := color.NRGBAModel.Convert(b.At(x, y))
			if ca != cb {
				return "pixel " + image.Pt(x, y).String() + " differs"
			}
		}
	}
	return ""
}

// Damaged headers are corrupt, features not decoded are unsupported by
// name, and huge images are refused from the header.
func TestRefusals(t *testing.T) {
	base := spec{infoSize: 40, w: 4, h: 2, bpp: 24, pixels: make([]byte, 24)}
	mod := func(f func(*spec)) []byte {
		s := base
		f(&s)
		return bmpFile(s)
	}
	cases := []struct {
		name string
		data []byte
		kind error
		says string
	}{
		{"embedded JPEG", mod(func(s *spec) { s.compression = compJPEG; s.bpp = 0 }), imgerr.ErrUnsupported, "unsupported BMP feature: embedded JPEG"},
		{"embedded PNG", mod(func(s *spec) { s.compression = compPNG; s.bpp = 0 }), imgerr.ErrUnsupported, "unsupported BMP feature: embedded PNG"},
		{"OS/2 Huffman", mod(func(s *spec) { s.infoSize = 64; s.compression = 3; s.bpp = 1 }), imgerr.ErrUnsupported, "Huffman"},
		{"64-bit", mod(func(s *spec) { s.bpp = 64 }), imgerr.ErrUnsupported, "64 bits"},
		{"bit depth 30000", mod(func(s *spec) { s.bpp = 30000 }), imgerr.ErrCorrupt, "bit depth"},
		{"header size 66", func() []byte {
			d := bmpFile(base)
			d[14] = 66
			return d
		}(), imgerr.ErrCorrupt, "66"},
		{"negative width", mod(func(s *spec) { s.w = -4 }), imgerr.ErrCorrupt, "width"},
		{"truncated", bmpFile(base)[:60], imgerr.ErrCorrupt, "truncated"},
		{"header only", bmpFile(base)[:20], imgerr.ErrCorrupt, "truncated"},
		{"3000000x2000000", mod(func(s *spec) { s.w, s.h = 3000000, 2000000 }), imgerr.ErrTooLarge, "megapixels"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.data, 1<<24)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("error %v, want one matching %v and saying %q", err, tc.kind, tc.says)
			}
			if tc.kind == imgerr.ErrUnsupported && errors.Is(err, imgerr.ErrCorrupt) {
				t.Errorf("%v also matches ErrCorrupt", err)
			}
		})
	}
}

// Without a pixel limit, a small file declaring an image too large to
// allocate is refused as too large, not decoded into a panic.
func TestDecodeNoLimitRefusesHuge(t *testing.T) {
	for _, wh := range [][2]int{{1<<31 - 1, 1<<31 - 1}, {1<<31 - 1, 1 << 30}} {
		data := bmpFile(spec{infoSize: 40, w: wh[0], h: wh[1], bpp: 24, pixels: make([]byte, 24)})
		if _, err := Decode(data, 0); !errors.Is(err, imgerr.ErrTooLarge) {
			t.Errorf("%dx%d: %v, want an error matching ErrTooLarge", wh[0], wh[1], err)
		}
	}
}
