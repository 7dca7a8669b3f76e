package imgfile

import (
	"testing"
)

// TestDecodeTIFFWrongBefore decodes layouts that x/image/tiff misread:
// tiled planar 16-bit RGB and 16-bit grey with FillOrder 2 (mid-grey
// instead of near black). The two fixtures in testdata/ were written with
// io/tiffdec's test file builder (build_test.go), uncompressed, as the
// comments below describe them.
func TestDecodeTIFFWrongBefore(t *testing.T) {
	cases := []struct {
		file string
		// pixels and their 8-bit RGB
		at   [][2]int
		want [][3]uint8
	}{
		// 20x18, tiles of 16x16, one plane per sample: the left half
		// red, the right half (0, 255, 128).
		{"tiled-planar-16bit.tif", [][2]int{{0, 0}, {9, 17}, {10, 0}, {19, 17}},
			[][3]uint8{{255, 0, 0}, {255, 0, 0}, {0, 255, 128}, {0, 255, 128}}},
		// 8x4 grey, every level 0x0102 of 0xffff, stored with the bits of
		// each byte reversed.
		{"fillorder2-16bit.tif", [][2]int{{0, 0}, {7, 3}}, [][3]uint8{{1, 1, 1}, {1, 1, 1}}},
	}
	for _, tc := range cases {
		d, err := Decode(readTestdata(t, tc.file), 0)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		for i, p := range tc.at {
			r, g, b, _ := d.Image.At(p[0], p[1]).RGBA()
			if got := [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}; got != tc.want[i] {
				t.Errorf("%s: pixel %v = %v, want %v", tc.file, p, got, tc.want[i])
			}
		}
	}
}
