package augment

import (
	"bytes"
	"image/color"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestKeepMetadata processes a photo stored turned, with EXIF (and an
// IFD1 thumbnail), XMP and IPTC: by default the output carries none of
// them; with KeepMetadata it carries all three, its EXIF saying
// orientation 1 and the output's size, with no thumbnail, and its pixels
// are upright all the same.
func TestKeepMetadata(t *testing.T) {
	data := testimg.Testdata(t, "quad-meta.jpg") // 64x48 stored, orientation 6
	for _, keep := range []bool{false, true} {
		cfg := DefaultConfig()
		cfg.Sigma, cfg.KeepMetadata = 0, keep
		_, out, rec := processWith(t, cfg, data)
		if rec.OutWidth != 48 || rec.OutHeight != 64 {
			t.Errorf("keep %v: output %dx%d, want the upright 48x64", keep, rec.OutWidth, rec.OutHeight)
		}
		// Upright: red (top-left when stored) is now top-right.
		img := decodeBytes(t, out)
		if r, g, b, _ := img.At(40, 4).RGBA(); r>>8 < 200 || g>>8 > 60 || b>>8 > 60 {
			t.Errorf("keep %v: top-right pixel %v, want red", keep, color.RGBAModel.Convert(img.At(40, 4)))
		}
		has := func(s string) bool { return bytes.Contains(out, []byte(s)) }
		if !keep {
			if has("Exif\x00\x00") || has("http://ns.adobe.com/xap/1.0/") || has("Photoshop 3.0") {
				t.Errorf("metadata in the default output")
			}
			continue
		}
		if !has("Exif\x00\x00") || !has("Four quadrants") || !has("A test picture") {
			t.Errorf("EXIF, XMP or IPTC missing from the output")
		}
		if has("THUMB") || bytes.Count(out, []byte{0xFF, 0xD8}) != 1 {
			t.Errorf("a thumbnail (a second JPEG) is still in the output")
		}
	}
}
