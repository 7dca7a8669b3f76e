package augbeam

import "testing"

// TestPattern checks how an input splits into its literal folder and its
// glob, and what the glob matches: ** across folders, * and ? within one
// element, classes as filepath.Match has them.
func TestPattern(t *testing.T) {
	tests := []struct {
		text, prefix string
		match, miss  []string
	}{
		{"s3://b/raw/**.jpg", "s3://b/raw/", []string{"a.jpg", "2024/b.jpg", "x/y/z.jpg"}, []string{"a.png", "a.JPG", "a.jpg/x"}},
		{"s3://b/raw/*.jpg", "s3://b/raw/", []string{"a.jpg"}, []string{"2024/b.jpg"}},
		{"gs://b/r/20??/**", "gs://b/r/", []string{"2024/a.jpg", "2025/x/y.png"}, []string{"24/a.jpg", "2024"}},
		{"photos/[a-c]*.jpg", "photos/", []string{"a1.jpg", "c.jpg"}, []string{"d.jpg", "a/b.jpg"}},
		{"photos/[!a]*.jpg", "photos/", []string{"b.jpg"}, []string{"a.jpg"}},
		{"photos/a\\*.jpg", "photos/", []string{"a*.jpg"}, []string{"ab.jpg"}},
		{"photos", "photos/", []string{"a.jpg", "x/y/z.png"}, nil},
		{"s3://b/raw/", "s3://b/raw/", []string{"a.jpg", "d/e.jpg"}, nil},
		{"*.jpg", "", []string{"a.jpg"}, []string{"d/a.jpg"}},
		{"日本/**.jpg", "日本/", []string{"写真.jpg"}, nil},
	}
	for _, tt := range tests {
		p, err := ParsePattern(tt.text)
		if err != nil {
			t.Errorf("%s: %v", tt.text, err)
			continue
		}
		if p.Prefix != tt.prefix {
			t.Errorf("%s: prefix %q, want %q", tt.text, p.Prefix, tt.prefix)
		}
		for _, rel := range tt.match {
			if !p.Match(rel) {
				t.Errorf("%s does not match %s", tt.text, rel)
			}
		}
		for _, rel := range tt.miss {
			if p.Match(rel) {
				t.Errorf("%s matches %s", tt.text, rel)
			}
		}
	}
	for _, bad := range []string{"", "s3://b*/x", "a/[b", "a/*\\"} {
		if _, err := ParsePattern(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
