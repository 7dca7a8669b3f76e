package stages

import "image"

// FlipH returns img mirrored left to right, as Pillow's ImageOps.mirror
// does: every pixel moves, none is resampled. FlipV returns it upside
// down, as ImageOps.flip does.
//
// A *image.YCbCr is flipped plane by plane and keeps its subsampling when
// the flipped side is a whole number of chroma samples (an even width for
// FlipH at 4:2:0); otherwise a chroma sample would straddle the new edge,
// so the image is first given one chroma sample per pixel, each the sample
// that covered it, and a 4:4:4 image is returned: exact again. Gray, RGBA
// and opaque NRGBA keep their type; other images are converted as by
// Blur. s supplies the output's memory (nil allocates; see Scratch.Reuse).
func FlipH(s *Scratch, img image.Image) image.Image {
	return orientInto(s, img, 2)
}

// FlipV returns img upside down; see FlipH.
func FlipV(s *Scratch, img image.Image) image.Image {
	return orientInto(s, img, 4)
}

// orientInto is Orient with the result in s's memory, for the flips and
// the quarter turns (orientation 2..8; any other returns img).
func orientInto(s *Scratch, img image.Image, o int) image.Image {
	if o < 2 || o > 8 || img.Bounds().Empty() {
		return img
	}
	img = canonical(img)
	m, ok := img.(*image.YCbCr)
	if !ok {
		src, newImage := interleaved(s, img)
		w, h := OrientedSize(src.w, src.h, o)
		out, dst := newImage(w, h)
		orientPlane(dst, src, o)
		return out
	}
	hs, vs := subsampling(m.SubsampleRatio)
	revX, revY := reverses(o)
	ratio := m.SubsampleRatio
	if transposes(o) && hs != vs {
		ratio = image.YCbCrSubsampleRatio440
		if m.SubsampleRatio == image.YCbCrSubsampleRatio440 {
			ratio = image.YCbCrSubsampleRatio422
		}
	}
	if revX && m.Rect.Dx()%hs != 0 || revY && m.Rect.Dy()%vs != 0 || hs == 4 && transposes(o) {
		// Rare (an odd side with subsampled chroma, or 4:1:1 turned):
		// Orient converts, allocating.
		return Orient(m, o)
	}
	w, h := OrientedSize(m.Rect.Dx(), m.Rect.Dy(), o)
	dst := s.NewYCbCr(image.Rect(0, 0, w, h), ratio)
	sy, scb, scr := ycbcrPlanes(m)
	dy, dcb, dcr := ycbcrPlanes(dst)
	orientPlane(dy, sy, o)
	orientPlane(dcb, scb, o)
	orientPlane(dcr, scr, o)
	return dst
}
