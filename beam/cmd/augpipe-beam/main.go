// Command augpipe-beam runs augpipe's job on Apache Beam: every image an
// input pattern matches, on a local disk or in object storage, is blurred
// and thumbnailed as the augpipe command does it, to the same bytes and
// names, by the workers of a Beam runner.
//
//	augpipe-beam --input 's3://bucket/raw/**.jpg' --output s3://bucket/augmented/
//
// With no --runner the job runs on this machine, on Prism, in process.
// --runner dataflow, flink, spark or universal sends it to a cluster (see
// the README). The image settings are the command's: --blur, --order,
// --max-size, --size, --crop, --upscale, --keep-metadata, --quality,
// --subsampling, --max-pixels, --format, --name. --recipe FILE (read here, from a local
// path or object storage), --variants N, --seed S and --manifest PATH are
// the command's too: N outputs per image from a seeded chain of
// augmentations, and the manifest of what each drew, written whole at the
// end, the same bytes as the command's.
//
// Exit status: 0 when every input was written or up to date; 1 when some
// failed (each is a line of OUTPUT/_failed.jsonl); 2 when the job could
// not run (a bad flag, no input matches, the output cannot be written).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/beam/augbeam"
	"github.com/augpipe/augpipe/internal/cli"
)

func main() {
	os.Exit(run(os.Stdout, os.Stderr))
}

// run parses the flags with the standard flag package, as Beam's own
// options (--runner, --endpoint, --project...) are, builds the job and
// runs it, and returns the exit status.
func run(stdout, stderr io.Writer) int {
	cfg := augment.DefaultConfig()
	var j augbeam.Job
	flag.StringVar(&j.Input, "input", "", "images to process: a folder, or a `PATTERN` whose ** crosses folders (local, s3://, gs://)")
	flag.StringVar(&j.Output, "output", "", "`LOCATION`: the folder or prefix the outputs go under (local, s3://, gs://)")
	flag.BoolVar(&j.SkipExisting, "skip-existing", false, "leave alone an output made from the same input bytes with the same settings")
	flag.BoolVar(&j.Hidden, "hidden", false, "include files and folders whose names begin with a dot")
	flag.Float64Var(&cfg.Sigma, "blur", cfg.Sigma, "Gaussian blur standard deviation in input pixels; 0 turns blur off")
	flag.StringVar(&cfg.Order, "order", cfg.Order, "fit-first or blur-first")
	flag.IntVar(&cfg.MaxSize, "max-size", cfg.MaxSize, "side `N` of a square box, the same as --size NxN")
	flag.Var(cli.SizeFlag{W: &cfg.Width, H: &cfg.Height}, "size", "the `BOX` the thumbnail fits in, aspect kept: WxH, Wx or xH")
	flag.StringVar(&cfg.Crop, "crop", "", "none (default: fit in the box), centre or attention (fill it, crop)")
	flag.BoolVar(&cfg.Upscale, "upscale", false, "enlarge images smaller than the box")
	flag.BoolVar(&cfg.KeepMetadata, "keep-metadata", false, "copy EXIF, XMP and IPTC, made upright and resized")
	flag.IntVar(&cfg.Quality, "quality", cfg.Quality, "output JPEG quality, 1..100")
	flag.StringVar(&cfg.Subsampling, "subsampling", cfg.Subsampling, "JPEG chroma subsampling `S`: 420 (colour at half width and height) or 444 (full resolution, larger files)")
	flag.Int64Var(&cfg.MaxPixels, "max-pixels", cfg.MaxPixels, "refuse images whose header declares more pixels, before allocating")
	flag.StringVar(&cfg.Format, "format", "", "jpeg or png (by the --name extension when not given)")
	flag.IntVar(&cfg.Workers, "workers", cfg.Workers, "augment stages Prism runs at once (GOMAXPROCS); a cluster runner spreads each over its workers")
	flag.StringVar(&j.RecipeFile, "recipe", "", "augmentation recipe `FILE` (YAML or JSON; local, s3://, gs://): replaces the blur and the thumbnail")
	flag.IntVar(&cfg.Variants, "variants", 1, "`N` outputs per image with --recipe, 1..10000 (above 1, --name is {dir}/{stem}_v{variant}.jpg unless given)")
	flag.Uint64Var(&cfg.Seed, "seed", 0, "`S` seeds --recipe's draws, with each image's relative path and variant number")
	flag.StringVar(&j.Manifest, "manifest", "", "with --recipe, write what each output drew to `PATH` (JSON Lines, in path order; local, s3://, gs://)")
	flag.StringVar(&cfg.Name, "name", "", "output path `TEMPLATE` under --output: fields {dir}, {stem}, {ext}, {variant} (default {dir}/{stem}.jpg)")
	flag.Parse()
	// A worker started by a cluster runs the same binary: Init makes it a
	// worker and never returns.
	beam.Init()

	j.Config = cfg
	if j.Input == "" || j.Output == "" || flag.NArg() > 0 {
		fmt.Fprintln(stderr, "augpipe-beam: --input PATTERN and --output LOCATION are needed, and nothing else (see -help)")
		return 2
	}
	ctx := context.Background()
	if j.RecipeFile != "" {
		text, err := augbeam.ReadRecipe(ctx, j.RecipeFile)
		if err != nil {
			fmt.Fprintf(stderr, "augpipe-beam: %v\n", err)
			return 2
		}
		j.RecipeText = text
	}
	p, err := augbeam.Pipeline(j)
	if err != nil {
		fmt.Fprintf(stderr, "augpipe-beam: %v\n", err)
		return 2
	}
	imageCfg, _ := j.ImageConfig() // valid: Pipeline checked it
	start := time.Now()
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		fmt.Fprintf(stderr, "augpipe-beam: the job failed: %v\n", err)
		return 2
	}
	wall := time.Since(start)
	if res != nil {
		s := augbeam.Summarise(res.Metrics(), imageCfg)
		s.WriteText(stdout)
		fmt.Fprintf(stdout, "wall %s\n", wall.Round(time.Millisecond))
	}
	failed, err := augbeam.Failed(ctx, j.Output)
	if err != nil {
		fmt.Fprintf(stderr, "augpipe-beam: %v\n", err)
		return 2
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "augpipe-beam: %d files failed, listed in %s\n", failed, augbeam.FailedPath(j.Output))
		return 1
	}
	return 0
}
