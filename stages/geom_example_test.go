package stages_test

import (
	"fmt"
	"image"
	"image/color"

	"github.com/augpipe/augpipe/stages"
)

// Rotate turns an image counter-clockwise, as Pillow's Image.rotate does:
// with expand the output holds the whole turned image, and the corners it
// does not cover get the fill colour. RotatedSize gives the size first
// (Pillow gives 224x188 too).
func ExampleRotate() {
	img := image.NewGray(image.Rect(0, 0, 200, 100))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	w, h := stages.RotatedSize(200, 100, 30, true)
	out := stages.Rotate(nil, img, 30, true, color.Black)
	fmt.Println(w, h, out.Bounds().Size(), out.At(0, 0), out.At(w/2, h/2))
	fmt.Println(stages.Rotate(nil, img, 90, true, nil).Bounds().Size())
	// Output:
	// 224 188 (224,188) {0} {200}
	// (100,200)
}
