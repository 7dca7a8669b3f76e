package augbeam

import (
	"bytes"
	"context"
	"fmt"

	"github.com/augpipe/augpipe/augment"
)

// Names of the files a job keeps in its output location, beside the
// outputs.
const (
	// FailedName holds one augment.Record a line (JSON Lines) for each
	// input that failed, sorted; it is empty when none did.
	FailedName = "_failed.jsonl"
	// ManifestName is the command's manifest (augment.ManifestName): how
	// each output was made, which SkipExisting checks.
	ManifestName = augment.ManifestName
)

// Job is what a Beam run of augpipe does: every image that Input matches,
// processed with Config's image settings, to the location Output.
// Config.Workers is the number of augment stages, which Prism runs at once;
// the other stage sizes are not used, and on a cluster the runner decides
// how many workers there are.
type Job struct {
	// Input is a Pattern: a local path, s3://bucket/prefix or
	// gs://bucket/prefix, its tail holding wildcards (** crosses folders).
	Input string
	// Output is the folder or prefix the outputs go under, named by
	// Config's Template relative to it.
	Output string
	// SkipExisting leaves alone an output that the output location's
	// manifest says was made from the same input bytes with the same
	// settings (augment.Fingerprint), and that is still there, unchanged.
	SkipExisting bool
	// Hidden includes files and folders whose names begin with a dot.
	Hidden bool
	// Config holds the image settings; it travels to the workers whole,
	// but for its Recipe, which comes from RecipeText.
	Config augment.Config
	// RecipeText, when not nil, is the text of the recipe (YAML or JSON,
	// augment.ParseRecipe) each input goes through in place of the blur
	// and the thumbnail, named RecipeFile in errors; Config.Variants and
	// Config.Seed say how many outputs each input gives and how their draws
	// are seeded. A parsed recipe cannot travel to the workers, its text
	// can: set this, not Config.Recipe.
	RecipeFile string
	RecipeText []byte
	// Manifest, when set, is the location (a local path, s3://... or
	// gs://...) a recipe job writes a line (augment.VariantLine) to for
	// each output, written or failed, when the job is done: the command's
	// manifest (augment.FolderJob.Manifest), the same bytes, in the order
	// of the inputs' relative paths and of the variants.
	Manifest string
}

// Validate reports the first setting that cannot be used: the image
// settings as a *augment.ConfigError, or a bad pattern or output.
func (j Job) Validate() error {
	if _, err := ParsePattern(j.Input); err != nil {
		return err
	}
	if j.Output == "" {
		return &augment.ConfigError{Field: "Output", Value: j.Output, Reason: "must be a folder or an object-storage prefix"}
	}
	cfg, err := j.ImageConfig()
	if err != nil {
		return err
	}
	// The command's rules: a manifest needs a recipe, a recipe refuses
	// SkipExisting, the image and recipe settings' ranges, the output
	// name's template.
	fj := augment.FolderJob{Inputs: []string{j.Input}, Output: j.Output, SkipExisting: j.SkipExisting,
		Manifest: j.Manifest, Config: cfg}
	return fj.Validate()
}

// ImageConfig returns Config with its Recipe parsed from RecipeText: the
// settings the workers use, as Summarise takes them.
func (j Job) ImageConfig() (augment.Config, error) {
	cfg := j.Config
	if j.RecipeText == nil {
		if cfg.Recipe != nil {
			return cfg, &augment.ConfigError{Field: "Recipe", Value: cfg.Recipe.File,
				Reason: "reaches the workers only as its text: give the text, not the parsed recipe"}
		}
		return cfg, nil
	}
	r, err := augment.ParseRecipe(j.RecipeFile, j.RecipeText)
	if err != nil {
		return cfg, err
	}
	cfg.Recipe = r
	return cfg, nil
}

// recordLine is rec as a line of FailedName.
func recordLine(rec augment.Record) string {
	b, err := rec.MarshalJSON()
	if err != nil {
		return fmt.Sprintf(`{"input":%q,"status":"failed","error":"record: %v"}`, rec.Input, err)
	}
	return string(b)
}

// failure is the record of in failing in step with err.
func failure(in, out, step string, err error) augment.Record {
	return augment.Record{Input: in, Output: out, Status: augment.StatusFailed, Err: &augment.StepError{Step: step, Err: err}}
}

// FailedPath returns the location of FailedName under output.
func FailedPath(output string) string { return join(output, FailedName) }

// Failed returns the number of lines of FailedName under output, once a
// job is done: the inputs that failed.
func Failed(ctx context.Context, output string) (int, error) {
	st, err := openStore(ctx, output)
	if err != nil {
		return 0, err
	}
	defer st.close()
	data, err := st.read(ctx, FailedPath(output))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", FailedPath(output), err)
	}
	return bytes.Count(data, []byte("\n")), nil
}

// ReadRecipe returns the text of the recipe at loc (a local path, s3://...
// or gs://...), for Job.RecipeText; augment.ParseRecipe refuses a text over
// augment.RecipeLimit.
func ReadRecipe(ctx context.Context, loc string) ([]byte, error) {
	st, err := openStore(ctx, loc)
	if err != nil {
		return nil, fmt.Errorf("recipe %s: %w", loc, err)
	}
	defer st.close()
	data, err := st.read(ctx, loc)
	if err != nil {
		return nil, fmt.Errorf("recipe %s: %w", loc, err)
	}
	return data, nil
}
