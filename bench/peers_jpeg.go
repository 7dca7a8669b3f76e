package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// The JPEG peer modes: libjpeg-turbo's decode alone (the floor),
// vipsthumbnail, Pillow thumbnailing first, and augpipe's 2-worker
// efficiency.

// Names of the commands the JPEG modes run; the modes share augpipe's.
const (
	peerAugpipe1   = "augpipe --workers 1"
	peerAugpipeDef = "augpipe (default)"
	peerFloor      = "djpeg floor"
	peerVips       = "vipsthumbnail"
	peerPillowFit  = "Pillow fit-first pool"
)

// jpegScale is a JPEG input and the scale augpipe decodes it at.
type jpegScale struct {
	Path  string
	Scale int
}

// decodeScales runs augpipe's default job on every input in dir (an
// augment.Processor, the code the command runs) and returns the scale its
// decoder chose for each: the floor decodes at the same scales. Every
// input must be a JPEG that augpipe decodes itself.
func decodeScales(ctx context.Context, dir string) ([]jpegScale, error) {
	inputs, _, err := imgfile.Find(ctx, dir, imgfile.FindOptions{})
	if err != nil {
		return nil, err
	}
	p, err := augment.NewProcessor(augment.DefaultConfig())
	if err != nil {
		return nil, err
	}
	out := make([]jpegScale, 0, len(inputs))
	for _, in := range inputs {
		data, err := os.ReadFile(in.Path)
		if err != nil {
			return nil, err
		}
		_, rec, err := p.Process(ctx, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Path, err)
		}
		if rec.Format != "jpeg" || !strings.HasPrefix(rec.Decoder, "jpegdec") {
			return nil, fmt.Errorf("%s: decoded as %s by %s: the floor needs JPEGs that augpipe's own decoder reads", in.Path, rec.Format, rec.Decoder)
		}
		out = append(out, jpegScale{Path: in.Path, Scale: max(rec.Scale, 1)})
	}
	return out, nil
}

// addFloor is the decode floor: djpeg (libjpeg-turbo) decoding every file
// at the DCT scale augpipe decodes it at, one process per file, against
// augpipe's whole job with one worker, on CPU time.
func addFloor(ctx context.Context, env *peerEnv, set *peerSet) error {
	djpeg, err := exec.LookPath("djpeg")
	if err != nil {
		return fmt.Errorf("djpeg not found (Debian: apt-get install libjpeg-turbo-progs): %w", err)
	}
	files, err := decodeScales(ctx, env.Corpus)
	if err != nil {
		return err
	}
	count := map[int]int{}
	for _, f := range files {
		count[f.Scale]++
	}
	var scales []int
	for s := range count {
		scales = append(scales, s)
	}
	slices.Sort(scales)
	var parts []string
	for _, s := range scales {
		parts = append(parts, fmt.Sprintf("%d at 1/%d", count[s], s))
	}
	set.notes = append(set.notes, "The floor decodes each file at augpipe's own scale (augment.Processor's choice): "+strings.Join(parts, ", ")+".")
	set.add(augpipeCmd(env, peerAugpipe1, 1))
	set.add(peerCmd{
		Name: peerFloor,
		Show: fmt.Sprintf("for each file F at scale S: %s -scale 1/S -outfile /dev/null F   (one process per file, run in turn; CPU summed over them)", djpeg),
		Run: func(ctx context.Context, _ string) (peerRun, error) {
			return djpegEach(ctx, djpeg, files)
		},
	})
	set.ratios = append(set.ratios, peerRatio{
		Name: "JPEG floor: augpipe whole job / djpeg decode alone", Num: peerAugpipe1, Den: peerFloor,
		Metric: metricCPU, Factor: 1, Target: 1, AtMost: true,
	})
	return nil
}

// djpegEach decodes each file with djpeg at its scale, to /dev/null, one
// process per file, in turn, and returns their wall and CPU times summed.
func djpegEach(ctx context.Context, djpeg string, files []jpegScale) (peerRun, error) {
	var total peerRun
	for _, f := range files {
		r, err := execRun(exec.CommandContext(ctx, djpeg, "-scale", "1/"+strconv.Itoa(f.Scale), "-outfile", os.DevNull, f.Path))
		if err != nil {
			return peerRun{}, err
		}
		total.Wall += r.Wall
		total.CPU += r.CPU
	}
	return total, nil
}

