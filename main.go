// Command augpipe writes a blurred thumbnail of every photo in a folder,
// on a parallel pipeline of reader, worker and writer stages, and reports
// where the time went.
//
//	augpipe [flags] INPUT...
//	augpipe [flags] --files-from FILE [INPUT...]
//
// Run 'augpipe --help' for the flags.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	flag "github.com/spf13/pflag"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/internal/cli"
)

const usageHead = `augpipe: a Gaussian blur and a thumbnail for every photo in a folder, in parallel.

Usage:
  augpipe [flags] INPUT...
  augpipe [flags] --files-from FILE [INPUT...]

Each INPUT is a folder, an image file or a quoted glob pattern ('shots/*.JPG').
For each image they name (JPEG, PNG, GIF, BMP, TIFF, WebP), augpipe writes
OUT/<relative path>.jpg (see --name and --format): turned upright by its EXIF
orientation, blurred with a Gaussian of standard deviation --blur (in input
pixels), and shrunk to fit a --max-size x --max-size box or the --size box
(aspect kept, never enlarged unless --upscale), or to fill it exactly with
--crop. The relative path is the image's path under its folder INPUT, its
base name for a file INPUT, its path under the pattern's leading folder for a
pattern, and its path under --base for --files-from. By default (--order
fit-first) it shrinks first and blurs the thumbnail with sigma scaled to it,
which looks the same as blurring first at a fraction of the cost; --order
blur-first blurs the full-size image first. It then prints a report of the
time spent per step and per pipeline stage.

Exit status: 0 all written (or no images found), 1 some files failed or
the JSON report could not be written, 2 usage error or unusable folder
(nothing done), 130/143 interrupted.

Flags:
`

// helpWidth is the width --help wraps the flags' descriptions to.
const helpWidth = 100

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the command line, runs the command and returns its exit
// status.
func run(args []string, stdout, stderr *os.File) int {
	c, status, ok := parse(args, stdout, stderr)
	if !ok {
		return status
	}
	return c.Main(stdout, stderr)
}

// parse turns the command line into the command to run. When there is
// nothing to run (--help, a usage error) it prints what is called for and
// returns ok false with the exit status.
func parse(args []string, stdout, stderr io.Writer) (c cli.CLI, status int, ok bool) {
	c = cli.CLI{FolderJob: augment.FolderJob{Output: "augmented", Config: augment.DefaultConfig()}}
	fs := newFlags(&c)
	if err := fs.Parse(args); err != nil {
		cli.Fail(stderr, cli.LogFormatIn(args), err.Error(), true)
		return c, cli.ExitUsage, false
	}
	if help, _ := fs.GetBool("help"); help {
		fmt.Fprint(stdout, usageHead+fs.FlagUsagesWrapped(helpWidth))
		return c, cli.ExitOK, false
	}
	if version, _ := fs.GetBool("version"); version {
		fmt.Fprintln(stdout, cli.Version(debug.ReadBuildInfo()))
		return c, cli.ExitOK, false
	}
	if fs.Changed("size") && fs.Changed("max-size") {
		cli.Fail(stderr, c.LogFormat, "--size and --max-size both set the box: give one", true)
		return c, cli.ExitUsage, false
	}
	if c.Replay != "" {
		if fs.NArg() > 0 || c.FilesFrom != "" {
			cli.Fail(stderr, c.LogFormat, "--replay takes its inputs from the manifest lines: give no INPUT", true)
			return c, cli.ExitUsage, false
		}
		return c, cli.ExitOK, true
	}
	if msg := c.RecipeFlags(fs.Changed); msg != "" {
		cli.Fail(stderr, c.LogFormat, msg, true)
		return c, cli.ExitUsage, false
	}
	if fs.NArg() == 0 && c.FilesFrom == "" {
		cli.Fail(stderr, c.LogFormat, "expected an INPUT (a folder, a file or a pattern) or --files-from, got neither", true)
		return c, cli.ExitUsage, false
	}
	if msg := inputFlagsError(fs); msg != "" {
		cli.Fail(stderr, c.LogFormat, msg, true)
		return c, cli.ExitUsage, false
	}
	c.Inputs = fs.Args()
	return c, cli.ExitOK, true
}

// inputFlagsError says what is wrong with the input flags given together,
// or returns "".
func inputFlagsError(fs *flag.FlagSet) string {
	set := func(name string) bool { return fs.Changed(name) }
	switch {
	case set("null") && !set("files-from"):
		return "-0/--null is for --files-from"
	case set("base") && !set("files-from"):
		return "--base is for --files-from"
	case set("dry-run") && set("report"):
		return "--dry-run writes nothing, --report included: leave one out"
	}
	return ""
}

