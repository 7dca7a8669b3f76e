package augment

import (
	"slices"
	"testing"

	"github.com/augpipe/augpipe/io/imgfile"
)

// TestOutputNamesCollisionRule pins the documented rule: a .jpg input (in
// any case) keeps the plain name; the other inputs of a clash keep their
// extension before .jpg; a name still taken gets a number.
func TestOutputNamesCollisionRule(t *testing.T) {
	cases := []struct {
		name string
		rels []string
		want []string
	}{
		{"no clash", []string{"a.png", "b.jpeg", "sub/c.webp"}, []string{"a.jpg", "b.jpg", "sub/c.jpg"}},
		{"jpg and png", []string{"a.jpg", "a.png"}, []string{"a.jpg", "a.png.jpg"}},
		{"png listed first", []string{"a.png", "a.jpg"}, []string{"a.png.jpg", "a.jpg"}},
		{"JPG upper case keeps the plain name", []string{"a.JPG", "a.png"}, []string{"a.jpg", "a.png.jpg"}},
		{"jpeg and gif, no jpg", []string{"a.jpeg", "a.gif"}, []string{"a.jpeg.jpg", "a.gif.jpg"}},
		{"jpg and jpeg", []string{"a.jpeg", "a.jpg"}, []string{"a.jpeg.jpg", "a.jpg"}},
		{"case-only difference (names compared without case)", []string{"A.png", "a.png"}, []string{"A.png.jpg", "a.png-2.jpg"}},
		{"kept-extension name taken by a real input", []string{"a.jpg", "a.png", "a.png.jpg"}, []string{"a.jpg", "a.png-2.jpg", "a.png.jpg"}},
		{"same name in different folders", []string{"x/a.png", "y/a.png"}, []string{"x/a.jpg", "y/a.jpg"}},
		{"spaces and non-ASCII", []string{"été 1.png", "été 1.jpg"}, []string{"été 1.png.jpg", "été 1.jpg"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := make([]imgfile.Input, len(c.rels))
			for i, r := range c.rels {
				in[i] = imgfile.Input{Rel: r}
			}
			got := OutputNames(in)
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
