package stages

import "image"

// transposes reports whether EXIF orientation o (5..8) swaps width and
// height.
func transposes(orientation int) bool {
	return orientation >= 5 && orientation <= 8
}

// OrientedSize returns the size of a w x h image once turned upright by
// EXIF orientation o.
func OrientedSize(w, h, orientation int) (int, int) {
	if transposes(orientation) {
		return h, w
	}
	return w, h
}

// Orient turns img upright according to its EXIF orientation (1..8).
// Orientation 1, or any value outside 1..8, returns img unchanged.
//
// A Gaussian blur is isotropic, so orienting commutes with Blur, and with
// a thumbnail when its size (and any crop) is computed in the upright
// frame (see OrientedSize, ResizeOriented, ResizeRegion): orient the small
// result rather than the large input.
//
// A *image.YCbCr stays one, plane by plane (4:2:2 and 4:4:0 chroma swap
// when the image is transposed); Gray, RGBA and opaque NRGBA keep their
// type; other images are converted as by Blur.
func Orient(img image.Image, orientation int) image.Image {
	return orientInto(nil, img, orientation)
}

// orientInto is Orient with the result in s's memory (nil allocates), for
// Orient, the flips and the quarter turns.
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
	// Reversing a side whose length is not a whole number of chroma
	// samples would move the chroma by up to a pixel: give every pixel its
	// own chroma first.
	hs, vs := subsampling(m.SubsampleRatio)
	revX, revY := reverses(o)
	if revX && m.Rect.Dx()%hs != 0 || revY && m.Rect.Dy()%vs != 0 {
		m = to444(m)
	}
	return orientPlanes(s, m, o)
}

// reverses reports whether orientation o reads the stored image's rows
// (revX) or columns (revY) backwards.
func reverses(o int) (revX, revY bool) {
	revX = o == 2 || o == 3 || o == 7 || o == 8
	revY = o == 3 || o == 4 || o == 6 || o == 7
	return revX, revY
}

// orientPlanes orients m plane by plane (2 <= o <= 8), the result in s's
// memory; the chroma of a reversed side is taken as it is placed.
func orientPlanes(s *Scratch, m *image.YCbCr, o int) image.Image {
	ratio := m.SubsampleRatio
	if transposes(o) {
		switch ratio {
		case image.YCbCrSubsampleRatio422:
			ratio = image.YCbCrSubsampleRatio440
		case image.YCbCrSubsampleRatio440:
			ratio = image.YCbCrSubsampleRatio422
		case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
			// No transposed ratio in package image: go through RGBA.
			return orientInto(s, toRGBA(m), o)
		}
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

// to444 returns m with one chroma sample per pixel, each the sample that
// covered it.
func to444(m *image.YCbCr) *image.YCbCr {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio444)
	hs, vs := subsampling(m.SubsampleRatio)
	sy, scb, scr := ycbcrPlanes(m)
	dy, dcb, dcr := ycbcrPlanes(dst)
	copyPlane(dy, sy)
	for y := 0; y < h; y++ {
		cb, cr := scb.row(y/vs), scr.row(y/vs)
		ocb, ocr := dcb.row(y), dcr.row(y)
		for x := range ocb {
			ocb[x], ocr[x] = cb[x/hs], cr[x/hs]
		}
	}
	return dst
}

// orientPlane writes src turned by orientation o into dst, whose size is
// OrientedSize of src's. Destination pixel (x, y) comes from source pixel
// (sx, sy) = origin + x*dx + y*dy, in bytes.
func orientPlane(dst, src plane, o int) {
	ch := src.ch
	W, H := src.w, src.h
	px, row := ch, src.stride // one pixel right, one row down in src
	var origin, dx, dy int
	switch o {
	case 2: // flip horizontally: (W-1-x, y)
		origin, dx, dy = (W-1)*px, -px, row
	case 3: // rotate 180: (W-1-x, H-1-y)
		origin, dx, dy = (W-1)*px+(H-1)*row, -px, -row
	case 4: // flip vertically: (x, H-1-y)
		origin, dx, dy = (H-1)*row, px, -row
	case 5: // transpose: (y, x)
		origin, dx, dy = 0, row, px
	case 6: // rotate 90 clockwise: (y, H-1-x)
		origin, dx, dy = (H-1)*row, -row, px
	case 7: // transverse: (W-1-y, H-1-x)
		origin, dx, dy = (W-1)*px+(H-1)*row, -row, -px
	case 8: // rotate 90 counter-clockwise: (W-1-y, x)
		origin, dx, dy = (W-1)*px, row, -px
	}
	for y := 0; y < dst.h; y++ {
		out := dst.row(y)
		off := origin + y*dy
		if ch == 1 {
			for x := range out {
				out[x] = src.pix[off]
				off += dx
			}
			continue
		}
		for x := 0; x < dst.w; x++ {
			copy(out[x*ch:(x+1)*ch], src.pix[off:off+ch])
			off += dx
		}
	}
}
