package jpegdec_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"os"

	"github.com/augpipe/augpipe/io/jpegdec"
)

// Decode returns the planes as the JPEG data holds them: an *image.YCbCr
// with the file's chroma subsampling (or an *image.Gray).
func ExampleDecode() {
	data, err := os.ReadFile("testdata/base420.jpg")
	if err != nil {
		panic(err)
	}
	img, err := jpegdec.Decode(data, jpegdec.Options{})
	if err != nil {
		panic(err)
	}
	m := img.(*image.YCbCr)
	fmt.Println(m.Bounds(), m.SubsampleRatio)
	// Output: (0,0)-(37,29) YCbCrSubsampleRatio420
}

// A worker keeps one Decoder and decodes each photo at the largest scale
// that still covers its thumbnail, falling back to image/jpeg for what
// jpegdec does not decode.
func ExampleDecoder() {
	var d jpegdec.Decoder // one per worker goroutine
	data, err := os.ReadFile("testdata/prog420.jpg")
	if err != nil {
		panic(err)
	}
	var img image.Image
	cfg, err := jpegdec.DecodeConfig(data)
	scale := 1
	if err == nil {
		scale = jpegdec.ScaleFor(cfg.Width, cfg.Height, 16) // 16 px thumbnails
		img, err = d.Decode(data, jpegdec.Options{Scale: scale, MaxPixels: 50e6})
	}
	if errors.Is(err, jpegdec.ErrUnsupported) {
		img, err = jpeg.Decode(bytes.NewReader(data)) // at full size
	}
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.Width, cfg.Height, scale, img.Bounds().Size())
	// Output: 37 29 2 (19,15)
}
