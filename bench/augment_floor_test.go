package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFloorLines checks what the benchmark says of the target against
// libjpeg-turbo's decode: the wall and CPU the target allows, djpeg's CPU
// less its start-up, and the verdict only when the target is below it.
func TestFloorLines(t *testing.T) {
	floor := func(scale, eighth float64) map[string][]augmentRun {
		return map[string][]augmentRun{
			floorRecipe:  {{CPU: scale}, {CPU: scale}, {CPU: scale + 9}},
			floorEighth:  {{CPU: eighth}},
			floorStartup: {{CPU: 0.1}},
		}
	}
	for _, tc := range []struct {
		name    string
		runs    map[string][]augmentRun
		fastest float64
		want    []string
		below   bool
	}{
		{"below", floor(1.1, 1.2), 0.9, []string{
			"start-up (0.10s): 1.00s at the recipe's scales, 1.10s at 1/8",
			"the target (3x opencv's 0.90s) allows 0.300s of wall, 0.60s of CPU on 2 CPUs: 0.60x of djpeg's decode alone",
		}, true},
		{"above", floor(1.1, 1.2), 3.3, []string{"allows 1.100s of wall, 2.20s of CPU on 2 CPUs: 2.20x"}, false},
		{"no floor", map[string][]augmentRun{}, 0.9, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			writeFloorLines(&b, tc.runs, tc.fastest, "opencv")
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("lines lack %q:\n%s", w, b.String())
				}
			}
			if got := strings.Contains(b.String(), "below the decode floor"); got != tc.below {
				t.Errorf("verdict below the floor = %v, want %v:\n%s", got, tc.below, b.String())
			}
			if tc.want == nil && b.Len() > 0 {
				t.Errorf("printed %q without a floor", b.String())
			}
		})
	}
}

// TestManifestScales reads each JPEG input's decode scale once from a
// manifest with several variants per input; a scale of 0 (no
// shrink-on-load) is 1, and a PNG is left out.
func TestManifestScales(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.jsonl")
	data := `{"input":"/c/a.jpg","format":"jpeg","scale":2,"variant":1}
{"input":"/c/a.jpg","format":"jpeg","scale":2,"variant":2}
{"input":"/c/b.png","format":"png","scale":2,"variant":1}
{"input":"/c/d.jpg","format":"jpeg","variant":1}
{"input":"/c/c.jpg","format":"jpeg","scale":4,"variant":1}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := manifestScales(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []jpegScale{{"/c/a.jpg", 2}, {"/c/d.jpg", 1}, {"/c/c.jpg", 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scales = %v, want %v", got, want)
	}
	if err := os.WriteFile(path, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := manifestScales(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("a broken manifest gave %v, want an error naming it", err)
	}
}
