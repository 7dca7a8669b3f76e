package main

import (
	"strings"
	"testing"
)

// TestAugmentTable checks the augmentation benchmark's verdict: medians of
// the alternated runs, the ratio of each reference's wall time to
// augpipe's, and the 3x target against the faster reference.
func TestAugmentTable(t *testing.T) {
	runs := map[string][]augmentRun{
		"augpipe":     {{Wall: 1, CPU: 2, Decode: 1}, {Wall: 9, CPU: 2, Decode: 1}, {Wall: 2, CPU: 2, Decode: 1}},
		"torchvision": {{Wall: 8, CPU: 16, Decode: 4}, {Wall: 8, CPU: 16, Decode: 4}, {Wall: 8, CPU: 16, Decode: 4}},
		"opencv":      {{Wall: 5, CPU: 10, Decode: 5}, {Wall: 5, CPU: 10, Decode: 5}, {Wall: 4, CPU: 10, Decode: 5}},
	}
	var b strings.Builder
	o := Options{Corpus: "c", Repeat: 3}
	if err := writeAugmentTable(&b, o, 2, []string{"augpipe", "torchvision", "opencv"}, runs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"2 photos in c x 5 variants = 10 JPEGs",
		"augpipe vs torchvision: 4.00x faster",
		"augpipe vs opencv: 2.50x faster",
		"against the faster reference (opencv): 2.50x; target 3x: NOT met",
		"200.0", // augpipe's median wall per variant, 2 s over 10, in ms
		"50%",   // opencv's decode share of its CPU time
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
