package stages_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/augpipe/augpipe/stages"
)

// Brightness scales each sample and truncates, as Pillow's
// ImageEnhance.Brightness does; above 1 it clips at white. A YCbCr image
// stays one for factors up to 1; above, it comes back as RGBA.
func ExampleBrightness() {
	img := image.NewGray(image.Rect(0, 0, 2, 1))
	img.Pix[0], img.Pix[1] = 101, 200
	darker := stages.Brightness(nil, img, 0.6)
	brighter := stages.Brightness(nil, img, 1.4)
	fmt.Println(darker.At(0, 0), darker.At(1, 0), brighter.At(0, 0), brighter.At(1, 0))

	ycc := image.NewYCbCr(image.Rect(0, 0, 4, 4), image.YCbCrSubsampleRatio420)
	fmt.Printf("%T %T\n", stages.Brightness(nil, ycc, 0.8), stages.Brightness(nil, ycc, 1.2))

	erased := stages.Erase(nil, img, 0, 1, 1, 5, color.White)
	fmt.Println(erased.At(0, 0), erased.At(1, 0))
	// Output:
	// {60} {120} {141} {255}
	// *image.YCbCr *image.RGBA
	// {101} {255}
}
