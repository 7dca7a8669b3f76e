package jpegdec_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/augpipe/augpipe/io/jpegdec"
)

// A worker keeps one Decoder and decodes each photo at the largest scale
// that still covers its thumbnail, falling back to image/jpeg for what
// jpegdec does not decode.
func ExampleDecoder() {
	var d jpegdec.Decoder // one per worker goroutine
	data, err := os.ReadFile("testdata/prog420.jpg")
	if err != nil {
		panic(err)
	}
	cfg, err := jpegdec.DecodeConfig(data)
	if err != nil {
		panic(err)
	}
	scale := jpegdec.ScaleFor(cfg.Width, cfg.Height, 16) // 16 px thumbnails
	img, err := d.Decode(data, jpegdec.Options{Scale: scale, MaxPixels: 50e6})
	if errors.Is(err, jpegdec.ErrUnsupported) {
		// decode with image/jpeg instead
	} else if err != nil {
		panic(err)
	}
	fmt.Println(cfg.Width, cfg.Height, scale, img.Bounds().Size())
	// Output: 37 29 2 (19,15)
}
