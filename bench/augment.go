package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// The augmentation benchmark (--augment) runs the training-set job
// on the corpus: the ImageNet recipe of samples/recipes/imagenet.yaml, 5
// variants of each photo, each written as a JPEG of quality 90, on 2
// workers; by the augpipe command (built from this module, so that the
// whole command is timed, as a user runs it) and by the Python references
// of bench/augment_ref.py (torchvision on PIL images and OpenCV, each in a
// pool of 2 processes, one thread each), with libjpeg-turbo's decode of
// the same photos as the floor (augment_floor.go). All take turns,
// --repeat times; the table shows medians.
const (
	augmentRecipe   = "samples/recipes/imagenet.yaml"
	augmentRefs     = "bench/augment_ref.py"
	augmentVariants = 5
	augmentWorkers  = 2
	augmentTarget   = 3.0 // times the faster reference
)

// augmentEngines are the references' engines.
func augmentEngines() []string { return []string{"torchvision", "opencv"} }

// augmentRun is one run of one engine: its wall and CPU time, the CPU
// time it spent decoding, in seconds, and the outputs it wrote.
type augmentRun struct {
	Wall, CPU, Decode float64
	Outputs           int
}

// refResult is what augment_ref.py prints.
type refResult struct {
	Wall     float64 `json:"wall_s"`
	CPU      float64 `json:"cpu_s"`
	Decode   float64 `json:"decode_s"`
	Variants int     `json:"variants"`
}

// augmentMain runs the augmentation benchmark and prints its table. It
// returns the exit status.
func augmentMain(ctx context.Context, o Options, stdout, stderr io.Writer) int {
	if err := augmentBench(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "bench --augment: %v\n", err)
		return 1
	}
	return 0
}

func augmentBench(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if o.Synthetic > 0 {
		return errors.New("--augment runs on a --corpus of photos, not --synthetic images")
	}
	inputs, _, err := augment.Find(ctx, o.Corpus, augment.FindOptions{})
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		return fmt.Errorf("no images in %s", o.Corpus)
	}
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	tmp, err := os.MkdirTemp("", "augpipe-bench-augment-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	exe := filepath.Join(tmp, "augpipe")
	build := exec.CommandContext(ctx, "go", "build", "-o", exe, ".")
	build.Dir, build.Stderr = root, stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building augpipe: %w", err)
	}
	engines := []string{"augpipe"}
	python := "/usr/bin/python3"
	if o.Python != "" {
		python = o.Python
	}
	script := filepath.Join(root, augmentRefs)
	if _, err := os.Stat(script); err != nil {
		fmt.Fprintf(stderr, "bench --augment: %s not found: the references are skipped\n", augmentRefs)
	} else {
		engines = append(engines, augmentEngines()...)
	}
	// One untimed run gives the decode scales for the floor (from its
	// manifest) and warms the page cache for every engine alike.
	first := filepath.Join(tmp, "first")
	if _, err := runAugpipe(ctx, exe, filepath.Join(root, augmentRecipe), o.Corpus, first, "--manifest", first+".jsonl"); err != nil {
		return fmt.Errorf("augpipe: %w", err)
	}
	scales, err := manifestScales(first + ".jsonl")
	if err != nil {
		return err
	}
	floor, err := floorEngines(tmp, scales, stderr)
	if err != nil {
		return err
	}
	for _, e := range []string{floorRecipe, floorEighth, floorStartup} {
		if floor[e] != nil {
			engines = append(engines, e)
		}
	}
	want := len(files) * augmentVariants
	runs := make(map[string][]augmentRun)
	for round := range o.Repeat {
		// Each round starts with the next engine, so that none always
		// runs first after the previous one's writes.
		for i := range engines {
			engine := engines[(i+round)%len(engines)]
			out := filepath.Join(tmp, "out")
			if err := os.RemoveAll(out); err != nil {
				return err
			}
			var r augmentRun
			switch {
			case engine == "augpipe":
				r, err = runAugpipe(ctx, exe, filepath.Join(root, augmentRecipe), o.Corpus, out)
			case floor[engine] != nil:
				r, err = floor[engine](ctx)
			default:
				r, err = runReference(ctx, python, script, engine, files, out)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", engine, err)
			}
			if floor[engine] == nil && r.Outputs != want {
				return fmt.Errorf("%s wrote %d outputs, want %d", engine, r.Outputs, want)
			}
			fmt.Fprintf(stderr, "round %d/%d: %-11s wall %.2fs cpu %.2fs\n", round+1, o.Repeat, engine, r.Wall, r.CPU)
			runs[engine] = append(runs[engine], r)
		}
	}
	return writeAugmentTable(stdout, o, len(files), engines, runs)
}

