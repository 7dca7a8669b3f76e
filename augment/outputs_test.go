package augment

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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

// TestTemplateNames checks the naming rule under other templates: the
// fields, empty elements dropped, and clashes resolved by the same rule
// with the template's extension in the place of .jpg.
func TestTemplateNames(t *testing.T) {
	cases := []struct {
		tmpl string
		rels []string
		want []string
	}{
		{DefaultName, []string{"a.png", "sub/deeper/b.JPG", ".hidden.png"}, []string{"a.jpg", "sub/deeper/b.jpg", ".hidden.jpg"}},
		{"{dir}/{stem}.png", []string{"a.jpg", "a.png", "a.gif"}, []string{"a.jpg.png", "a.png", "a.gif.png"}},
		{"{dir}/{stem}.png", []string{"a.PNG", "A.png"}, []string{"a.png", "A.png.png"}},
		{"thumbs/{dir}/{stem}_{variant}.jpeg", []string{"x/a.jpg", "a.tif"}, []string{"thumbs/x/a_1.jpeg", "thumbs/a_1.jpeg"}},
		{"{stem}.{ext}.jpg", []string{"x/a.png", "y/a.png", "a.jpg"}, []string{"a.png.png.jpg", "a.png.png-2.jpg", "a.jpg.jpg"}},
		{"{dir}-{stem}.jpg", []string{"x/a.png", "a.png"}, []string{"x-a.jpg", "-a.jpg"}},
		{"./{stem}/{dir}/i.jpg", []string{"x/a.png", "a.png"}, []string{"a/x/i.jpg", "a/i.jpg"}},
		{"{stem}", []string{"a.png", "a.jpg", "b"}, []string{"a.png", "a.jpg", "b"}},
		{"{stem}", []string{"x/a.png", "y/a.png"}, []string{"a.png", "a.png-2"}},
		{"{stem}/x.jpg", []string{"...jpg", "b.jpg"}, []string{"", "b/x.jpg"}},
	}
	for _, c := range cases {
		t.Run(c.tmpl, func(t *testing.T) {
			tmpl, in := templateInputs(t, c.tmpl, c.rels)
			if got := tmpl.Names(in); !slices.Equal(got, c.want) {
				t.Errorf("Names %q, want %q", got, c.want)
			}
		})
	}
}

// TestNamer checks the streaming rule Run names outputs by: the first
// input of a clash keeps the plain name, whatever its extension.
func TestNamer(t *testing.T) {
	nm := NewNamer(DefaultTemplate())
	var got []string
	for _, rel := range []string{"a.png", "a.jpg", "A.JPG", "a.png", "b.gif", "../x/a.jpg"} {
		n, err := nm.Name(rel)
		if err != nil {
			n = "error"
		}
		got = append(got, n)
	}
	if want := []string{"a.jpg", "a.jpg.jpg", "A.JPG-2.jpg", "a.png.jpg", "b.jpg", "error"}; !slices.Equal(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
}

// TestParseTemplate checks what a template may be, and what each refusal
// says; and the format and extension each one gives.
func TestParseTemplate(t *testing.T) {
	cases := []struct {
		tmpl   string
		err    string // part of the error; "" for none
		ext    string
		format string
	}{
		{DefaultName, "", ".jpg", FormatJPEG},
		{"{dir}/{stem}.JPEG", "", ".JPEG", FormatJPEG},
		{"small/{dir}/{stem}.png", "", ".png", FormatPNG},
		{"{stem}_{variant}.webp", "", ".webp", ""},
		{"{dir}/{stem}.{ext}", "", "", ""},
		{"{stem}", "", "", ""},
		{"{dir}/{stem}.{size}.jpg", "unknown field {size}", "", ""},
		{"{dir}/{stem.jpg", "unmatched {", "", ""},
		{"{dir}/stem}.jpg", "unmatched }", "", ""},
		{"/tmp/{stem}.jpg", "must be relative to the output folder", "", ""},
		{"../{stem}.jpg", "would leave the output folder", "", ""},
		{"{dir}/../../{stem}.jpg", "would leave the output folder", "", ""},
		{"{dir}/thumb.jpg", "must contain {stem}", "", ""},
		{"", "must contain {stem}", "", ""},
		{".augpipe-{stem}.jpg", "reserved for augpipe's own files", "", ""},
	}
	for _, c := range cases {
		t.Run(c.tmpl, func(t *testing.T) {
			tmpl, err := ParseTemplate(c.tmpl)
			if c.err != "" {
				var ce *ConfigError
				if !errors.As(err, &ce) || ce.Field != "Name" || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want a *ConfigError on Name saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tmpl.String() != c.tmpl || tmpl.Ext() != c.ext || tmpl.Format() != c.format {
				t.Errorf("String %q, Ext %q, Format %q; want %q, %q, %q", tmpl, tmpl.Ext(), tmpl.Format(), c.tmpl, c.ext, c.format)
			}
		})
	}
	var zero Template
	if zero.String() != DefaultName || zero.Ext() != ".jpg" {
		t.Errorf("zero Template: %q, %q; want DefaultName's", zero.String(), zero.Ext())
	}
}

// templateInputs parses tmpl, and returns it with inputs of the relative
// paths rels.
func templateInputs(t *testing.T, tmpl string, rels []string) (Template, []Input) {
	t.Helper()
	tm, err := ParseTemplate(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	in := make([]Input, len(rels))
	for i, r := range rels {
		in[i] = Input{Rel: r}
	}
	return tm, in
}

// TestVariantNames checks the names of each input's variants: Names' rule
// for each variant in turn, no name given twice across the variants (a's
// eleventh variant would be a1's first under {stem}{variant}.jpg), and nil
// for an input the template cannot name.
func TestVariantNames(t *testing.T) {
	seq := func(format string, from, to int) []string {
		var s []string
		for v := from; v <= to; v++ {
			s = append(s, fmt.Sprintf(format, v))
		}
		return s
	}
	cases := []struct {
		tmpl string
		n    int
		rels []string
		want [][]string
	}{
		{DefaultVariantName, 2, []string{"a.jpg", "a.png", "sub/b.png"},
			[][]string{{"a_v1.jpg", "a_v2.jpg"}, {"a_v1.png.jpg", "a_v2.png.jpg"}, {"sub/b_v1.jpg", "sub/b_v2.jpg"}}},
		{DefaultVariantName, 3, []string{".augpipe-x.jpg", "c.jpg"},
			[][]string{nil, {"c_v1.jpg", "c_v2.jpg", "c_v3.jpg"}}},
		{"{stem}{variant}.jpg", 11, []string{"a.jpg", "a1.jpg"},
			[][]string{append(seq("a%d.jpg", 1, 10), "a11.jpg.jpg"), seq("a1%d.jpg", 1, 11)}},
		{"{stem}.jpg", 2, []string{"a.jpg"}, [][]string{{"a.jpg", "a.jpg.jpg"}}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.tmpl, c.n), func(t *testing.T) {
			tmpl, in := templateInputs(t, c.tmpl, c.rels)
			got := tmpl.VariantNames(in, c.n)
			if !slices.EqualFunc(got, c.want, slices.Equal) {
				t.Errorf("VariantNames %q, want %q", got, c.want)
			}
		})
	}
}
