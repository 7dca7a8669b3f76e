package tiffdec_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"

	"golang.org/x/image/tiff"

	"github.com/augpipe/augpipe/io/imgerr"
	"github.com/augpipe/augpipe/io/tiffdec"
)

func Example() {
	src := image.NewGray(image.Rect(0, 0, 4, 2))
	src.SetGray(1, 0, color.Gray{200})
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, src, &tiff.Options{Compression: tiff.Deflate, Predictor: true}); err != nil {
		panic(err)
	}
	r := bytes.NewReader(buf.Bytes())

	// The header first: a caller refuses a bomb before decoding.
	cfg, err := tiffdec.DecodeConfig(r, r.Size())
	fmt.Println(cfg.Width, cfg.Height, err)

	m, err := tiffdec.Decode(r, r.Size(), tiffdec.Options{MaxPixels: 1 << 20})
	fmt.Println(m.At(1, 0), err)

	_, err = tiffdec.Decode(r, r.Size(), tiffdec.Options{MaxPixels: 4})
	fmt.Println(errors.Is(err, imgerr.ErrTooLarge))
	// Output:
	// 4 2 <nil>
	// {200} <nil>
	// true
}
