package stages

import (
	"bytes"
	"fmt"
	"image"
	"testing"
)

// TestResizeReducedEqualsResizeOriented checks that resizing an image a
// decoder has already box-reduced by ReduceFactors gives ResizeOriented's
// bytes, in every orientation, when the sides are not multiples of the
// factors too.
func TestResizeReducedEqualsResizeOriented(t *testing.T) {
	for _, size := range [][2]int{{97, 61}, {64, 48}, {131, 29}} {
		full := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
		for i := range full.Pix {
			full.Pix[i] = uint8(i*7 + i/5)
		}
		for _, out := range [][2]int{{20, 13}, {9, 9}, {48, 30}, {31, 7}} {
			for o := 1; o <= 8; o++ {
				t.Run(fmt.Sprintf("%v/%v/orientation%d", size, out, o), func(t *testing.T) {
					w, h := OrientedSize(out[0], out[1], o) // as stored
					kx, ky := ReduceFactors(size[0], size[1], w, h)
					src := rgbaPlane(full.Pix, full.Stride, full.Rect, 0)
					rw, rh := (size[0]+kx-1)/kx, (size[1]+ky-1)/ky
					reduced := image.NewRGBA(image.Rect(0, 0, rw, rh))
					reducePlane(new(Scratch), rgbaPlane(reduced.Pix, reduced.Stride, reduced.Rect, 0), src, kx, ky)
					want := ResizeOriented(nil, full, out[0], out[1], o).(*image.RGBA)
					got := ResizeReduced(nil, reduced, size[0], size[1], kx, ky, out[0], out[1], o).(*image.RGBA)
					if got.Rect != want.Rect || !bytes.Equal(got.Pix, want.Pix) {
						t.Errorf("reduced %dx%d: %v differs from ResizeOriented's %v", kx, ky, got.Rect, want.Rect)
					}
				})
			}
		}
	}
}

func TestAverageRows(t *testing.T) {
	rows := []struct {
		name string
		a, b func(i int) uint8
	}{
		{"zero", func(int) uint8 { return 0 }, func(int) uint8 { return 0 }},
		{"max", func(int) uint8 { return 255 }, func(int) uint8 { return 255 }},
		{"0 and 255", func(int) uint8 { return 0 }, func(int) uint8 { return 255 }},
		{"odd sums", func(i int) uint8 { return uint8(2*i + 1) }, func(i int) uint8 { return uint8(4 * i) }},
		{"mixed", func(i int) uint8 { return uint8(i * 37) }, func(i int) uint8 { return uint8(255 - i*91) }},
	}
	for _, r := range rows {
		for w := 0; w <= 40; w++ {
			r0, r1, out := make([]uint8, w), make([]uint8, w), make([]uint8, w)
			for i := range w {
				r0[i], r1[i] = r.a(i), r.b(i)
			}
			averageRows(out, r0, r1)
			for i := range w {
				if want := uint8((int(r0[i]) + int(r1[i]) + 1) / 2); out[i] != want {
					t.Fatalf("%s, w=%d: out[%d] = %d, want %d (mean of %d and %d, half up)", r.name, w, i, out[i], want, r0[i], r1[i])
				}
			}
		}
	}
}
