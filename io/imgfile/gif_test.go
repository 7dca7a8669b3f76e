package imgfile

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"testing"

	"github.com/augpipe/augpipe/io/imgerr"
)

// gifFile encodes a one-frame GIF whose frame m is placed on a w x h
// canvas at m's bounds, with transparent index trans (-1: none).
func gifFile(t testing.TB, m *image.Paletted, w, h, trans int) []byte {
	t.Helper()
	g := &gif.GIF{Image: []*image.Paletted{m}, Delay: []int{0}, Config: image.Config{ColorModel: m.Palette, Width: w, Height: h}}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if trans >= 0 { // image/gif writes no transparency: insert a graphic control extension
		i := bytes.IndexByte(data[13+3*len(m.Palette):], ',') + 13 + 3*len(m.Palette)
		gce := []byte{'!', 0xF9, 4, 1, 0, 0, byte(trans), 0}
		data = append(data[:i:i], append(gce, data[i:]...)...)
	}
	return data
}

// flatColour returns img's pixel colour at (x, y) onto white, as every later step
// sees them.
func flatColour(img image.Image, x, y int) color.RGBA {
	r, g, b, a := img.At(x, y).RGBA()
	w := 0xFFFF - a
	return color.RGBA{uint8((r + w) >> 8), uint8((g + w) >> 8), uint8((b + w) >> 8), 255}
}

// A frame smaller than its canvas is placed on it at its offset, the rest
// being index 0 or, with a transparent index, transparent (white once
// flattened), as Pillow reads it.
func TestGIFFrameOnCanvas(t *testing.T) {
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	cases := []struct {
		name  string
		trans int
		pal   color.Palette
		rest  color.RGBA // the canvas outside the frame
	}{
		{"transparent index", 0, color.Palette{blue, red}, color.RGBA{255, 255, 255, 255}},
		{"no transparency: index 0", -1, color.Palette{blue, red}, blue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			frame := image.NewPaletted(image.Rect(150, 50, 200, 100), tc.pal)
			for i := range frame.Pix {
				frame.Pix[i] = 1
			}
			d, err := Decode(gifFile(t, frame, 200, 100, tc.trans), 0)
			if err != nil {
				t.Fatal(err)
			}
			if b := d.Image.Bounds(); b != image.Rect(0, 0, 200, 100) || d.Width != 200 || d.Height != 100 {
				t.Fatalf("decoded %v, Width %d Height %d, want the 200x100 canvas", b, d.Width, d.Height)
			}
			reds := 0
			for y := range 100 {
				for x := range 200 {
					c := flatColour(d.Image, x, y)
					inFrame := x >= 150 && y >= 50
					switch {
					case c == red:
						reds++
						if !inFrame {
							t.Fatalf("red at (%d,%d), outside the frame", x, y)
						}
					case inFrame:
						t.Fatalf("(%d,%d) is %v, want the frame's red", x, y, c)
					case c != tc.rest:
						t.Fatalf("(%d,%d) is %v, want %v", x, y, c, tc.rest)
					}
				}
			}
			if got := float64(reds) / (200 * 100); got != 0.125 {
				t.Errorf("red covers %.1f%% of the image, want 12.5%%", 100*got)
			}
		})
	}
}

