package stages

import "image"

// Grayscale returns img in shades of grey, as torchvision's
// Grayscale(num_output_channels) does on a PIL image: channels 1 gives a
// *image.Gray, channels 3 (or any other value) an image of the same
// colours type with every pixel grey. The luma is ITU-R 601-2's, as
// Pillow's convert("L") computes it: L = (19595 R + 38470 G + 7471 B +
// 32768) >> 16, that is R*299/1000 + G*587/1000 + B*114/1000 rounded.
//
// A *image.YCbCr already holds that luma: JPEG's Y has the same weights
// (and Go's color.RGBToYCbCr the same 16-bit arithmetic), so its Y plane
// is copied, no colour touched; the Y of a decoded JPEG is the encoder's
// luma, within a grey level of convert("L") on the decoded RGB. With
// channels 3 the result is a *image.YCbCr of the same subsampling with
// neutral chroma (128), whose RGB is exactly R = G = B = Y.
//
// A *image.Gray is returned unchanged with channels 1, and as a 4:2:0
// *image.YCbCr with neutral chroma with 3. RGBA and opaque NRGBA keep
// their type with 3 channels (alpha kept; on premultiplied RGBA the luma
// is premultiplied too); other images are converted as by Blur. s supplies
// the output's memory (nil allocates; see Scratch.Reuse).
func Grayscale(s *Scratch, img image.Image, channels int) image.Image {
	img = canonical(img)
	switch m := img.(type) {
	case *image.YCbCr:
		y, _, _ := ycbcrPlanes(m)
		return greyOut(s, y, channels, m.SubsampleRatio)
	case *image.Gray:
		if channels == 1 {
			return m
		}
		return greyOut(s, grayPlane(m), channels, image.YCbCrSubsampleRatio420)
	}
	src, newImage := interleaved(s, img)
	if channels == 1 {
		g := s.NewGray(image.Rect(0, 0, src.w, src.h))
		dst := grayPlane(g)
		for y := 0; y < src.h; y++ {
			in, out := src.row(y), dst.row(y)
			for x := range out {
				p := in[4*x : 4*x+3 : 4*x+3]
				out[x] = luma601(p[0], p[1], p[2])
			}
		}
		return g
	}
	out, dst := newImage(src.w, src.h)
	for y := 0; y < src.h; y++ {
		in, o := src.row(y), dst.row(y)
		for x := 0; x < src.w; x++ {
			p, q := in[4*x:4*x+4:4*x+4], o[4*x:4*x+4:4*x+4]
			l := luma601(p[0], p[1], p[2])
			q[0], q[1], q[2], q[3] = l, l, l, p[3]
		}
	}
	return out
}

// luma601 is Pillow's L of an RGB pixel (ImagingConvert's L24).
func luma601(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 0x8000) >> 16)
}

// greyOut returns the luma plane y as a *image.Gray (channels 1) or as a
// *image.YCbCr of the given subsampling with neutral chroma.
func greyOut(s *Scratch, y plane, channels int, ratio image.YCbCrSubsampleRatio) image.Image {
	r := image.Rect(0, 0, y.w, y.h)
	if channels == 1 {
		g := s.NewGray(r)
		copyPlane(grayPlane(g), y)
		return g
	}
	m := s.NewYCbCr(r, ratio)
	dy, dcb, dcr := ycbcrPlanes(m)
	copyPlane(dy, y)
	for _, c := range [][]uint8{dcb.pix, dcr.pix} {
		for i := range c {
			c[i] = 128
		}
	}
	return m
}
