package pngdec_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/augpipe/augpipe/io/pngdec"
)

// A PNG decoded at full size, as image/png decodes it, then shrunk on
// load by 4 across and 3 down, straight into 4:2:0 YCbCr for a JPEG.
func ExampleDecoder_Decode() {
	src := image.NewRGBA(image.Rect(0, 0, 401, 300))
	for i := range src.Pix {
		src.Pix[i] = uint8(i)
		if i%4 == 3 {
			src.Pix[i] = 255 // opaque: an RGB PNG
		}
	}
	src.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, src); err != nil {
		panic(err)
	}
	var dec pngdec.Decoder
	full, err := dec.Decode(b.Bytes(), pngdec.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%T %v\n", full, full.Bounds())
	small, err := dec.Decode(b.Bytes(), pngdec.Options{
		Reduce:  func(w, h int) (kx, ky int) { return 4, 3 },
		Flatten: true,
		YCbCr:   true,
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%T %v\n", small, small.Bounds())
	// Output:
	// *image.RGBA (0,0)-(401,300)
	// *image.YCbCr (0,0)-(101,100)
}
