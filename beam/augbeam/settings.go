package augbeam

import (
	"encoding/json"
	"fmt"

	"github.com/augpipe/augpipe/augment"
)

// Settings is an augment.Config as it travels to the workers in a DoFn's
// fields: its JSON, with the text of its recipe. Beam encodes a DoFn's
// exported fields and registers their types as schemas, which a Config's
// Steps (Go functions) cannot be; every other field of a Config, present
// or added later, passes through unchanged. Steps of the caller's own
// cannot reach a worker. A parsed *augment.Recipe has no JSON form of its
// operations, so the recipe travels as its text and each worker parses it
// again with augment.ParseRecipe: the same text, the same recipe.
type Settings string

// settingsJSON is the JSON a Settings holds.
type settingsJSON struct {
	Config augment.Config `json:"config"`
	// RecipeFile and Recipe are the recipe's name and text, when there is
	// one.
	RecipeFile string `json:"recipe_file,omitempty"`
	Recipe     []byte `json:"recipe,omitempty"`
}

// SettingsOf returns the Settings of cfg and of the recipe text recipe,
// named file, which cfg.Recipe was parsed from (nil when cfg has none).
func SettingsOf(cfg augment.Config, file string, recipe []byte) Settings {
	cfg.Recipe = nil
	b, err := json.Marshal(settingsJSON{Config: cfg, RecipeFile: file, Recipe: recipe})
	if err != nil {
		panic(fmt.Sprintf("augbeam: a Config's JSON fields are plain values: %v", err))
	}
	return Settings(b)
}

// Config returns the Config s holds, its recipe parsed.
func (s Settings) Config() (augment.Config, error) {
	var j settingsJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return j.Config, fmt.Errorf("image settings: %w", err)
	}
	if j.Recipe != nil {
		r, err := augment.ParseRecipe(j.RecipeFile, j.Recipe)
		if err != nil {
			return j.Config, err
		}
		j.Config.Recipe = r
	}
	return j.Config, nil
}

// template returns the Template that names the outputs under s.
func (s Settings) template() (augment.Template, error) {
	cfg, err := s.Config()
	if err != nil {
		return augment.Template{}, err
	}
	return cfg.Template()
}
