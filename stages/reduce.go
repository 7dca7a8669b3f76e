package stages

import "image"

// ReduceFactors returns the integer factors kx, ky by which Resize,
// shrinking a whole w x h image to dw x dh, first box-reduces it (the
// reducing-gap step described at the top of resize.go); 1 on an axis it
// does not shrink by 2 or more. A decoder that averages the same kx x ky
// blocks (partial blocks at the right and bottom edges averaging the
// pixels they have) and rounds halves up, as Image.reduce does, gives the
// image that step would: ResizeRegion of that image's region
// [0, w/kx) x [0, h/ky) to dw x dh is then Resize's result, byte for byte.
func ReduceFactors(w, h, dw, dh int) (kx, ky int) {
	if dw <= 0 || dh <= 0 {
		return 1, 1
	}
	kx = max(int(float64(float32(w))/float64(dw)/reducingGap), 1)
	ky = max(int(float64(float32(h))/float64(dh)/reducingGap), 1)
	return kx, ky
}

// ResizeReduced is ResizeOriented(s, full, w, h, orientation) for an image
// img made of a w0 x h0 (as stored) image full by averaging its kx x ky
// blocks, as ReduceFactors(w0, h0, ...) gives them: it resizes the part of
// img that covers full, [0, w0/kx) x [0, h0/ky) as stored, to w x h
// upright. With those factors the result is ResizeOriented's, byte for
// byte, without full ever being built.
func ResizeReduced(s *Scratch, img image.Image, w0, h0, kx, ky, w, h, orientation int) image.Image {
	b := img.Bounds()
	W, H := float64(b.Dx()), float64(b.Dy())
	r := Region{X0: 0, Y0: 0, X1: float64(w0) / float64(kx), Y1: float64(h0) / float64(ky)}
	// The stored region, upright: the inverse of storedRegion.
	revX, revY := reverses(orientation)
	if revX {
		r.X0, r.X1 = W-r.X1, W-r.X0
	}
	if revY {
		r.Y0, r.Y1 = H-r.Y1, H-r.Y0
	}
	if transposes(orientation) {
		r = Region{X0: r.Y0, Y0: r.X0, X1: r.Y1, Y1: r.X1}
	}
	return ResizeRegion(s, img, r, w, h, orientation)
}
