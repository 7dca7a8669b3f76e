package stages

import "image"

// Blur returns img blurred by a Gaussian of standard deviation sigma, in
// pixels of img, computed as Pillow's GaussianBlur does (three extended box
// passes per axis, edges extended): a few operations per pixel whatever
// sigma. A sigma of zero or less returns img unchanged.
//
// A *image.YCbCr is blurred plane by plane, each chroma plane at its own
// resolution with sigma scaled to it, and a *image.YCbCr of the same
// subsampling is returned; a *image.Gray gives a *image.Gray; *image.RGBA
// and opaque *image.NRGBA keep their type. Any other image is first
// converted to premultiplied *image.RGBA (see canonical). img is not
// modified; s supplies the working memory (nil allocates).
func Blur(s *Scratch, img image.Image, sigma float64) image.Image {
	b := img.Bounds()
	if sigma <= 0 || b.Empty() {
		return img
	}
	if s == nil {
		s = new(Scratch)
	}
	img = canonical(img)
	if m, ok := img.(*image.YCbCr); ok {
		w, h := m.Rect.Dx(), m.Rect.Dy()
		dst := s.NewYCbCr(image.Rect(0, 0, w, h), m.SubsampleRatio)
		hs, vs := subsampling(m.SubsampleRatio)
		sy, scb, scr := ycbcrPlanes(m)
		dy, dcb, dcr := ycbcrPlanes(dst)
		blurPlane(s, dy, sy, sigma, sigma)
		blurPlane(s, dcb, scb, sigma/float64(hs), sigma/float64(vs))
		blurPlane(s, dcr, scr, sigma/float64(hs), sigma/float64(vs))
		return dst
	}
	src, newImage := interleaved(s, img)
	out, dst := newImage(src.w, src.h)
	blurPlane(s, dst, src, sigma, sigma)
	return out
}
