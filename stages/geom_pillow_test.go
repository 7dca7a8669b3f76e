package stages

import (
	"fmt"
	"image"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// pillowEach runs Pillow once over every input, each written as a PNG of
// its RGB conversion: expr is a Python expression of im (the input opened
// with Pillow) and of the strings in args (a list, one per input), and its
// value is saved and returned decoded. An input given more than once (the
// same image value) is written once. One interpreter for all the inputs
// keeps the tests quick.
func pillowEach(t *testing.T, expr string, inputs []image.Image, args []string) []image.Image {
	t.Helper()
	python := testimg.PillowPython(t)
	dir := t.TempDir()
	files := []string{}
	written := map[image.Image]string{} // an input given again is written once
	for i, img := range inputs {
		in, ok := written[img]
		if !ok {
			in = filepath.Join(dir, fmt.Sprintf("in%d.png", i))
			testimg.WriteFile(t, in, testimg.EncodePNG(t, toRGBA(img)))
			written[img] = in
		}
		arg := ""
		if args != nil {
			arg = args[i]
		}
		files = append(files, in, filepath.Join(dir, fmt.Sprintf("out%d.png", i)), arg)
	}
	runPillow(t, python, `import sys
from PIL import Image, ImageOps
a = sys.argv[1:]
for i in range(0, len(a), 3):
    im, arg = Image.open(a[i]).convert("RGB"), a[i+2]
    (`+expr+`).save(a[i+1])`, files...)
	out := make([]image.Image, len(inputs))
	for i := range inputs {
		out[i] = testimg.DecodeFile(t, files[3*i+1])
	}
	return out
}

// namedImage is a test input and its name in messages.
type namedImage struct {
	name string
	img  image.Image
}

// asTypes returns rgb as each of the named types: "RGBA" (rgb itself),
// "NRGBA" (opaque, the same bytes), "Gray" and "YCbCr 4:4:4", "4:2:2" or
// "4:2:0"; each name is followed by rgb's size.
func asTypes(rgb *image.RGBA, types ...string) []namedImage {
	ratios := map[string]image.YCbCrSubsampleRatio{
		"YCbCr 4:4:4": image.YCbCrSubsampleRatio444,
		"YCbCr 4:2:2": image.YCbCrSubsampleRatio422,
		"YCbCr 4:2:0": image.YCbCrSubsampleRatio420,
	}
	out := make([]namedImage, len(types))
	for i, name := range types {
		var img image.Image = rgb
		switch name {
		case "NRGBA":
			n := image.NewNRGBA(rgb.Rect)
			copy(n.Pix, rgb.Pix)
			img = n
		case "Gray":
			img = grayOf(rgb)
		case "RGBA":
		default:
			r, ok := ratios[name]
			if !ok {
				panic("asTypes: no type " + name)
			}
			img = toYCbCr(rgb, r)
		}
		out[i] = namedImage{fmt.Sprintf("%s %dx%d", name, rgb.Rect.Dx(), rgb.Rect.Dy()), img}
	}
	return out
}
