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
