package augment

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
)

// A Recipe is a chain of augmentations, each applied with a probability and
// with parameters drawn from ranges: what a training set's data loader
// would do to each photo (torchvision's transforms, albumentations'
// Compose). Config.Recipe, when set, replaces the built-in blur and
// thumbnail with it, and Config.Variants says how many outputs each input
// gives, each drawing its parameters from its own seeded stream (see
// VariantSeed).
//
// A Recipe is read from YAML (or JSON, which is YAML) by ParseRecipe or
// LoadRecipe, which check every value before any work; the README
// documents the format. A Recipe is not modified once parsed and may be
// shared by any number of goroutines.
type Recipe struct {
	// File names the recipe in errors and reports.
	File string `json:"file"`
	// SHA256 is the hex SHA-256 of the recipe's text: two runs with the
	// same recipe text, seed and inputs make the same outputs.
	SHA256 string `json:"sha256"`
	// Quality, when not 0, is the output JPEG quality (1..100), in place of
	// Config.Quality.
	Quality int `json:"quality,omitempty"`

	ops []recipeOp
}

// RecipeLimit bounds the size of a recipe's text, and OpsLimit the number
// of its operations: a chain a thousand operations long is no recipe
// anyone writes, and refusing it keeps a hostile file from making every
// variant slow.
const (
	RecipeLimit = 1 << 20
	OpsLimit    = 1000
)

// VariantsLimit is the most variants per input Config.Variants allows.
const VariantsLimit = 10000

// A RecipeError is a problem with a recipe, found before any work: an
// unknown operation or key, a value of the wrong kind, a range whose least
// value is above its greatest, a number that is not finite, a probability
// outside 0..1, a size above SideLimit.
type RecipeError struct {
	// File names the recipe; Line and Column say where in it the value
	// is (1-based; 0 when the problem is the file as a whole).
	File         string
	Line, Column int
	// Problem says what is wrong, and what would be right.
	Problem string
}

func (e *RecipeError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("recipe %s: %s", e.File, e.Problem)
	}
	return fmt.Sprintf("recipe %s, line %d, column %d: %s", e.File, e.Line, e.Column, e.Problem)
}

// LoadRecipe reads and parses the recipe in the file at path.
func LoadRecipe(path string) (*Recipe, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("recipe: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("recipe: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, &RecipeError{File: path, Problem: "is not a regular file"}
	}
	if st.Size() > RecipeLimit {
		return nil, &RecipeError{File: path, Problem: fmt.Sprintf("is %d bytes, over the limit of %d", st.Size(), RecipeLimit)}
	}
	data, err := io.ReadAll(io.LimitReader(f, RecipeLimit+1))
	if err != nil {
		return nil, fmt.Errorf("recipe %s: %w", path, err)
	}
	return ParseRecipe(path, data)
}

// ParseRecipe parses the recipe text data, named file in errors. It
// returns a *RecipeError naming the line of the first problem.
func ParseRecipe(file string, data []byte) (*Recipe, error) {
	if len(data) > RecipeLimit {
		return nil, &RecipeError{File: file, Problem: fmt.Sprintf("is %d bytes, over the limit of %d", len(data), RecipeLimit)}
	}
	r, err := parseRecipe(file, data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	r.File, r.SHA256 = file, hex.EncodeToString(sum[:])
	return r, nil
}

// OpNames returns the names of the recipe's operations, each once, in the
// order they first come: the steps reports time them under.
func (r *Recipe) OpNames() []string {
	var names []string
	seen := make(map[string]bool)
	for _, op := range r.ops {
		if n := op.common().name; !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// largestSize returns the largest size, in pixels, that an operation of
// the recipe resizes or crops to.
func (r *Recipe) largestSize() (w, h int) {
	for _, op := range r.ops {
		var ow, oh int
		switch o := op.(type) {
		case *resizeOp:
			ow, oh = o.w, o.h
		case *randomResizedCropOp:
			ow, oh = o.w, o.h
		case *cropOp:
			ow, oh = o.w, o.h
		}
		if int64(ow)*int64(oh) > int64(w)*int64(h) {
			w, h = ow, oh
		}
	}
	return w, h
}

// validateRecipe checks the recipe settings of c.
func (c Config) validateRecipe() error {
	switch {
	case c.Variants < 0 || c.Variants > VariantsLimit:
		return &ConfigError{Field: "Variants", Value: c.Variants, Reason: fmt.Sprintf("must be from 1 to %d", VariantsLimit)}
	case c.Variants > 1 && c.Recipe == nil:
		return &ConfigError{Field: "Variants", Value: c.Variants, Reason: "above 1 needs a recipe: without one every variant would be the same"}
	case c.Recipe != nil && len(c.Recipe.ops) == 0:
		return &ConfigError{Field: "Recipe", Reason: "has no operations: make it with ParseRecipe or LoadRecipe"}
	}
	if c.Recipe != nil {
		if w, h := c.Recipe.largestSize(); int64(w)*int64(h) > c.MaxPixels {
			return &ConfigError{Field: "Recipe", Value: c.Recipe.File, Reason: fmt.Sprintf(
				"makes images of %dx%d, over the limit of %d pixels that inputs have (MaxPixels)", w, h, c.MaxPixels)}
		}
	}
	if c.Variants > 1 {
		t, err := c.template()
		if err != nil {
			return err
		}
		if !t.hasField("variant") {
			return &ConfigError{Field: "Name", Value: t.String(), Reason: "must contain {variant} when each input gives more than one variant"}
		}
	}
	return nil
}

// recipeStep reports whether name is an operation of c's recipe.
func (c Config) recipeStep(name string) bool {
	return c.Recipe != nil && slices.Contains(c.Recipe.OpNames(), name)
}

// variants is the number of outputs each input gives.
func (c Config) variants() int { return max(c.Variants, 1) }
