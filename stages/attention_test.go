package stages

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
)

// TestAttentionFindsTheSubject checks Attention on pictures whose subject
// is plain: a skin-coloured, edged patch on a flat grey ground, in every
// corner, every orientation, and for windows wider and taller than the
// patch.
func TestAttentionFindsTheSubject(t *testing.T) {
	const w, h = 600, 400
	for _, at := range []image.Point{{60, 50}, {480, 60}, {300, 200}, {70, 330}, {520, 320}} {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = 110
		}
		for y := at.Y - 30; y < at.Y+30; y++ {
			for x := at.X - 30; x < at.X+30; x++ {
				c := color.RGBA{224, 172, 140, 255}
				if (x/6+y/6)%2 == 0 {
					c = color.RGBA{180, 120, 95, 255}
				}
				img.SetRGBA(x, y, c)
			}
		}
		for o := 1; o <= 8; o++ {
			stored := Orient(img, inverseOrientation(o)) // stored so that o turns it upright
			for _, win := range [][2]float64{{200, 200}, {400, 150}, {150, 400}, {600, 100}} {
				r := Attention(nil, stored, o, win[0], win[1])
				if math.Abs(r.Dx()-win[0]) > 1e-9 || math.Abs(r.Dy()-win[1]) > 1e-9 || r.X0 < 0 || r.Y0 < 0 || r.X1 > w || r.Y1 > h {
					t.Fatalf("subject at %v, orientation %d, window %v: %v is not the window inside the image", at, o, win, r)
				}
				// The patch must be inside the window as far as the window
				// can hold it (within a grid cell of the image).
				cx, cy := float64(at.X), float64(at.Y)
				tolX, tolY := float64(w)/attentionGrid+1, float64(h)/attentionGrid+1
				if cx < r.X0-tolX || cx > r.X1+tolX || cy < r.Y0-tolY || cy > r.Y1+tolY {
					t.Errorf("subject at %v, orientation %d, window %v: chose %v", at, o, win, r)
				}
			}
		}
	}
}

// inverseOrientation is the EXIF orientation that undoes o.
func inverseOrientation(o int) int {
	switch o {
	case 6:
		return 8
	case 8:
		return 6
	}
	return o
}

// TestAttentionMatchesVips compares Attention's window with the one
// vipsthumbnail --smartcrop attention keeps, on the photos of samples/
// (and of the folder in AUGPIPE_CORPUS, when set). vipsthumbnail writes
// only the crop; where it lies in the photo is found by sliding it over
// the photo resized to the same scale. libvips scores the thumbnail it has
// made, Attention the photo at full size: where two grid cells score
// nearly alike the choice can differ by one cell (a 32nd of the photo).
// On samples/ and the 14 corpus photos (55 crops) 51 windows are within
// 0.3% of the side of libvips', 4 a cell apart; each must be within two
// cells, and the mean within 1%.
func TestAttentionMatchesVips(t *testing.T) {
	vips, err := exec.LookPath("vipsthumbnail")
	if err != nil {
		t.Skip("vipsthumbnail not found (apt-get install libvips-tools)")
	}
	dirs := []string{"../samples"}
	if d := os.Getenv("AUGPIPE_CORPUS"); d != "" {
		dirs = append(dirs, d)
	}
	var paths []string
	for _, d := range dirs {
		m, _ := filepath.Glob(filepath.Join(d, "*.jpg"))
		paths = append(paths, m...)
	}
	tmp := t.TempDir()
	var sum float64
	n := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := imgfile.Decode(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		W, H := OrientedSize(d.Width, d.Height, d.Orientation)
		for _, box := range [][2]int{{300, 300}, {400, 150}, {150, 400}} {
			ow, oh, winW, winH := FillSize(W, H, box[0], box[1], false)
			if ow != box[0] || oh != box[1] || (winW == float64(W) && winH == float64(H)) {
				continue // nothing to crop
			}
			out := filepath.Join(tmp, "vips.png")
			cmd := exec.Command(vips, path, "-s", fmt.Sprintf("%dx%d", box[0], box[1]), "-m", "attention", "-o", out)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("vipsthumbnail: %v\n%s", err, b)
			}
			crop := grayOf(testimg.DecodeFile(t, out))
			scale := float64(ow) / winW
			full := grayOf(ResizeOriented(nil, d.Image, int(math.Round(float64(W)*scale)), int(math.Round(float64(H)*scale)), d.Orientation))
			vx, vy := locate(full, crop)
			vr := Region{float64(vx) / scale, float64(vy) / scale, float64(vx)/scale + winW, float64(vy)/scale + winH}
			got := Attention(nil, d.Image, d.Orientation, winW, winH)
			dist := math.Max(math.Abs(got.X0-vr.X0)/float64(W), math.Abs(got.Y0-vr.Y0)/float64(H))
			t.Logf("%-42s %4dx%-4d box %dx%d: window at (%4.0f,%4.0f), vipsthumbnail's at (%4.0f,%4.0f): %4.1f%% of the side",
				filepath.Base(path), W, H, box[0], box[1], got.X0, got.Y0, vr.X0, vr.Y0, 100*dist)
			if dist > 2.0/attentionGrid {
				t.Errorf("%s box %v: window %v, vipsthumbnail's %v: %.1f%% of the side apart", path, box, got, vr, 100*dist)
			}
			sum += dist
			n++
		}
	}
	if n > 0 {
		t.Logf("mean distance %.2f%% of the side over %d crops", 100*sum/float64(n), n)
		if sum/float64(n) > 0.01 {
			t.Errorf("mean distance %.2f%% of the side, want <= 1%%", 100*sum/float64(n))
		}
	}
}

// locate returns the offset at which the smaller grey image sub best
// matches full (least squared difference).
func locate(full, sub *image.Gray) (int, int) {
	fw, fh := full.Rect.Dx(), full.Rect.Dy()
	sw, sh := sub.Rect.Dx(), sub.Rect.Dy()
	best, bx, by := math.Inf(1), 0, 0
	for oy := 0; oy+sh <= fh; oy++ {
		for ox := 0; ox+sw <= fw; ox++ {
			var ssd float64
			for y := 0; y < sh && ssd < best; y += 2 {
				fr := full.Pix[(oy+y)*full.Stride+ox:]
				sr := sub.Pix[y*sub.Stride:]
				for x := 0; x < sw; x += 2 {
					d := float64(fr[x]) - float64(sr[x])
					ssd += d * d
				}
			}
			if ssd < best {
				best, bx, by = ssd, ox, oy
			}
		}
	}
	return bx, by
}
