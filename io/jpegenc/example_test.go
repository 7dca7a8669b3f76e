package jpegenc_test

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"

	"github.com/augpipe/augpipe/io/jpegenc"
)

// An Encoder kept from one image to the next reuses its memory; Append
// adds each JPEG to the slice it is given.
func ExampleEncoder_Append() {
	img := image.NewYCbCr(image.Rect(0, 0, 64, 48), image.YCbCrSubsampleRatio420)
	var e jpegenc.Encoder
	out, err := e.Append(nil, img, jpegenc.Options{Quality: 90, Subsampling: jpegenc.Sub444})
	if err != nil {
		fmt.Println(err)
		return
	}
	back, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Bounds().Size(), back.(*image.YCbCr).SubsampleRatio)
	// Output: (64,48) YCbCrSubsampleRatio444
}

// Encode writes one image to an io.Writer with the default options: 4:2:0
// at quality 75.
func ExampleEncode() {
	var buf bytes.Buffer
	if err := jpegenc.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("% X ... % X\n", buf.Bytes()[:2], buf.Bytes()[buf.Len()-2:])
	// Output: FF D8 ... FF D9
}
