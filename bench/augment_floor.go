package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/augpipe/augpipe/augment"
)

// The augmentation benchmark's decode floor: libjpeg-turbo's djpeg
// decoding each photo once, as the job must, at the DCT scale augpipe's
// recipe plan chose for it (read from augpipe's manifest), and at 1/8,
// where libjpeg-turbo still entropy-decodes every scan but reconstructs
// one pixel per block: near the least any decoder that reads the photo's
// compressed data can spend. One process per photo, CPU summed; the
// start-up of those processes is measured apart (djpeg on an 8x8 JPEG as
// many times) so that it can be taken off.

// Engine names of the floor's rows.
const (
	floorRecipe  = "djpeg, recipe's scale"
	floorEighth  = "djpeg, 1/8"
	floorStartup = "djpeg start-up"
)

// floorEngines returns the floor's engines, each with its run, for the
// photos augpipe decoded at scales; none when djpeg is not installed.
func floorEngines(tmp string, scales []jpegScale, stderr io.Writer) (map[string]func(context.Context) (augmentRun, error), error) {
	djpeg, err := exec.LookPath("djpeg")
	if err != nil {
		fmt.Fprintln(stderr, "bench --augment: djpeg not found (Debian: apt-get install libjpeg-turbo-progs): the decode floor is skipped")
		return nil, nil
	}
	tiny := filepath.Join(tmp, "tiny.jpg")
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		return nil, err
	}
	if err := os.WriteFile(tiny, buf.Bytes(), 0o644); err != nil {
		return nil, err
	}
	run := func(files []jpegScale) func(context.Context) (augmentRun, error) {
		return func(ctx context.Context) (augmentRun, error) {
			r, err := djpegEach(ctx, djpeg, files)
			if err != nil {
				return augmentRun{}, err
			}
			return augmentRun{Wall: r.Wall.Seconds(), CPU: r.CPU.Seconds(), Decode: r.CPU.Seconds()}, nil
		}
	}
	eighth, startup := make([]jpegScale, len(scales)), make([]jpegScale, len(scales))
	for i, f := range scales {
		eighth[i], startup[i] = jpegScale{Path: f.Path, Scale: 8}, jpegScale{Path: tiny, Scale: 1}
	}
	return map[string]func(context.Context) (augmentRun, error){
		floorRecipe:  run(scales),
		floorEighth:  run(eighth),
		floorStartup: run(startup),
	}, nil
}

// manifestScales reads the decode scale of each JPEG input from an augpipe
// manifest (JSON Lines of augment.VariantLine), once per input, in the order met;
// inputs of other formats are left out (djpeg reads JPEG only).
func manifestScales(path string) ([]jpegScale, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	var out []jpegScale
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var line augment.VariantLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rec := line.Record
		if rec.Input == "" || rec.Format != "jpeg" || seen[rec.Input] {
			continue
		}
		seen[rec.Input] = true
		out = append(out, jpegScale{Path: rec.Input, Scale: max(rec.Scale, 1)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// writeFloorLines prints what the floor says of the target: the wall time
// the target allows, the CPU time two CPUs give in it, and libjpeg-turbo's
// decode alone against that.
func writeFloorLines(w io.Writer, runs map[string][]augmentRun, fastest float64, fastestName string) {
	if len(runs[floorEighth]) == 0 || fastestName == "" {
		return
	}
	cpu := func(e string) float64 { return median(runs[e], func(r augmentRun) float64 { return r.CPU }) }
	startup := cpu(floorStartup)
	atScale, eighth := cpu(floorRecipe)-startup, cpu(floorEighth)-startup
	allowed := fastest / augmentTarget
	fmt.Fprintf(w, "decode floor: djpeg decoding each photo once, CPU less its processes' start-up (%.2fs): %.2fs at the recipe's scales, %.2fs at 1/8\n",
		startup, atScale, eighth)
	fmt.Fprintf(w, "the target (%.0fx %s's %.2fs) allows %.3fs of wall, %.2fs of CPU on %d CPUs: %.2fx of djpeg's decode alone at the recipe's scales",
		augmentTarget, fastestName, fastest, allowed, augmentWorkers*allowed, augmentWorkers, augmentWorkers*allowed/atScale)
	if augmentWorkers*allowed < min(atScale, eighth) {
		fmt.Fprint(w, " (below the decode floor: the job must decode every scan of each photo once, and libjpeg-turbo alone cannot do that in the time)")
	}
	fmt.Fprintln(w)
}
