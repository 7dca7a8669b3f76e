package augment_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/augpipe/augpipe/augment"
)

// A recipe is checked whole before any work; an error names its line.
func ExampleParseRecipe() {
	_, err := augment.ParseRecipe("mine.yaml", []byte(`ops:
  - op: random_resized_crop
    size: 224
  - op: gaussian_blur
    sigma: [2.0, 0.1]
`))
	fmt.Println(err)
	// Output:
	// recipe mine.yaml, line 5, column 12: gaussian_blur's "sigma" is a bad range: its least value 2 is above its greatest 0.1
}

// ProcessVariants decodes an input once and passes on each variant as it
// is made, with the manifest line that replays it.
func ExampleProcessor_ProcessVariants() {
	recipe, err := augment.LoadRecipe(filepath.Join("..", "samples", "recipes", "imagenet.yaml"))
	if err != nil {
		log.Fatal(err)
	}
	cfg := augment.DefaultConfig()
	cfg.Recipe, cfg.Seed = recipe, 42
	p, err := augment.NewProcessor(cfg)
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "samples", "coffee.jpg"))
	if err != nil {
		log.Fatal(err)
	}
	err = p.ProcessVariants(context.Background(), data, "coffee.jpg", 3, func(k int, out []byte, line augment.VariantLine) bool {
		again, err := augment.Replay(context.Background(), line, data)
		fmt.Printf("variant %d: %dx%d, first op %s, replays the same: %v\n", k,
			line.Record.OutWidth, line.Record.OutHeight, line.Ops[0].Do, err == nil && string(again) == string(out))
		return true
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// variant 1: 224x224, first op resized_crop, replays the same: true
	// variant 2: 224x224, first op resized_crop, replays the same: true
	// variant 3: 224x224, first op resized_crop, replays the same: true
}
