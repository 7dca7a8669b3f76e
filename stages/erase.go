package stages

import (
	"image"
	"image/color"
	"math/rand/v2"
)

// Erase returns img with the h x w rectangle whose top-left pixel is row i,
// column j (counted from img's top-left corner) filled with v, as
// torchvision's functional erase(img, i, j, h, w, v) does to a tensor: the
// cutout of RandomErasing. The rectangle is clipped to the image, so one
// partly or wholly outside it erases what it covers and nothing more, and
// never panics; an empty one returns a copy of img.
//
// A *image.Gray is filled with v's grey, *image.RGBA and opaque
// *image.NRGBA with v's colour in their own model (alpha too). A
// *image.YCbCr stays one: its Y samples in the rectangle take v's Y exactly
// and no other Y changes; a chroma sample wholly inside takes v's Cb and
// Cr, and one the rectangle's edge cuts takes the mean, over its pixels, of
// v's chroma on the covered pixels and its own on the others, which is
// what a JPEG encoder's averaging would give for the erased image. Other
// images are converted as by Blur. img is not modified; s supplies the
// memory of the result (nil allocates).
func Erase(s *Scratch, img image.Image, i, j, h, w int, v color.Color) image.Image {
	return erase(s, img, i, j, h, w, func(m image.Image) func(ch int) uint8 {
		var px [4]uint8
		switch m.(type) {
		case *image.YCbCr:
			c := color.YCbCrModel.Convert(v).(color.YCbCr)
			px = [4]uint8{c.Y, c.Cb, c.Cr}
		case *image.Gray:
			px[0] = color.GrayModel.Convert(v).(color.Gray).Y
		case *image.RGBA:
			c := color.RGBAModel.Convert(v).(color.RGBA)
			px = [4]uint8{c.R, c.G, c.B, c.A}
		case *image.NRGBA:
			c := color.NRGBAModel.Convert(v).(color.NRGBA)
			px = [4]uint8{c.R, c.G, c.B, c.A}
		}
		return func(ch int) uint8 { return px[ch] }
	})
}

// EraseNoise is Erase with noise for the fill, as RandomErasing's
// value="random": each sample in the rectangle (R, G and B, gray, or Y, Cb
// and Cr at their own resolutions) drawn uniformly from 0..255 by
// rng.IntN(256), in a fixed order (plane by plane, row by row, left to
// right, channel by channel), alpha made opaque. torchvision draws standard
// normal values in its normalised tensor instead, whose law in grey levels
// depends on the normalisation; uniform bytes need none. A cut chroma sample
// of a *image.YCbCr mixes its draw with its own value as Erase mixes v.
func EraseNoise(s *Scratch, img image.Image, i, j, h, w int, rng *rand.Rand) image.Image {
	return erase(s, img, i, j, h, w, func(image.Image) func(ch int) uint8 {
		return func(ch int) uint8 {
			if ch == 3 {
				return 255
			}
			return uint8(rng.IntN(256))
		}
	})
}

// erase is Erase and EraseNoise: fill, given the result's image, returns
// the source of the samples, called for each channel ch of each pixel in
// turn (0..3 for RGBA and NRGBA, 0 for gray, 0, 1 and 2 for Y, Cb and Cr).
func erase(s *Scratch, img image.Image, i, j, h, w int, fill func(image.Image) func(ch int) uint8) image.Image {
	if img.Bounds().Empty() {
		return img
	}
	img = canonical(img)
	out, dst, src := newPlanes(s, img)
	for k, p := range src {
		for y := range p.h {
			copy(dst[k].row(y), p.row(y))
		}
	}
	r := clipRect(i, j, h, w, dst[0].w, dst[0].h)
	if r.Empty() {
		return out
	}
	sample := fill(out)
	fillPlane(dst[0], r, sample)
	m, ok := out.(*image.YCbCr)
	if !ok {
		return out
	}
	hs, vs := subsampling(m.SubsampleRatio)
	for k, c := range [][]uint8{m.Cb, m.Cr} {
		for cy := r.Min.Y / vs; cy <= (r.Max.Y-1)/vs; cy++ {
			for cx := r.Min.X / hs; cx <= (r.Max.X-1)/hs; cx++ {
				// The sample's pixels in the image, and those the
				// rectangle covers.
				px := image.Rect(cx*hs, cy*vs, cx*hs+hs, cy*vs+vs).Intersect(m.Rect)
				cov := px.Intersect(r)
				tot, n := px.Dx()*px.Dy(), cov.Dx()*cov.Dy()
				o := cy*m.CStride + cx
				c[o] = uint8((n*int(sample(k+1)) + (tot-n)*int(c[o]) + tot/2) / tot)
			}
		}
	}
	return out
}

// clipRect returns the rectangle of rows i..i+h-1 and columns j..j+w-1
// clipped to a w0 x h0 image, without overflow whatever the arguments.
func clipRect(i, j, h, w, w0, h0 int) image.Rectangle {
	if h <= 0 || w <= 0 {
		return image.Rectangle{}
	}
	span := func(start, n, size int) (int, int) {
		if start >= size {
			return size, size
		}
		end := start + n // opposite signs: no overflow
		if start >= 0 {
			end = start + min(n, size) // both below size
		}
		lo := max(start, 0)
		return lo, min(max(end, lo), size)
	}
	x0, x1 := span(j, w, w0)
	y0, y1 := span(i, h, h0)
	return image.Rect(x0, y0, x1, y1)
}

// fillPlane sets every pixel of p in r from sample, channel by channel.
func fillPlane(p plane, r image.Rectangle, sample func(ch int) uint8) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := p.row(y)[r.Min.X*p.ch : r.Max.X*p.ch]
		for x := range row {
			row[x] = sample(x % p.ch)
		}
	}
}
