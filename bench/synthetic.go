package main

import (
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// parseSize reads "WxH".
func parseSize(s string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.Atoi(a)
		if err == nil {
			h, err = strconv.Atoi(b)
		}
	}
	if !ok || err != nil || w < 1 || h < 1 {
		return 0, 0, fmt.Errorf("--size %q: want WIDTHxHEIGHT, such as 3000x2000", s)
	}
	return w, h, nil
}

// writeSynthetic writes n photo-like JPEGs of w x h pixels into dir,
// named synthetic-000.jpg and so on. The same n, size and seed always give
// the same files.
func writeSynthetic(ctx context.Context, dir string, n, w, h int, seed uint64) error {
	for i := range n {
		if err := ctx.Err(); err != nil {
			return err
		}
		img := syntheticImage(w, h, seed, uint64(i))
		path := filepath.Join(dir, fmt.Sprintf("synthetic-%03d.jpg", i))
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("synthetic image: %w", err)
		}
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 90})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("synthetic image %s: %w", path, err)
		}
	}
	return nil
}

// syntheticImage draws something with the statistics of a photo rather
// than of a flat test card, so that JPEG decode and encode do realistic
// work: a sky-to-ground gradient, soft-edged discs and bands, a fine
// texture and sensor-like noise.
func syntheticImage(w, h int, seed, index uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, index))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	top := [3]float64{60 + 120*rng.Float64(), 90 + 120*rng.Float64(), 150 + 100*rng.Float64()}
	bottom := [3]float64{40 + 80*rng.Float64(), 60 + 90*rng.Float64(), 20 + 60*rng.Float64()}
	type disc struct{ x, y, r, soft float64 }
	discs := make([]disc, 6+rng.IntN(6))
	colors := make([][3]float64, len(discs))
	for k := range discs {
		discs[k] = disc{rng.Float64() * float64(w), rng.Float64() * float64(h),
			(0.03 + 0.2*rng.Float64()) * float64(min(w, h)), 1 + 20*rng.Float64()}
		colors[k] = [3]float64{255 * rng.Float64(), 255 * rng.Float64(), 255 * rng.Float64()}
	}
	fx, fy := 0.05+0.2*rng.Float64(), 0.05+0.2*rng.Float64()
	noise := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, index))
	for y := range h {
		t := float64(y) / float64(max(h-1, 1))
		row := img.Pix[y*img.Stride:]
		for x := range w {
			var c [3]float64
			for ch := range c {
				c[ch] = top[ch]*(1-t) + bottom[ch]*t
			}
			for k, d := range discs {
				dx, dy := float64(x)-d.x, float64(y)-d.y
				if dx*dx+dy*dy >= d.r*d.r {
					continue
				}
				if a := (d.r - math.Sqrt(dx*dx+dy*dy)) / d.soft; a > 0 {
					a = min(a, 1) * 0.8
					for ch := range c {
						c[ch] = c[ch]*(1-a) + colors[k][ch]*a
					}
				}
			}
			tex := 12 * math.Sin(float64(x)*fx) * math.Sin(float64(y)*fy)
			for ch := range c {
				v := c[ch] + tex + noise.NormFloat64()*6
				row[4*x+ch] = uint8(min(max(v, 0), 255))
			}
			row[4*x+3] = 255
		}
	}
	return img
}
