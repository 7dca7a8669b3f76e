package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
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

// TestRunReference runs a stand-in for augment_ref.py through the
// interface the benchmark expects of it (the flags, the outputs under
// --out, one JSON object on stdout) and checks what is read back.
func TestRunReference(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "ref.sh")
	src := `while [ "$1" != "--out" ]; do shift; done; out=$2; shift 2
for f in "$@"; do for v in 1 2 3 4 5; do cp "$f" "$out/$(basename "$f" .jpg)_v$v.jpg"; done; done
echo 'starting'
echo '{"wall_s": 1.5, "cpu_s": 2.75, "decode_s": 1.25, "variants": 10}'
`
	if err := os.WriteFile(script, []byte(src), 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "a.jpg")
	if err := os.WriteFile(in, testimg.EncodeJPEG(t, testimg.PhotoLike(8, 8, 1), 90), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := runReference(context.Background(), "/bin/sh", script, "opencv", []string{in, in}, filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Wall != 1.5 || r.CPU != 2.75 || r.Decode != 1.25 || r.Outputs != 5 {
		t.Errorf("read %+v, want wall 1.5, cpu 2.75, decode 1.25 and the 5 outputs written", r)
	}
}
