package augbeam_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/beam/augbeam"
	"github.com/augpipe/augpipe/internal/testimg"
)

// TestRecipeVariantsLikeTheCommand runs a recipe job (samples/ through
// samples/recipes/imagenet.yaml, 3 variants, seed 7) on Prism in process,
// into the same output folder and manifest path the command's run used:
// every variant and the manifest are the command's, to the byte.
func TestRecipeVariantsLikeTheCommand(t *testing.T) {
	root := testimg.RepoRoot(t)
	samples := filepath.Join(root, "samples")
	recipeFile := filepath.Join(samples, "recipes", "imagenet.yaml")
	text, err := os.ReadFile(recipeFile)
	if err != nil {
		t.Fatal(err)
	}
	recipe, err := augment.ParseRecipe(recipeFile, text)
	if err != nil {
		t.Fatal(err)
	}
	cfg := augment.DefaultConfig()
	cfg.Variants, cfg.Seed = 3, 7
	dir := t.TempDir()
	out, manifest := filepath.Join(dir, "out"), filepath.Join(dir, "manifest.jsonl")

	cmdCfg := cfg
	cmdCfg.Recipe = recipe
	if _, err := augment.RunFolder(t.Context(), augment.FolderJob{
		Inputs: []string{samples}, Output: out, Recursive: true, Manifest: manifest, Config: cmdCfg,
	}, augment.Hooks{}); err != nil {
		t.Fatal(err)
	}
	want := outputs(t, out)
	wantMan, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(manifest); err != nil {
		t.Fatal(err)
	}

	sum := runJob(t, augbeam.Job{Input: samples, Output: out, Config: cfg,
		RecipeFile: recipeFile, RecipeText: text, Manifest: manifest})
	got := outputs(t, out)
	sameOutputs(t, want, got)
	if n := strings.Count(string(wantMan), "\n"); len(want) != n || n%3 != 0 {
		t.Errorf("the command wrote %d outputs and %d manifest lines; want the same number, 3 per photo", len(want), n)
	}
	for name := range want {
		if !strings.Contains(name, "_v") {
			t.Errorf("%s: not a variant's name ({dir}/{stem}_v{variant}.jpg)", name)
		}
	}
	gotMan, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if string(gotMan) != string(wantMan) {
		t.Errorf("manifest: not the command's bytes\n got: %s\nwant: %s", gotMan, wantMan)
	}
	if sum.Counts[augbeam.MetricWritten] != int64(len(want)) || sum.Counts[augbeam.MetricFailed] != 0 {
		t.Errorf("metrics: %v; want %d written, none failed", sum.Counts, len(want))
	}
}

// TestRecipeJobRefused checks a recipe job's settings by the command's
// rules before any work.
func TestRecipeJobRefused(t *testing.T) {
	samples := filepath.Join(testimg.RepoRoot(t), "samples")
	text, err := os.ReadFile(filepath.Join(samples, "recipes", "imagenet.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	recipe, _ := augment.ParseRecipe("imagenet.yaml", text)
	for _, tc := range []struct {
		name  string
		edit  func(*augbeam.Job)
		field string
	}{
		{"variants without a recipe", func(j *augbeam.Job) { j.RecipeText, j.Config.Variants = nil, 2 }, "Variants"},
		{"too many variants", func(j *augbeam.Job) { j.Config.Variants = augment.VariantsLimit + 1 }, "Variants"},
		{"a manifest without a recipe", func(j *augbeam.Job) { j.RecipeText, j.Manifest = nil, "m.jsonl" }, "Manifest"},
		{"a parsed recipe, no text", func(j *augbeam.Job) { j.RecipeText, j.Config.Recipe = nil, recipe }, "Recipe"},
		{"skip-existing with a recipe", func(j *augbeam.Job) { j.SkipExisting = true }, "SkipExisting"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := augbeam.Job{Input: samples, Output: t.TempDir(), Config: augment.DefaultConfig(),
				RecipeFile: "imagenet.yaml", RecipeText: text}
			j.Config.Variants = 3
			tc.edit(&j)
			var ce *augment.ConfigError
			if err := j.Validate(); !errors.As(err, &ce) || ce.Field != tc.field {
				t.Errorf("Validate: %v; want a ConfigError on %s", err, tc.field)
			}
		})
	}
	bad := augbeam.Job{Input: samples, Output: t.TempDir(), Config: augment.DefaultConfig(),
		RecipeFile: "bad.yaml", RecipeText: []byte("ops:\n  - op: nope\n")}
	var re *augment.RecipeError
	if err := bad.Validate(); !errors.As(err, &re) || re.Line == 0 {
		t.Errorf("Validate of an unknown operation: %v; want a RecipeError naming its line", err)
	}
}
