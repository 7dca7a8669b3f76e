package imgerr_test

import (
	"errors"
	"fmt"

	"github.com/augpipe/augpipe/io/imgerr"
)

func ExampleUnsupported() {
	err := fmt.Errorf("decode scan.tif: %w", imgerr.Unsupported("TIFF", "old-style JPEG compression"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, imgerr.ErrUnsupported), errors.Is(err, imgerr.ErrCorrupt))
	// Output:
	// decode scan.tif: unsupported TIFF feature: old-style JPEG compression
	// true false
}
