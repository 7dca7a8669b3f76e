package stages

import (
	"image"
	"image/draw"
)

// plane is one 8-bit channel of an image, or four interleaved ones (RGBA).
type plane struct {
	pix    []uint8
	w, h   int // size in pixels
	stride int // bytes from one row to the next
	ch     int // interleaved channels per pixel: 1 or 4
}

// row returns the bytes of row y, w*ch of them.
func (p plane) row(y int) []uint8 {
	o := y * p.stride
	return p.pix[o : o+p.w*p.ch : o+p.w*p.ch]
}

// band returns rows [y0, y0+n) of p as a plane.
func (p plane) band(y0, n int) plane {
	return plane{pix: p.pix[y0*p.stride:], w: p.w, h: n, stride: p.stride, ch: p.ch}
}

// subsampling returns how many luma pixels one chroma sample spans,
// horizontally and vertically, for a YCbCr subsample ratio.
func subsampling(r image.YCbCrSubsampleRatio) (hs, vs int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return 2, 1
	case image.YCbCrSubsampleRatio420:
		return 2, 2
	case image.YCbCrSubsampleRatio440:
		return 1, 2
	case image.YCbCrSubsampleRatio411:
		return 4, 1
	case image.YCbCrSubsampleRatio410:
		return 4, 2
	}
	return 1, 1
}

// planar reports whether a YCbCr image can be worked on plane by plane: its
// origin must fall on a chroma sample boundary (decoders always give (0,0)).
func planarYCbCr(m *image.YCbCr) bool {
	hs, vs := subsampling(m.SubsampleRatio)
	return m.Rect.Min.X%hs == 0 && m.Rect.Min.Y%vs == 0
}

// ycbcrPlanes returns the Y, Cb and Cr planes of m, which must satisfy
// planarYCbCr.
func ycbcrPlanes(m *image.YCbCr) (y, cb, cr plane) {
	b := m.Rect
	w, h := b.Dx(), b.Dy()
	hs, vs := subsampling(m.SubsampleRatio)
	cw := (b.Max.X+hs-1)/hs - b.Min.X/hs
	chh := (b.Max.Y+vs-1)/vs - b.Min.Y/vs
	y = plane{pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):], w: w, h: h, stride: m.YStride, ch: 1}
	co := m.COffset(b.Min.X, b.Min.Y)
	cb = plane{pix: m.Cb[co:], w: cw, h: chh, stride: m.CStride, ch: 1}
	cr = plane{pix: m.Cr[co:], w: cw, h: chh, stride: m.CStride, ch: 1}
	return y, cb, cr
}

func grayPlane(m *image.Gray) plane {
	b := m.Rect
	return plane{pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], w: b.Dx(), h: b.Dy(), stride: m.Stride, ch: 1}
}

func rgbaPlane(pix []uint8, stride int, b image.Rectangle, off int) plane {
	return plane{pix: pix[off:], w: b.Dx(), h: b.Dy(), stride: stride, ch: 4}
}

// canonical returns img in a type the stages work on directly: *image.YCbCr
// (origin on a chroma boundary), *image.Gray, *image.RGBA, or an opaque
// *image.NRGBA (whose bytes are then the same as premultiplied RGBA). Any
// other image is converted once: 16-bit gray to *image.Gray, everything
// else (CMYK, paletted, 16-bit colour, NRGBA with transparency, ...) to
// premultiplied *image.RGBA, in which blurring and resampling are correct
// for transparent pixels too.
func canonical(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.YCbCr:
		if planarYCbCr(m) {
			return m
		}
	case *image.Gray, *image.RGBA:
		return m
	case *image.NRGBA:
		if m.Opaque() {
			return m
		}
	case *image.Gray16:
		b := m.Bounds()
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(g, g.Rect, m, b.Min, draw.Src)
		return g
	}
	return toRGBA(img)
}

// toRGBA converts img to premultiplied RGBA, with its origin at (0, 0).
func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
	return dst
}

// interleaved returns the single plane of a canonical Gray, RGBA or NRGBA
// image, and a constructor of a new image of the same type, in s's memory
// (see Scratch.Reuse; s may be nil).
func interleaved(s *Scratch, img image.Image) (plane, func(w, h int) (image.Image, plane)) {
	switch m := img.(type) {
	case *image.Gray:
		return grayPlane(m), func(w, h int) (image.Image, plane) {
			g := s.NewGray(image.Rect(0, 0, w, h))
			return g, grayPlane(g)
		}
	case *image.RGBA:
		return rgbaPlane(m.Pix, m.Stride, m.Rect, m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y)),
			func(w, h int) (image.Image, plane) {
				d := &image.RGBA{Pix: s.pixels(4 * w * h), Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
				return d, rgbaPlane(d.Pix, d.Stride, d.Rect, 0)
			}
	case *image.NRGBA:
		return rgbaPlane(m.Pix, m.Stride, m.Rect, m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y)),
			func(w, h int) (image.Image, plane) {
				d := &image.NRGBA{Pix: s.pixels(4 * w * h), Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
				return d, rgbaPlane(d.Pix, d.Stride, d.Rect, 0)
			}
	}
	panic("stages: not a canonical interleaved image")
}
