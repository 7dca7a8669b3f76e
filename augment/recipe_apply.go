package augment

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/io/jpegenc"
	"github.com/augpipe/augpipe/stages"
)

// An AppliedOp is one operation done to a variant, with the parameters
// drawn for it: what a manifest line lists, and what Replay does again.
// Fields an operation does not use are zero, and left out of the JSON.
type AppliedOp struct {
	// Op is the recipe's operation it comes from ("color_jitter"); Do is
	// what was done: "resize", "resized_crop", "crop", "hflip", "vflip",
	// "rotate", "blur", "brightness", "contrast", "saturation", "hue",
	// "grayscale", "noise", "erase", "jpeg" or "sharpen".
	Op string `json:"op"`
	Do string `json:"do"`
	// X, Y, W and H are a rectangle (a crop, the region a resize takes,
	// the erased area) in the pixels of the image as the operation found
	// it, upright and at full scale (see VariantLine.Scale).
	X float64 `json:"x,omitempty"`
	Y float64 `json:"y,omitempty"`
	W float64 `json:"w,omitempty"`
	H float64 `json:"h,omitempty"`
	// Width and Height are a resize's output size.
	Width  int `json:"width,omitempty"`
	Height int `json:"height,omitempty"`
	// Angle is a rotation's angle in degrees, counter-clockwise; Expand
	// whether the output holds the whole turned image.
	Angle  float64 `json:"angle,omitempty"`
	Expand bool    `json:"expand,omitempty"`
	// Fill is the colour, [red, green, blue], of a rotation's corners or
	// an erased area.
	Fill []int `json:"fill,omitempty"`
	// Factor is an enhancement's factor (brightness, contrast, saturation,
	// sharpen) or the hue's turn.
	Factor float64 `json:"factor,omitempty"`
	// Sigma is a blur's or the noise's standard deviation, in pixels or in
	// grey levels.
	Sigma float64 `json:"sigma,omitempty"`
	// Channels is grayscale's number of channels.
	Channels int `json:"channels,omitempty"`
	// Quality is the recompression's JPEG quality.
	Quality int `json:"quality,omitempty"`
	// Seed seeds the stream of the noise, or of an erased area's random
	// fill (Random).
	Seed   uint64 `json:"seed,omitempty"`
	Random bool   `json:"random,omitempty"`
}

// opRunner applies AppliedOps to a variant's image, keeping track of the
// size the drawn parameters are in: the upright image at full scale until
// the first resize, whose output is in its own pixels. A JPEG decoded at
// reduced scale is smaller than that, and only flips and a first resize
// meet it so (see Recipe.decodeScale); a resize's region is scaled to it.
type opRunner struct {
	s       *stages.Scratch
	decoder *imgfile.Decoder
	jpeg    *imgfile.JPEGEncoder
	w, h    int // the size the parameters are in
}

// apply does a to img and returns the result.
func (r *opRunner) apply(img image.Image, a AppliedOp) (image.Image, error) {
	b := img.Bounds()
	rect := func() (i, j, h, w int) { return int(a.Y), int(a.X), int(a.H), int(a.W) }
	switch a.Do {
	case "resize", "resized_crop":
		if a.Width < 1 || a.Height < 1 || a.Width > SideLimit || a.Height > SideLimit {
			return nil, fmt.Errorf("resize to %dx%d: sizes are from 1 to %d", a.Width, a.Height, SideLimit)
		}
		if a.Do == "resize" {
			img = stages.Resize(r.s, img, a.Width, a.Height)
		} else {
			sx, sy := float64(b.Dx())/float64(r.w), float64(b.Dy())/float64(r.h)
			reg := stages.Region{X0: a.X * sx, Y0: a.Y * sy, X1: (a.X + a.W) * sx, Y1: (a.Y + a.H) * sy}
			img = stages.ResizeRegion(r.s, img, reg, a.Width, a.Height, 1)
		}
		r.w, r.h = a.Width, a.Height
	case "crop":
		i, j, h, w := rect()
		img = stages.Crop(r.s, img, image.Rect(j, i, j+w, i+h).Add(b.Min))
	case "hflip":
		img = stages.FlipH(r.s, img)
	case "vflip":
		img = stages.FlipV(r.s, img)
	case "rotate":
		img = stages.Rotate(r.s, img, a.Angle, a.Expand, fillColour(a.Fill))
	case "blur":
		img = stages.Blur(r.s, img, a.Sigma)
	case "brightness":
		img = stages.Brightness(r.s, img, a.Factor)
	case "contrast":
		img = stages.Contrast(r.s, img, a.Factor)
	case "saturation":
		img = stages.Saturation(r.s, img, a.Factor)
	case "hue":
		img = stages.Hue(r.s, img, a.Factor)
	case "sharpen":
		img = stages.Sharpen(r.s, img, a.Factor)
	case "grayscale":
		img = stages.Grayscale(r.s, img, a.Channels)
	case "noise":
		img = stages.Noise(r.s, img, a.Sigma, rand.New(rand.NewPCG(a.Seed, 0)))
	case "erase":
		i, j, h, w := rect()
		if a.Random {
			img = stages.EraseNoise(r.s, img, i, j, h, w, rand.New(rand.NewPCG(a.Seed, 0)))
		} else {
			img = stages.Erase(r.s, img, i, j, h, w, fillColour(a.Fill))
		}
	case "jpeg":
		if a.Quality < 1 || a.Quality > 100 {
			return nil, fmt.Errorf("jpeg quality %d: it is from 1 to 100", a.Quality)
		}
		data, err := r.jpeg.Encode(img, a.Quality, jpegenc.Sub420)
		if err != nil {
			return nil, err
		}
		d, err := r.decoder.Decode(data, imgfile.DecodeOptions{Alloc: r.s})
		if err != nil {
			return nil, err
		}
		img = d.Image
	default:
		return nil, fmt.Errorf("unknown operation %q", a.Do)
	}
	// An operation that changes the size (a crop, a rotation) works in
	// the image's own pixels; a flip keeps the size the parameters are in.
	if nb := img.Bounds(); a.Do != "resize" && a.Do != "resized_crop" && nb.Size() != b.Size() {
		r.w, r.h = nb.Dx(), nb.Dy()
	}
	return img, nil
}

// fillColour is the opaque colour of an [r, g, b] list; black when it is
// not one.
func fillColour(c []int) color.Color {
	if len(c) != 3 {
		return color.RGBA{A: 255}
	}
	return color.RGBA{R: uint8(c[0]), G: uint8(c[1]), B: uint8(c[2]), A: 255}
}
