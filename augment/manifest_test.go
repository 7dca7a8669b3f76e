package augment

import (
	"strings"
	"testing"
)

// TestReadManifest reads the lines of a manifest as a later run would: bad
// lines and a last line cut short are left out, the last entry of an output
// wins, and names are keyed without regard to case.
func TestReadManifest(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]string // lower-case name -> settings
	}{
		{"empty", "", map[string]string{}},
		{"one", `{"output":"a.jpg","settings":"s1"}` + "\n", map[string]string{"a.jpg": "s1"}},
		{"cut short", `{"output":"a.jpg","settings":"s1"}` + "\n" + `{"output":"b.jpg","settings":"s2"}`, map[string]string{"a.jpg": "s1"}},
		{"bad line", "not json\n" + `{"output":"b.jpg","settings":"s2"}` + "\n", map[string]string{"b.jpg": "s2"}},
		{"no output", `{"settings":"s2"}` + "\n", map[string]string{}},
		{"last wins", `{"output":"A.jpg","settings":"s1"}` + "\n" + `{"output":"a.JPG","settings":"s2"}` + "\n", map[string]string{"a.jpg": "s2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadManifest(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%d entries %v, want %v", len(got), got, tt.want)
			}
			for k, s := range tt.want {
				if got[k].Settings != s {
					t.Errorf("%s: settings %q, want %q", k, got[k].Settings, s)
				}
			}
		})
	}
}

// TestConfigTemplate checks the template a caller gets is the one Run
// names outputs with, PNG's default included.
func TestConfigTemplate(t *testing.T) {
	tests := []struct{ name, format, want string }{
		{"", "", DefaultName},
		{"", FormatPNG, "{dir}/{stem}.png"},
		{"small/{stem}.jpg", "", "small/{stem}.jpg"},
	}
	for _, tt := range tests {
		cfg := DefaultConfig()
		cfg.Name, cfg.Format = tt.name, tt.format
		tm, err := cfg.Template()
		if err != nil || tm.String() != tt.want {
			t.Errorf("Name %q, Format %q: %v, %v; want %s", tt.name, tt.format, tm, err, tt.want)
		}
	}
	cfg := DefaultConfig()
	cfg.Name = "{nope}.jpg"
	if _, err := cfg.Template(); err == nil {
		t.Error("a bad template gave no error")
	}
}
