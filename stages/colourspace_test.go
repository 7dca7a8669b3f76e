package stages

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// pillowRGBToHSV and pillowHSVToRGB are Pillow's rgb2hsv and hsv2rgb
// (Convert.c) transcribed line by line, fmod, floor and round included:
// the arithmetic that rgbToHSV and hsvToRGB must give to the byte.
func pillowRGBToHSV(r, g, b uint8) (h, s, v uint8) {
	maxc, minc := max(r, g, b), min(r, g, b)
	if maxc == minc {
		return 0, 0, maxc
	}
	cr := float32(maxc - minc)
	sf := cr / float32(maxc)
	rc := float32(maxc-r) / cr
	gc := float32(maxc-g) / cr
	bc := float32(maxc-b) / cr
	var hf float32
	switch {
	case r == maxc:
		hf = bc - gc
	case g == maxc:
		hf = float32(2.0 + float64(rc) - float64(bc))
	default:
		hf = float32(4.0 + float64(gc) - float64(rc))
	}
	hf = float32(math.Mod(float64(hf)/6.0+1.0, 1.0))
	return clip8int(int(float64(hf) * 255.0)), clip8int(int(float64(sf) * 255.0)), maxc
}

func pillowHSVToRGB(h, s, v uint8) (r, g, b uint8) {
	if s == 0 {
		return v, v, v
	}
	hh := float64(float32(h)) * 6.0 / 255.0
	i := int(math.Floor(hh))
	f := float32(hh - float64(float32(i)))
	fs := float32(float64(float32(s)) / 255.0)
	vf := float64(float32(v))
	p := clip8int(int(math.Round(vf * (1.0 - float64(fs)))))
	q := clip8int(int(math.Round(vf * (1.0 - float64(fs*f)))))
	t := clip8int(int(math.Round(vf * (1.0 - float64(float64(fs)*(1.0-float64(f)))))))
	switch i % 6 {
	case 0:
		return v, t, p
	case 1:
		return q, v, p
	case 2:
		return p, v, t
	case 3:
		return p, q, v
	case 4:
		return t, p, v
	}
	return v, p, q
}

// TestRGBToHSVEveryColour checks rgbToHSV against Pillow's arithmetic for
// every one of the 2^24 colours.
func TestRGBToHSVEveryColour(t *testing.T) {
	for c := range 1 << 24 {
		r, g, b := uint8(c>>16), uint8(c>>8), uint8(c)
		h, s, v := rgbToHSV(r, g, b)
		if wh, ws, wv := pillowRGBToHSV(r, g, b); h != wh || s != ws || v != wv {
			t.Fatalf("rgbToHSV(%d, %d, %d) = %d, %d, %d; Pillow's rgb2hsv gives %d, %d, %d", r, g, b, h, s, v, wh, ws, wv)
		}
	}
}

// TestHSVToRGBEveryTriple checks hsvToRGB against Pillow's arithmetic for
// every H, S and V, with no turn and with turns either way (every tenth
// byte of H, S and V then).
func TestHSVToRGBEveryTriple(t *testing.T) {
	for _, dh := range []uint8{0, 1, 25, 127, 128, 231, 255} {
		tab := newHSVTables(dh)
		step := 1
		if dh != 0 {
			step = 10
		}
		for h := 0; h < 256; h += step {
			for s := 0; s < 256; s += step {
				for v := 0; v < 256; v += step {
					r, g, b := tab.hsvToRGB(uint8(h), uint8(s), uint8(v))
					wr, wg, wb := pillowHSVToRGB(uint8(h)+dh, uint8(s), uint8(v))
					if r != wr || g != wg || b != wb {
						t.Fatalf("turn %d: hsvToRGB(%d, %d, %d) = %d, %d, %d; Pillow's hsv2rgb gives %d, %d, %d", dh, h, s, v, r, g, b, wr, wg, wb)
					}
				}
			}
		}
	}
}

// TestYCbCrToRGBEveryColour checks ycbcrRGBA's written-out conversion
// against image/color's for every Y, Cb and Cr: one 4:4:4 image of 256 x
// 256 pixels (Cb along the rows, Cr down the columns) for each Y.
func TestYCbCrToRGBEveryColour(t *testing.T) {
	var s Scratch
	m := image.NewYCbCr(image.Rect(0, 0, 256, 256), image.YCbCrSubsampleRatio444)
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(i), uint8(i>>8)
	}
	for y := range 256 {
		for i := range m.Y {
			m.Y[i] = uint8(y)
		}
		s.Reuse()
		got := ycbcrRGBA(&s, m)
		for i := range m.Y {
			cb, cr := m.Cb[i], m.Cr[i]
			p := got.Pix[4*i : 4*i+4]
			if wr, wg, wb := color.YCbCrToRGB(uint8(y), cb, cr); p[0] != wr || p[1] != wg || p[2] != wb || p[3] != 255 {
				t.Fatalf("ycbcrRGBA of (%d, %d, %d) = %v; image/color gives %d, %d, %d, 255", y, cb, cr, p, wr, wg, wb)
			}
		}
	}
}

// TestYCbCrRGBAEveryLayout checks ycbcrRGBA against At for each chroma
// subsampling, on whole images and on sub-images starting between chroma
// samples.
func TestYCbCrRGBAEveryLayout(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, ratio := range ratios {
		m := image.NewYCbCr(image.Rect(0, 0, 23, 13), ratio)
		for i := range m.Y {
			m.Y[i] = uint8(i * 7)
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = uint8(i*13+40), uint8(255-i*5)
		}
		for _, r := range []image.Rectangle{m.Rect, image.Rect(1, 1, 22, 12), image.Rect(3, 2, 9, 7)} {
			sub := m.SubImage(r).(*image.YCbCr)
			got := ycbcrRGBA(nil, sub)
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					want := color.RGBAModel.Convert(sub.At(x, y)).(color.RGBA)
					if g := got.RGBAAt(x-r.Min.X, y-r.Min.Y); g != want {
						t.Fatalf("%v %v: pixel (%d, %d) = %v, At gives %v", ratio, r, x, y, g, want)
					}
				}
			}
		}
	}
}

// TestHSVTableEveryColour checks the tabulated rgbToHSV against the
// computed one for every colour.
func TestHSVTableEveryColour(t *testing.T) {
	tab := newHSVTable()
	for c := range 1 << 24 {
		r, g, b := uint8(c>>16), uint8(c>>8), uint8(c)
		h, s, v := tab.rgbToHSV(r, g, b)
		if wh, ws, wv := rgbToHSV(r, g, b); h != wh || s != ws || v != wv {
			t.Fatalf("table gives %d, %d, %d for (%d, %d, %d); rgbToHSV %d, %d, %d", h, s, v, r, g, b, wh, ws, wv)
		}
	}
}
