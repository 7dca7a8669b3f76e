// Command bench is augpipe's bundled benchmark: it runs the ways of doing
// the job side by side on the same files (the sequential baseline, one
// goroutine per image, a worker pool, augpipe's pipeline at several worker
// counts and stage splits, and the Pillow reference script), each in its own
// process and repeated round-robin, and prints a table, writes results.json,
// summary.md and SVG charts.
//
//	go run ./bench --synthetic 12 --size 3000x2000
//	go run ./bench --corpus DIR
//
// Run 'go run ./bench --help' for every flag.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	flag "github.com/spf13/pflag"
	"golang.org/x/term"
)

const usageHead = `bench: augpipe's benchmark. Strategies side by side, the Pillow yardstick, scaling, charts.

Usage:
  go run ./bench [flags]

It runs every configuration --repeat times, round-robin, each in its own
process (this binary re-executed in a hidden worker mode, or the Pillow
script), on the same images, then prints a table and writes results.json,
summary.md and SVG charts (speedup.svg, stages.svg, steps.svg) to --out.

Configurations: decode-only (image/jpeg decode, nothing else); decode-only jpegdec
(augpipe's own decoder at full size); sequential
(an augment.Processor in a loop under GOMAXPROCS=1, as --baseline); one
goroutine per image (a new augment.Processor each); a pool of goroutines each
running its own augment.Processor read to write; augpipe's pipeline (augment.RunFolder) at 1, 2, 4 ... 2 x CPUs workers and
reader/writer/buffer splits; Pillow sequential and pooled, seed
(blur-first) order and fit-first, when a python3 with Pillow is found.

Columns of the table:
`

// Options is what the command line asks for.
type Options struct {
	Corpus    string
	Synthetic int
	Size      string
	Seed      uint64
	Repeat    int
	Full      bool
	Quick     bool
	Only      string
	Out       string
	Python    string
	NoPillow  bool
	// Peers selects the peer comparison's modes (peers.go) instead of
	// the configurations.
	Peers string
	// Command is the command line, recorded in the results.
	Command []string
}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

// realMain parses args and runs the benchmark, or the hidden worker mode.
// It returns the exit status: 0 done, 1 failed, 2 usage error.
func realMain(args []string, stdout, stderr io.Writer) int {
	o := Options{Command: append([]string{"go run ./bench"}, args...)}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.Corpus, "corpus", "samples", "folder of images to run on (not searched recursively)")
	fs.IntVar(&o.Synthetic, "synthetic", 0, "instead of --corpus, generate `N` photo-like JPEGs (gradients, shapes, texture, noise) in a temporary folder")
	fs.StringVar(&o.Size, "size", "3000x2000", "size `WxH` of the --synthetic images")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed `S` of the --synthetic images: the same N, size and seed give the same files")
	fs.IntVar(&o.Repeat, "repeat", 3, "run each configuration `N` times (round-robin); the table shows the median, min and max")
	fs.BoolVar(&o.Full, "full", false, "run the whole sweep: the pool and Pillow's pool at every worker count, more reader/writer/buffer splits")
	fs.BoolVar(&o.Quick, "quick", false, "run only one configuration of each strategy (a smoke test)")
	fs.StringVar(&o.Only, "only", "", "keep only configurations whose names contain one of these comma-separated `WORDS` (e.g. \"pipeline,sequential\")")
	fs.StringVar(&o.Out, "out", "", "folder `DIR` for results.json, summary.md and charts (default bench/results/<UTC timestamp>)")
	fs.StringVar(&o.Python, "python", "", "`PYTHON` interpreter with Pillow (default: the first of python3, /usr/bin/python3 that can import PIL), or with --augment the one with torchvision and OpenCV (default /usr/bin/python3)")
	fs.BoolVar(&o.NoPillow, "no-pillow", false, "skip the Pillow configurations")
	fs.StringVar(&o.Peers, "peers", "", "instead of the configurations, compare augpipe with other programs: `MODES` from floor, vips, pillow, efficiency, or jpeg for all four")
	augmentMode := fs.Bool("augment", false, "run the augmentation benchmark instead: augpipe --recipe samples/recipes/imagenet.yaml --variants 5 on 2 workers against bench/augment_ref.py's torchvision and OpenCV (see bench/augment.go)")
	mode := fs.String("worker-mode", "", "run one strategy in this process (used by the benchmark itself)")
	job := fs.String("worker-job", "", "the job of --worker-mode, as JSON")
	_ = fs.MarkHidden("worker-mode")
	_ = fs.MarkHidden("worker-job")
	png := addPNGFlags(fs)
	help := fs.BoolP("help", "h", false, "show this help")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "bench: %v\nRun 'go run ./bench --help' for usage.\n", err)
		return 2
	}
	if *mode != "" {
		return workerMain(*mode, *job, stdout, stderr)
	}
	if *help {
		fs.SetOutput(stdout)
		fmt.Fprint(stdout, usageHead+columnHelp()+"\nFlags:\n")
		fs.PrintDefaults()
		return 0
	}
	if err := o.validate(fs.NArg()); err != nil {
		fmt.Fprintf(stderr, "bench: %v\nRun 'go run ./bench --help' for usage.\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *augmentMode {
		return augmentMain(ctx, o, stdout, stderr)
	}
	if png.on || png.inflate != "" {
		return runPNG(ctx, o, png, stdout, stderr)
	}
	prog := &progress{w: stderr, tty: isTerminal(stderr)}
	if o.Peers != "" {
		if err := runPeers(ctx, o, stdout, prog); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		return 0
	}
	res, dir, err := run(ctx, o, prog)
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	if err := writeTable(stdout, res); err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nresults: %s (results.json, summary.md, *.svg); took %s\n", dir, res.Duration.Round(1e9))
	return 0
}

func (o Options) validate(nargs int) error {
	switch {
	case nargs > 0:
		return fmt.Errorf("unexpected arguments: the corpus is given with --corpus")
	case o.Repeat < 1:
		return fmt.Errorf("--repeat %d: must be at least 1", o.Repeat)
	case o.Synthetic < 0:
		return fmt.Errorf("--synthetic %d: must be 0 or more", o.Synthetic)
	case o.Full && o.Quick:
		return fmt.Errorf("--full and --quick are exclusive")
	}
	_, _, err := parseSize(o.Size)
	return err
}

func (o Options) set() string {
	switch {
	case o.Full:
		return SetFull
	case o.Quick:
		return SetQuick
	}
	return SetDefault
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// pythonCandidates lists the interpreters to try for Pillow.
func (o Options) pythonCandidates() []string {
	if o.Python != "" {
		return []string{o.Python}
	}
	return []string{"python3", "/usr/bin/python3"}
}
