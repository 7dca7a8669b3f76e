package augment_test

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/augpipe/augpipe/augment"
)

// A Processor turns encoded bytes into the encoded output, with a record
// of what happened. Keep one per goroutine: its memory is reused.
func ExampleProcessor_Process() {
	cfg := augment.DefaultConfig()
	cfg.MaxSize = 600 // fit in 600x600
	p, err := augment.NewProcessor(cfg)
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"seeding-1920.jpg", "retina.jpg"} {
		data, err := os.ReadFile(filepath.Join("..", "samples", name))
		if err != nil {
			log.Fatal(err)
		}
		out, rec, err := p.Process(context.Background(), data)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %dx%d %s, decoded by %s -> %dx%d, %v JPEG bytes\n", name,
			rec.Width, rec.Height, rec.Format, rec.Decoder, rec.OutWidth, rec.OutHeight, len(out) > 0)
	}
	// Output:
	// seeding-1920.jpg: 1920x1080 jpeg, decoded by jpegdec 1/2 -> 600x338, true JPEG bytes
	// retina.jpg: 1411x1411 jpeg, decoded by jpegdec 1/2 -> 600x600, true JPEG bytes
}

// Run moves inputs through the reader, worker and writer stages. Here the
// inputs come from an fs.FS and the outputs go to a folder.
func ExampleRun() {
	inputs, _, err := augment.FindFS(context.Background(), os.DirFS(".."), "samples", augment.FindOptions{})
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.MkdirTemp("", "augpipe-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)

	cfg := augment.DefaultConfig()
	cfg.MaxSize = 300
	inputs = augment.CostliestFirst(context.Background(), cfg, inputs)
	rep, err := augment.Run(context.Background(), cfg, slices.Values(inputs), augment.DirSink{Dir: out}, augment.Hooks{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d written, %d failed\n", rep.Written, rep.Failed)
	// The records come in the order the inputs were taken: costliest first.
	for _, rec := range rep.Records {
		fmt.Printf("%s -> %s, %dx%d\n", rec.Input, filepath.Base(rec.Output), rec.OutWidth, rec.OutHeight)
	}
	// Output:
	// 5 written, 0 failed
	// samples/retina.jpg -> retina.jpg, 300x300
	// samples/seeding-1920.jpg -> seeding-1920.jpg, 300x169
	// samples/rocket.jpg -> rocket.jpg, 300x200
	// samples/chelsea.jpg -> chelsea.jpg, 300x200
	// samples/coffee.jpg -> coffee.jpg, 300x200
}

// A Step of the caller's runs on each worker's image after the built-in
// ones, and is timed and named in the record.
func ExampleStep() {
	grey := augment.Step{
		Name: "greyscale",
		Apply: func(_ context.Context, f *augment.Frame) error {
			f.Image = toGrey(f.Image)
			return nil
		},
	}
	cfg := augment.DefaultConfig()
	cfg.MaxSize = 200
	cfg.Steps = []augment.Step{grey}
	p, err := augment.NewProcessor(cfg)
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile("../samples/coffee.jpg")
	if err != nil {
		log.Fatal(err)
	}
	_, rec, err := p.Process(context.Background(), data)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rec.Steps {
		fmt.Println(s.Step)
	}
	// Output:
	// decode
	// thumbnail
	// blur
	// greyscale
	// encode
}

// toGrey returns img as an *image.Gray.
func toGrey(img image.Image) image.Image {
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}