// A frame reaching past its canvas grows the canvas, as Pillow does.
func TestGIFFrameGrowsCanvas(t *testing.T) {
	frame := image.NewPaletted(image.Rect(10, 5, 30, 25), color.Palette{color.Black, color.White})
	data := gifFile(t, frame, 30, 25, -1)
	data[6], data[8] = 20, 20 // the canvas says 20x20
	d, err := Decode(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b := d.Image.Bounds(); b != image.Rect(0, 0, 30, 25) {
		t.Errorf("decoded %v, want 30x25", b)
	}
}

// lzwLiterals encodes pix as GIF LZW data of the given minimum code size
// using only literal codes, with a clear code before the code width grows,
// in data sub-blocks.
func lzwLiterals(pix []byte, litWidth uint) []byte {
	var out []byte
	var acc uint64
	var n uint
	width := litWidth + 1
	put := func(c int) {
		acc |= uint64(c) << n
		n += width
		for n >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	clear := 1 << litWidth
	next := clear + 2
	put(clear)
	for i, p := range pix {
		put(int(p))
		if i > 0 {
			next++
		}
		if next+1 >= 1<<width {
			put(clear)
			next = clear + 2
		}
	}
	put(clear + 1)
	if n > 0 {
		out = append(out, byte(acc))
	}
	var blocks []byte
	for len(out) > 0 {
		k := min(len(out), 255)
		blocks = append(blocks, byte(k))
		blocks = append(blocks, out[:k]...)
		out = out[k:]
	}
	return append(blocks, 0)
}

// rawGIF builds a GIF by hand: a w x h canvas and frame, an optional
// global colour table, and LZW data of code size litWidth.
func rawGIF(w, h int, palette []byte, litWidth uint, pix []byte) []byte {
	b := []byte("GIF89a")
	b = append(b, byte(w), byte(w>>8), byte(h), byte(h>>8))
	if palette != nil {
		b = append(b, 0x80|1, 0, 0) // 4 entries
		b = append(b, palette...)
	} else {
		b = append(b, 0, 0, 0)
	}
	b = append(b, ',', 0, 0, 0, 0, byte(w), byte(w>>8), byte(h), byte(h>>8), 0)
	b = append(b, byte(litWidth))
	b = append(b, lzwLiterals(pix, litWidth)...)
	return append(b, ';')
}

// GIFs outside the spec that Pillow reads: no colour table at all (a grey
// ramp), and LZW code sizes past 8 (each code's low 8 bits).
func TestGIFOutsideSpec(t *testing.T) {
	pix := make([]byte, 64*8)
	for i := range pix {
		pix[i] = byte(i % 4 * 60)
	}
	cases := []struct {
		name     string
		palette  []byte
		litWidth uint
		want     func(i int) color.RGBA
	}{
		{"no colour table", nil, 8, func(i int) color.RGBA {
			v := pix[i]
			return color.RGBA{v, v, v, 255}
		}},
		{"LZW code size 11", []byte{0, 0, 0, 60, 0, 0, 120, 0, 0, 180, 0, 0}, 11, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := pix
			if tc.palette != nil {
				p = make([]byte, len(pix))
				for i := range p {
					p[i] = byte(i % 4)
				}
			}
			data := rawGIF(64, 8, tc.palette, tc.litWidth, p)
			d, err := Decode(data, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i := range p {
				x, y := i%64, i/64
				want := color.RGBA{p[i] * 60, 0, 0, 255}
				if tc.want != nil {
					want = tc.want(i)
				}
				if got := flatColour(d.Image, x, y); got != want {
					t.Fatalf("(%d,%d) = %v, want %v", x, y, got, want)
				}
			}
		})
	}
}

// Truncated pixel data fails the file as corrupt; with KeepDamaged the rows
// that were decoded are kept and the rest repeat the last of them.
func TestGIFTruncated(t *testing.T) {
	pal := []byte{0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255}
	pix := make([]byte, 32*32)
	for i := range pix {
		pix[i] = byte(i / 32 % 3) // row y has index y%3
	}
	full := rawGIF(32, 32, pal, 2, pix)
	d := decodeDamaged(t, full[:len(full)*2/3])
	m := d.Image.(*image.Paletted)
	last := -1
	for y := range 32 {
		row := m.Pix[y*m.Stride : y*m.Stride+32]
		whole := bytes.Equal(row, bytes.Repeat([]byte{byte(y % 3)}, 32))
		if whole && last == y-1 {
			last = y
			continue
		}
		if last < 1 {
			t.Fatalf("row %d is wrong and too few rows (%d) were decoded", y, last+1)
		}
		if !bytes.Equal(row, m.Pix[last*m.Stride:last*m.Stride+32]) {
			t.Fatalf("row %d = %v, want a copy of row %d, the last decoded", y, row, last)
		}
	}
	if last == 31 {
		t.Fatal("every row decoded from a truncated file")
	}
}

// FuzzGIF: no input panics; errors are of known kinds; and where image/gif
// decodes the first frame, decodeGIF gives its colours at its place on the
// canvas (image/gif refuses what Pillow reads outside the spec, and
// reports no canvas).
func FuzzGIF(f *testing.F) {
	red := color.RGBA{255, 0, 0, 255}
	frame := image.NewPaletted(image.Rect(3, 2, 11, 9), color.Palette{color.Black, red, color.White})
	for i := range frame.Pix {
		frame.Pix[i] = byte(i % 3)
	}
	f.Add(gifFile(f, frame, 16, 12, -1))
	f.Add(gifFile(f, frame, 16, 12, 2))
	f.Add(rawGIF(8, 4, []byte{0, 0, 0, 9, 9, 9, 50, 0, 0, 0, 0, 90}, 2, make([]byte, 32)))
	f.Add(rawGIF(8, 4, nil, 11, make([]byte, 32)))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeGIF(data, 1<<20)
		if err != nil && !errors.Is(err, imgerr.ErrCorrupt) && !errors.Is(err, imgerr.ErrTooLarge) && !errors.Is(err, imgerr.ErrUnsupported) {
			if m != nil {
				t.Fatalf("an image with an error of no known kind: %v", err)
			}
		}
		if err != nil {
			return
		}
		if cfg, err := gifConfig(bytes.NewReader(data)); err != nil || cfg.Width != m.Rect.Dx() || cfg.Height != m.Rect.Dy() {
			t.Fatalf("gifConfig %dx%d (%v), decoded %v", cfg.Width, cfg.Height, err, m.Rect)
		}
		if c, err := gif.DecodeConfig(bytes.NewReader(data)); err != nil || c.Width*c.Height > 1<<20 {
			return
		}
		ref, err := gif.Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		b := ref.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if got, want := flatColour(m, x, y), flatColour(ref, x, y); got != want {
					t.Fatalf("(%d,%d) = %v, image/gif %v", x, y, got, want)
				}
			}
		}
	})
}