// runAugpipe runs the augpipe command on the corpus and returns its
// times: wall and CPU of the process, and its decode step's time from its
// JSON report.
func runAugpipe(ctx context.Context, exe, recipe, corpus, out string, extra ...string) (augmentRun, error) {
	report := out + "-report.json"
	args := []string{corpus, "-o", out, "--recipe", recipe,
		"--variants", strconv.Itoa(augmentVariants), "--seed", "0", "--workers", strconv.Itoa(augmentWorkers),
		"--report", report, "-q"}
	cmd := exec.CommandContext(ctx, exe, append(args, extra...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return augmentRun{}, fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	r := augmentRun{Wall: time.Since(start).Seconds()}
	r.CPU = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	data, err := os.ReadFile(report)
	if err != nil {
		return r, err
	}
	var rep augment.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return r, fmt.Errorf("report %s: %w", report, err)
	}
	// The decode's share is of the time in all steps, each timed on its
	// worker's clock: a share of the CPU time once the machine is quiet,
	// and still a share when other processes stretch every step alike.
	var steps float64
	for _, s := range rep.Steps {
		steps += s.Total.Seconds()
		if s.Step == augment.StepDecode {
			r.Decode = s.Total.Seconds()
		}
	}
	if steps > 0 {
		r.Decode *= r.CPU / steps
	}
	r.Outputs = rep.Written
	return r, nil
}

// runReference runs one engine of augment_ref.py on files.
func runReference(ctx context.Context, python, script, engine string, files []string, out string) (augmentRun, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return augmentRun{}, err
	}
	args := append([]string{script, "--engine", engine, "--workers", strconv.Itoa(augmentWorkers),
		"--variants", strconv.Itoa(augmentVariants), "--seed", "0", "--quality", "90", "--out", out}, files...)
	cmd := exec.CommandContext(ctx, python, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return augmentRun{}, fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var res refResult
	if err := json.Unmarshal(lastLine(stdout.Bytes()), &res); err != nil {
		return augmentRun{}, fmt.Errorf("output %q: %w", stdout.String(), err)
	}
	written := imgfileCount(out)
	return augmentRun{Wall: res.Wall, CPU: res.CPU, Decode: res.Decode, Outputs: written}, nil
}

// imgfileCount counts the files under dir that are images by their name,
// as Find lists them: the outputs a reference wrote; 0 when dir cannot be
// listed.
func imgfileCount(dir string) int {
	inputs, _, err := imgfile.Find(context.Background(), dir, imgfile.FindOptions{Recursive: true})
	if err != nil {
		return 0
	}
	return len(inputs)
}

// median returns the median of what f takes from runs.
func median(runs []augmentRun, f func(augmentRun) float64) float64 {
	v := make([]float64, len(runs))
	for i, r := range runs {
		v[i] = f(r)
	}
	return stat(v).Median
}

// writeAugmentTable prints the medians, the cost per variant, the share
// spent decoding and the ratio of each reference's wall time to augpipe's.
func writeAugmentTable(w io.Writer, o Options, photos int, engines []string, runs map[string][]augmentRun) error {
	variants := photos * augmentVariants
	fmt.Fprintf(w, "augment bench: %d photos in %s x %d variants = %d JPEGs (q90), %s, %d workers; median of %d alternated runs\n\n",
		photos, o.Corpus, augmentVariants, variants, augmentRecipe, augmentWorkers, o.Repeat)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\twall s\tcpu s\twall ms/variant\tcpu ms/variant\tdecode share of cpu\t")
	wall := func(r augmentRun) float64 { return r.Wall }
	for _, e := range engines {
		rs := runs[e]
		cpu := median(rs, func(r augmentRun) float64 { return r.CPU })
		dec := median(rs, func(r augmentRun) float64 { return r.Decode })
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.1f\t%.1f\t%.0f%%\t\n", e, median(rs, wall), cpu,
			1000*median(rs, wall)/float64(variants), 1000*cpu/float64(variants), 100*dec/cpu)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	ours := median(runs["augpipe"], wall)
	fastest, fastestName := 0.0, ""
	for _, e := range augmentEngines() {
		if len(runs[e]) == 0 {
			continue
		}
		ref := median(runs[e], wall)
		fmt.Fprintf(w, "augpipe vs %s: %.2fx faster (wall)\n", e, ref/ours)
		if fastestName == "" || ref < fastest {
			fastest, fastestName = ref, e
		}
	}
	if fastestName != "" {
		verdict := "met"
		if fastest/ours < augmentTarget {
			verdict = "NOT met"
		}
		fmt.Fprintf(w, "against the faster reference (%s): %.2fx; target %.0fx: %s\n", fastestName, fastest/ours, augmentTarget, verdict)
	}
	writeFloorLines(w, runs, fastest, fastestName)
	return nil
}

// moduleRoot returns the folder of augpipe's go.mod, from the current
// folder up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(data, []byte("module github.com/augpipe/augpipe\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run the benchmark inside the augpipe module (go run ./bench --augment)")
		}
		dir = parent
	}
}
