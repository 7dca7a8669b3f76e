package stages

import "image"

// Crop returns the pixels of img inside r, copied without resampling
// into an image whose origin is (0, 0). r is in img's own coordinates
// (as for SubImage; a decoded image's start at (0, 0)) and is clipped to
// img's bounds: a crop that misses the image is 0 x 0. For a crop whose
// edges are not whole pixels, or a crop and a resize in one, see
// ResizeRegion.
//
// A *image.YCbCr whose crop starts on a chroma sample boundary (an even
// corner at 4:2:0) keeps its subsampling, plane by plane; one that does
// not would split chroma samples, so it gets one sample per pixel, each
// the sample that covered it, in a 4:4:4 image: exact either way. Gray,
// RGBA and opaque NRGBA keep their type; other images are converted as by
// Blur. s supplies the output's memory (nil allocates; see Scratch.Reuse).
func Crop(s *Scratch, img image.Image, r image.Rectangle) image.Image {
	b := img.Bounds()
	r = r.Intersect(b).Sub(b.Min) // from here on, from img's top-left pixel
	if r.Empty() {
		r = image.Rectangle{}
	}
	w, h := r.Dx(), r.Dy()
	img = canonical(img)
	m, ok := img.(*image.YCbCr)
	if !ok {
		src, newImage := interleaved(s, img)
		out, dst := newImage(w, h)
		copyPlane(dst, subPlane(src, r.Min, w, h))
		return out
	}
	hs, vs := subsampling(m.SubsampleRatio)
	ratio := m.SubsampleRatio
	if r.Min.X%hs != 0 || r.Min.Y%vs != 0 {
		ratio = image.YCbCrSubsampleRatio444
	}
	out := s.NewYCbCr(image.Rect(0, 0, w, h), ratio)
	sy, scb, scr := ycbcrPlanes(m)
	dy, dcb, dcr := ycbcrPlanes(out)
	copyPlane(dy, subPlane(sy, r.Min, w, h))
	if ratio == m.SubsampleRatio {
		c := image.Pt(r.Min.X/hs, r.Min.Y/vs)
		copyPlane(dcb, subPlane(scb, c, dcb.w, dcb.h))
		copyPlane(dcr, subPlane(scr, c, dcr.w, dcr.h))
		return out
	}
	for y := 0; y < h; y++ {
		cb, cr := scb.row((r.Min.Y+y)/vs), scr.row((r.Min.Y+y)/vs)
		ocb, ocr := dcb.row(y), dcr.row(y)
		for x := range ocb {
			ocb[x], ocr[x] = cb[(r.Min.X+x)/hs], cr[(r.Min.X+x)/hs]
		}
	}
	return out
}

// subPlane is the w x h part of p whose top-left sample is at at.
func subPlane(p plane, at image.Point, w, h int) plane {
	return plane{pix: p.pix[at.Y*p.stride+at.X*p.ch:], w: w, h: h, stride: p.stride, ch: p.ch}
}
