package augment

import (
	"context"
	"testing"
)

// BenchmarkRecipeVariants makes 5 variants of every photo of
// AUGPIPE_CORPUS (default: samples/) under samples/recipes/imagenet.yaml
// at quality 90, one Processor reused, no file I/O: the work of one of
// the command's workers in the training-set job. Use it with
// -cpuprofile to see where the time goes; cpu-ms/variant is per output.
func BenchmarkRecipeVariants(b *testing.B) {
	paths, files := benchPhotos(b)
	recipe, err := LoadRecipe("../samples/recipes/imagenet.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Recipe, cfg.Variants, cfg.Quality = recipe, 5, 90
	p, err := NewProcessor(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	variants := 0
	cpu0 := cpuTime()
	for b.Loop() {
		for i, data := range files {
			err := p.ProcessVariants(context.Background(), data, paths[i], 5, func(int, []byte, VariantLine) bool {
				variants++
				return true
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(variants), "cpu-ms/variant")
}
