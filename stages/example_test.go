package stages_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/augpipe/augpipe/stages"
)

// The operations take an image and return an image; a Scratch kept from
// image to image lets them reuse their memory.
func Example() {
	src := image.NewYCbCr(image.Rect(0, 0, 1920, 1080), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i % 251)
	}
	var s stages.Scratch
	w, h := stages.ThumbnailSize(1920, 1080, 1200)
	thumb := stages.Resize(&s, src, w, h)
	blurred := stages.Blur(&s, thumb, 15*float64(w)/1920)
	fmt.Println(thumb.Bounds().Size(), blurred.Bounds().Size())
	// Output:
	// (1200,675) (1200,675)
}

// Blur on a flat image leaves it as it is: the kernel's weights sum to one.
func ExampleBlur() {
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	out := stages.Blur(nil, img, 3)
	fmt.Println(out.At(0, 0), out.At(32, 24))
	// Output:
	// {200} {200}
}

// ResizeOriented turns an image upright by its EXIF orientation while it
// resizes it: orientation 6 is a photo taken with the camera turned right.
func ExampleResizeOriented() {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	w, h := stages.OrientedSize(400, 300, 6)
	out := stages.ResizeOriented(nil, img, w/10, h/10, 6)
	fmt.Println(w, h, out.Bounds().Size())
	// Output:
	// 300 400 (30,40)
}

// A crop to exactly 300x300: FillSize sizes the window of the photo that
// fills the box, CentreWindow (or Attention) places it, and ResizeRegion
// resamples that window alone, turned upright.
func ExampleResizeRegion() {
	img := image.NewYCbCr(image.Rect(0, 0, 1600, 1200), image.YCbCrSubsampleRatio420)
	w, h, winW, winH := stages.FillSize(1600, 1200, 300, 300, false)
	r := stages.CentreWindow(1600, 1200, winW, winH)
	out := stages.ResizeRegion(nil, img, r, w, h, 1)
	fmt.Println(r, out.Bounds().Size())
	// Output:
	// {200 0 1400 1200} (300,300)
}