// newFlags returns the command's flags, each setting its field of c, with
// c's values as the defaults (but for the flags whose default is fixed).
func newFlags(c *cli.CLI) *flag.FlagSet {
	fs := flag.NewFlagSet("augpipe", flag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(io.Discard)
	fs.StringVarP(&c.Output, "out", "o", c.Output, "output `DIR`, created if needed; never an input file")
	fs.StringVar(&c.FilesFrom, "files-from", "", "also take the image files listed in `FILE` (- for stdin), one a line")
	fs.BoolVarP(&c.Null, "null", "0", false, "--files-from entries end with NUL, not newline (find -print0)")
	fs.StringVar(&c.Base, "base", "", "--files-from outputs are named by the path under `DIR` (default: .)")
	fs.StringVar(&c.Name, "name", "", "output path `TEMPLATE` (default {dir}/{stem}.jpg; also {ext}, {variant})")
	fs.StringVar(&c.Format, "format", "", "output `FORMAT`: jpeg or png (default: by the --name extension)")
	fs.BoolVar(&c.DryRun, "dry-run", false, "list each input, its output or why it is skipped; write nothing")
	fs.BoolVarP(&c.Recursive, "recursive", "r", false, "descend into sub-folders (never into the output folder)")
	fs.BoolVar(&c.Hidden, "hidden", false, "include files and folders whose names begin with a dot")
	fs.BoolVar(&c.SkipExisting, "skip-existing", false, "leave alone an output made from the same input bytes and settings")
	fs.Float64Var(&c.Sigma, "blur", c.Sigma, "Gaussian blur standard deviation `SIGMA`, in pixels of the input image; 0 turns blur off")
	fs.StringVar(&c.Order, "order", c.Order, "`ORDER` of the two steps: fit-first (thumbnail, then blur with sigma scaled to the thumbnail; same look, far faster) or blur-first (blur the full-size image, then thumbnail)")
	fs.IntVar(&c.MaxSize, "max-size", c.MaxSize, "side `N` of a square box: the same as --size NxN")
	fs.Var(cli.SizeFlag{W: &c.Width, H: &c.Height}, "size", "`BOX` the thumbnail fits in, aspect kept: WxH, or Wx or xH for one side")
	fs.StringVar(&c.Crop, "crop", "", "`HOW`: none (default: fit in the box), centre or attention (fill it, crop)")
	fs.BoolVar(&c.Upscale, "upscale", false, "enlarge images smaller than the box (default: never enlarged)")
	fs.BoolVar(&c.KeepMetadata, "keep-metadata", false, "copy EXIF, XMP and IPTC (made upright and resized, no thumbnail)")
	fs.IntVar(&c.Quality, "quality", c.Quality, "output JPEG quality `Q`, 1..100")
	fs.StringVar(&c.Subsampling, "subsampling", c.Subsampling, "JPEG chroma subsampling `S`: 420 (colour at half width and height) or 444 (full resolution, larger files)")
	fs.StringVar(&c.RecipeFile, "recipe", "", "augmentation recipe `FILE` (YAML or JSON; see the README): replaces the blur and the thumbnail")
	fs.IntVar(&c.Variants, "variants", 1, "`N` outputs per image with --recipe, 1..10000 (above 1, --name is {dir}/{stem}_v{variant}.jpg unless given)")
	fs.Uint64Var(&c.Seed, "seed", 0, "`S` seeds --recipe's draws, with each image's relative path and variant number")
	fs.StringVar(&c.Manifest, "manifest", "", "with --recipe, write what each output drew to `FILE` (JSON Lines, in path order)")
	fs.StringVar(&c.Replay, "replay", "", "make again, under --out, the outputs of the lines of manifest `FILE` (- for stdin); no INPUT")
	fs.Int64Var(&c.MaxPixels, "max-pixels", c.MaxPixels, "refuse images whose header declares more than `N` pixels (decompression bombs)")
	fs.StringVar(&c.FailOn, "fail-on", c.FailOn, "`WHAT` fails a file: error (damaged or truncated data) or none (a damaged JPEG, PNG or GIF is written from what could be decoded, the rest repeating its last row, and reported as damaged)")
	fs.IntVar(&c.Readers, "readers", c.Readers, "`N` goroutines reading files (I/O only)")
	fs.IntVar(&c.Workers, "workers", c.Workers, "`N` goroutines decoding, blurring, thumbnailing and encoding")
	fs.IntVar(&c.Writers, "writers", c.Writers, "`N` goroutines writing outputs (atomic write: temp file, sync, rename)")
	fs.IntVar(&c.Buffer, "buffer", c.Buffer, "capacity `N` of each channel between stages, in images")
	fs.BoolVar(&c.Baseline, "baseline", false, "first run the same work sequentially (one goroutine, GOMAXPROCS=1) and report the speedup")
	fs.StringVar(&c.ReportPath, "report", "", "write a JSON report (configuration, machine, timings, one record per file) to `FILE`; - is stdout")
	fs.StringVar(&c.LogFormat, "log-format", "console", "log `FORMAT` on stderr: console or json")
	fs.BoolVarP(&c.Verbose, "verbose", "v", false, "log every file")
	fs.BoolVarP(&c.Quiet, "quiet", "q", false, "print errors only (no report, no progress bar)")
	fs.BoolP("help", "h", false, "show this help")
	fs.Bool("version", false, "print the version and the VCS revision augpipe was built from")
	for _, name := range []string{"workers", "buffer"} { // the default, not this machine's value
		fs.Lookup(name).DefValue = "GOMAXPROCS"
	}
	return fs
}