// addVips is vipsthumbnail making the same thumbnails (no blur) in one
// process on one thread, against augpipe with one worker, on wall time.
func addVips(ctx context.Context, env *peerEnv, set *peerSet) error {
	vips, err := exec.LookPath("vipsthumbnail")
	if err != nil {
		return fmt.Errorf("vipsthumbnail not found (Debian: apt-get install libvips-tools): %w", err)
	}
	inputs, _, err := imgfile.Find(ctx, env.Corpus, imgfile.FindOptions{})
	if err != nil {
		return err
	}
	var paths []string
	for _, in := range inputs {
		paths = append(paths, in.Path)
	}
	set.add(augpipeCmd(env, peerAugpipe1, 1))
	set.add(peerCmd{
		Name: peerVips,
		Show: fmt.Sprintf("VIPS_CONCURRENCY=1 %s -s 1200x1200 -o 'OUT/%%s.jpg[Q=75]' FILES...   (the %d images of %s, in one process)", vips, len(paths), env.Corpus),
		Run: func(ctx context.Context, out string) (peerRun, error) {
			cmd := exec.CommandContext(ctx, vips, append([]string{"-s", "1200x1200", "-o", filepath.Join(out, "%s.jpg[Q=75]")}, paths...)...)
			cmd.Env = append(os.Environ(), "VIPS_CONCURRENCY=1")
			r, err := execRun(cmd)
			if err != nil {
				return r, err
			}
			return r, expectOutputs(out, len(paths))
		},
	})
	set.ratios = append(set.ratios, peerRatio{
		Name: "augpipe --workers 1 vs vipsthumbnail (no blur)", Num: peerVips, Den: peerAugpipe1,
		Metric: metricWall, Factor: 1, Target: 1.5,
	})
	return nil
}

// addPillowFit is Pillow's reference script thumbnailing first with a
// process pool of 2, against augpipe's default, on wall time.
func addPillowFit(ctx context.Context, env *peerEnv, set *peerSet) error {
	script, err := seedScript()
	if err != nil {
		return err
	}
	// The interpreter the other Pillow benchmarks use (--python, or the
	// first candidate that has Pillow).
	dir, err := os.MkdirTemp("", "augpipe-peers-")
	if err != nil {
		return err
	}
	pil, why := findPillow(ctx, env.pythonCandidates(), dir)
	os.RemoveAll(dir)
	if pil == nil {
		return errors.New(why)
	}
	python := pil.Python
	set.add(augpipeCmd(env, peerAugpipeDef, augment.DefaultConfig().Workers))
	set.add(peerCmd{
		Name: peerPillowFit,
		Show: fmt.Sprintf("%s %s --order fit-first --mode pool --workers 2 %s OUT", python, script, env.Corpus),
		Run: func(ctx context.Context, out string) (peerRun, error) {
			cmd := exec.CommandContext(ctx, python, script, "--order", "fit-first", "--mode", "pool", "--workers", "2", env.Corpus, out)
			return execRun(cmd)
		},
	})
	set.ratios = append(set.ratios, peerRatio{
		Name: "augpipe default vs Pillow fit-first, pool of 2", Num: peerPillowFit, Den: peerAugpipeDef,
		Metric: metricWall, Factor: 1, Target: 2,
	})
	return nil
}

// addEfficiency is augpipe's parallel efficiency: the 1-worker run's wall
// time over twice the default (2-worker) run's.
func addEfficiency(_ context.Context, env *peerEnv, set *peerSet) error {
	workers := augment.DefaultConfig().Workers
	if workers < 2 {
		set.notes = append(set.notes, "Only one CPU is usable: no parallel efficiency.")
		return nil
	}
	set.add(augpipeCmd(env, peerAugpipe1, 1))
	set.add(augpipeCmd(env, peerAugpipeDef, workers))
	set.ratios = append(set.ratios, peerRatio{
		Name: fmt.Sprintf("parallel efficiency, %d workers over 1", workers), Num: peerAugpipe1, Den: peerAugpipeDef,
		Metric: metricWall, Factor: 1 / float64(workers), Target: 0.9, Percent: true,
	})
	return nil
}

// seedScript finds Pillow's reference script: $AUGPIPE_SEED_SCRIPT, or
// shared/reference/seed_augment.py beside the working folder or one of its
// parents (../shared beside the repository, as the tests look for it).
func seedScript() (string, error) {
	if s := os.Getenv("AUGPIPE_SEED_SCRIPT"); s != "" {
		return filepath.Abs(s)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "reference", "seed_augment.py")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("Pillow's seed_augment.py not found in shared/reference beside %s or a parent folder; set AUGPIPE_SEED_SCRIPT", wd)
		}
	}
}

// expectOutputs checks that a command wrote n files into dir.
func expectOutputs(dir string, n int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) != n {
		return fmt.Errorf("wrote %d outputs for %d inputs", len(entries), n)
	}
	return nil
}
