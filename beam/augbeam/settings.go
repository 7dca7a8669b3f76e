package augbeam

import (
	"encoding/json"
	"fmt"

	"github.com/augpipe/augpipe/augment"
)

// Settings is an augment.Config as it travels to the workers in a DoFn's
// fields: its JSON. Beam encodes a DoFn's exported fields and registers
// their types as schemas, which a Config's Steps (Go functions) cannot be;
// every other field of a Config, present or added later, passes through
// unchanged. Steps of the caller's own cannot reach a worker.
type Settings string

// SettingsOf returns cfg's Settings.
func SettingsOf(cfg augment.Config) Settings {
	b, err := json.Marshal(cfg)
	if err != nil {
		panic(fmt.Sprintf("augbeam: a Config's JSON fields are plain values: %v", err))
	}
	return Settings(b)
}

// Config returns the Config s holds.
func (s Settings) Config() (augment.Config, error) {
	var cfg augment.Config
	if err := json.Unmarshal([]byte(s), &cfg); err != nil {
		return cfg, fmt.Errorf("image settings: %w", err)
	}
	return cfg, nil
}

// template returns the Template that names the outputs under s.
func (s Settings) template() (augment.Template, error) {
	cfg, err := s.Config()
	if err != nil {
		return augment.Template{}, err
	}
	return cfg.Template()
}
