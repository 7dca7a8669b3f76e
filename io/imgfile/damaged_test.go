package imgfile

import (
	"bytes"
	"errors"
	"image"
	"image/draw"
	"testing"

	"golang.org/x/image/bmp"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgerr"
)

// With KeepDamaged, a JPEG or PNG truncated part-way decodes to the rows
// before the damage, the rows after it repeating the last of them, and
// Damage says why; without it, the file fails as corrupt. A progressive
// JPEG keeps the scans read whole: the image is whole, at less detail.
func TestKeepDamaged(t *testing.T) {
	photo := testimg.PhotoLike(96, 64, 3)
	cases := []struct {
		name     string
		data     []byte
		repeated bool // rows after the damage repeat the last decoded row
		cut      int  // percent of the file kept
	}{
		{"JPEG", testimg.EncodeJPEG(t, photo, 90), true, 60},
		{"grey JPEG", testimg.EncodeJPEG(t, grey(photo), 90), true, 60},
		// Cut in its last scans, after every component's first AC scan.
		{"progressive JPEG", readTestdata(t, "quad-progressive.jpg"), false, 80},
		{"PNG", testimg.EncodePNG(t, photo), true, 60},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := decodeDamaged(t, tc.data[:len(tc.data)*tc.cut/100])
			whole, err := Decode(tc.data, 0)
			if err != nil {
				t.Fatal(err)
			}
			if d.Image.Bounds() != whole.Image.Bounds() {
				t.Fatalf("bounds %v, want %v", d.Image.Bounds(), whole.Image.Bounds())
			}
			if !tc.repeated {
				if p := testimg.PSNR(d.Image, whole.Image); p < 40 {
					t.Errorf("PSNR %.1f dB against the whole file's image, want the picture at less detail (>= 40)", p)
				}
				return
			}
			b := d.Image.Bounds()
			row := func(m image.Image, y int) []uint32 {
				var r []uint32
				for x := b.Min.X; x < b.Max.X; x++ {
					c1, c2, c3, _ := m.At(x, y).RGBA()
					r = append(r, c1, c2, c3)
				}
				return r
			}
			same := func(a, b []uint32) bool {
				for i := range a {
					if a[i] != b[i] {
						return false
					}
				}
				return true
			}
			// The first rows are the whole file's; from some row on, every
			// row is a copy of the one before.
			if !same(row(d.Image, 0), row(whole.Image, 0)) {
				t.Fatal("the first row differs from the whole file's")
			}
			first := -1
			for y := 1; y < b.Dy(); y++ {
				if same(row(d.Image, y), row(d.Image, y-1)) && !same(row(whole.Image, y), row(whole.Image, y-1)) {
					first = y
					break
				}
			}
			if first < 0 {
				t.Fatal("no repeated rows after the damage")
			}
			for y := first; y < b.Dy(); y++ {
				if !same(row(d.Image, y), row(d.Image, first-1)) {
					t.Fatalf("row %d is not a copy of row %d, the last decoded", y, first-1)
				}
			}
		})
	}
}

// grey returns img converted to grey.
func grey(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g
}

// decodeDamaged checks that damaged data fails as corrupt, and decodes it
// with KeepDamaged, which must keep an image and say why it is damaged.
func decodeDamaged(t *testing.T, data []byte) Decoded {
	t.Helper()
	if _, err := Decode(data, 0); !errors.Is(err, imgerr.ErrCorrupt) {
		t.Fatalf("without KeepDamaged: %v, want an error matching ErrCorrupt", err)
	}
	var dec Decoder
	d, err := dec.Decode(data, DecodeOptions{KeepDamaged: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Damage == nil || !errors.Is(d.Damage, imgerr.ErrCorrupt) {
		t.Fatalf("Damage %v, want the reason, matching ErrCorrupt", d.Damage)
	}
	return d
}

// Damage that leaves no whole row is still a failure, and so is damage in
// a format whose decoder keeps nothing of it (a BMP whose rows end early).
func TestKeepDamagedNothingDecoded(t *testing.T) {
	photo := testimg.PhotoLike(96, 64, 3)
	pngData := testimg.EncodePNG(t, photo)
	bmpData := testimg.Encode(t, photo, bmp.Encode)
	cases := []struct {
		name string
		data []byte
	}{
		{"PNG cut in its first row", pngData[:bytes.Index(pngData, []byte("IDAT"))+10]},
		{"BMP cut part-way", bmpData[:len(bmpData)*2/3]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var dec Decoder
			if d, err := dec.Decode(tc.data, DecodeOptions{KeepDamaged: true}); !errors.Is(err, imgerr.ErrCorrupt) {
				t.Fatalf("%v (damage %v), want an error matching ErrCorrupt", err, d.Damage)
			}
		})
	}
}
