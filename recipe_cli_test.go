package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/cli"
	"github.com/augpipe/augpipe/internal/testimg"
)

// TestRecipeUsage checks that a bad recipe or a bad combination of the
// recipe flags is a usage error before any work, naming the flag, or the
// recipe's file and line.
func TestRecipeUsage(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 64, 48, 1)})
	good := filepath.Join(root, "good.yaml")
	testimg.WriteFile(t, good, []byte("ops:\n  - {op: hflip, p: 0.5}\n"))
	bad := filepath.Join(root, "bad.yaml")
	testimg.WriteFile(t, bad, []byte("ops:\n  - op: hflip\n    p: 2\n"))
	out := filepath.Join(root, "out")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"variants without a recipe", []string{in, "-o", out, "--variants", "2"}, "--variants above 1 needs a --recipe"},
		{"manifest without a recipe", []string{in, "-o", out, "--manifest", "m.jsonl"}, "--manifest lists what a recipe drew"},
		{"too many variants", []string{in, "-o", out, "--recipe", good, "--variants", "10001"}, "--variants 10001: it must be from 1 to 10000"},
		{"no variants", []string{in, "-o", out, "--recipe", good, "--variants", "0"}, "--variants 0"},
		{"recipe and blur", []string{in, "-o", out, "--recipe", good, "--blur", "3"}, "--blur is for the built-in blur"},
		{"recipe and baseline", []string{in, "-o", out, "--recipe", good, "--baseline"}, "--baseline is not available"},
		{"bad recipe", []string{in, "-o", out, "--recipe", bad}, "bad.yaml, line 3, column 8: hflip's \"p\" is 2"},
		{"missing recipe", []string{in, "-o", out, "--recipe", filepath.Join(root, "nope.yaml")}, "nope.yaml"},
		{"name without {variant}", []string{in, "-o", out, "--recipe", good, "--variants", "2", "--name", "{stem}.jpg"}, "--name"},
		{"replay with an input", []string{in, "-o", out, "--replay", "m.jsonl"}, "--replay takes its inputs from the manifest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, tc.args...)
			if r.code != cli.ExitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", r.code, r.stderr, cli.ExitUsage, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the output folder was made: work was done")
			}
		})
	}
}

// TestRecipeCommand runs the shipped ImageNet recipe with 3 variants and
// a manifest, then replays one line of it with --replay: the same bytes;
// and checks the report's per-step table names the recipe's operations.
func TestRecipeCommand(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 640, 480, 1), "sub/b.jpg": photo(t, 300, 400, 2)})
	out, man := filepath.Join(root, "out"), filepath.Join(root, "m.jsonl")
	recipe := filepath.Join(testimg.RepoRoot(t), "samples", "recipes", "imagenet.yaml")
	r := runCmd(t, in, "-r", "-o", out, "--recipe", recipe, "--variants", "3", "--seed", "42", "--manifest", man, "--workers", "2")
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"6 written, 0 failed", "random_resized_crop", "color_jitter", "gaussian_blur", "seed 42"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	outs := testimg.CompleteOutputs(t, out)
	if strings.Join(outs, " ") != "a_v1.jpg a_v2.jpg a_v3.jpg sub/b_v1.jpg sub/b_v2.jpg sub/b_v3.jpg" {
		t.Errorf("outputs %q", outs)
	}
	img := testimg.DecodeFile(t, filepath.Join(out, "sub", "b_v2.jpg"))
	if b := img.Bounds(); b.Dx() != 224 || b.Dy() != 224 {
		t.Errorf("output %dx%d, want 224x224", b.Dx(), b.Dy())
	}
	data, err := os.ReadFile(man)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	var lines [][]byte
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if len(lines) != 6 {
		t.Fatalf("%d manifest lines, want 6", len(lines))
	}
	one := filepath.Join(root, "one.jsonl")
	testimg.WriteFile(t, one, append(lines[4], '\n')) // sub/b_v2.jpg
	rep := filepath.Join(root, "replayed")
	if r := runCmd(t, "--replay", one, "-o", rep); r.code != cli.ExitOK {
		t.Fatalf("replay: exit %d\n%s", r.code, r.stderr)
	}
	got, err := os.ReadFile(filepath.Join(rep, "sub", "b_v2.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(filepath.Join(out, "sub", "b_v2.jpg"))
	if !bytes.Equal(got, want) {
		t.Error("--replay of sub/b_v2.jpg's line differs from the output")
	}
}
