package augment

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultName is the default output name template: the input's relative
// path with its extension replaced by .jpg (sub/a.png gives sub/a.jpg).
const DefaultName = "{dir}/{stem}.jpg"

// DefaultVariantName is the default template when each input gives more
// than one variant (Config.Variants): sub/a.png gives sub/a_v1.jpg,
// sub/a_v2.jpg...
const DefaultVariantName = "{dir}/{stem}_v{variant}.jpg"

// reservedPrefix begins the names of augpipe's own files in an output
// folder (the lock, the manifest, temporary files): no output may take one.
const reservedPrefix = ".augpipe-"

// A Template says where an input's output goes under the output folder.
// It is a slash-separated path with fields in braces, each replaced by a
// part of the input's relative path (Input.Rel):
//
//	{dir}      the folder of the relative path, empty at the top level
//	{stem}     the file name without its extension
//	{ext}      the file's extension, without the dot, in its own case
//	{variant}  the number of the output among an input's variants, from 1
//	           (see Config.Variants)
//
// Empty path elements are dropped, so that {dir}/{stem}.jpg gives a.jpg,
// not /a.jpg, for a file at the top level. DefaultName is today's rule.
// The names a Template gives are compared without regard to case (see
// Names), so that they hold on case-insensitive file systems too.
//
// The zero Template is DefaultName's.
type Template struct {
	text  string
	parts []tmplPart
}

// tmplPart is a literal (field == "") or a field of a Template.
type tmplPart struct{ lit, field string }

// tmplField reports whether name is a field a Template may hold.
func tmplField(name string) bool {
	switch name {
	case "dir", "stem", "ext", "variant":
		return true
	}
	return false
}

// ParseTemplate parses and checks the template text. It refuses, as a
// *ConfigError on the Config field Name: an unknown field or an unmatched
// brace; an absolute path; a template without {stem} (every output would
// have the same name); and a template that can give an empty name, a
// ".." element leaving the output folder, or a name reserved for augpipe's
// own files (beginning ".augpipe-").
func ParseTemplate(text string) (Template, error) {
	bad := func(format string, a ...any) (Template, error) {
		return Template{}, &ConfigError{Field: "Name", Value: text, Reason: fmt.Sprintf(format, a...)}
	}
	t := Template{text: text}
	rest := text
	stem := false
	for rest != "" {
		open := strings.IndexByte(rest, '{')
		if close := strings.IndexByte(rest, '}'); close >= 0 && (open < 0 || close < open) {
			return bad("unmatched }")
		}
		if open < 0 {
			t.parts = append(t.parts, tmplPart{lit: rest})
			break
		}
		if open > 0 {
			t.parts = append(t.parts, tmplPart{lit: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return bad("unmatched {")
		}
		field := rest[open+1 : open+end]
		if !tmplField(field) {
			return bad("unknown field {%s}: the fields are {dir}, {stem}, {ext} and {variant}", field)
		}
		stem = stem || field == "stem"
		t.parts = append(t.parts, tmplPart{field: field})
		rest = rest[open+end+1:]
	}
	switch {
	case strings.HasPrefix(text, "/") || filepath.IsAbs(text):
		return bad("must be relative to the output folder, not an absolute path")
	case !stem:
		return bad("must contain {stem}, or every output would have the same name")
	}
	// Every element of a name comes from a literal, from fields, or from
	// both: trying a nested and a top-level input shows what the literals
	// alone can do.
	for _, rel := range []string{"d/e/s.x", "s.x"} {
		if _, err := t.Expand(rel, 1); err != nil {
			return bad("%v", err)
		}
	}
	return t, nil
}

// hasField reports whether the template holds the field {name}.
func (t Template) hasField(name string) bool {
	for _, p := range t.parts {
		if p.field == name {
			return true
		}
	}
	return false
}

// DefaultTemplate returns DefaultName's Template.
func DefaultTemplate() Template {
	t, err := ParseTemplate(DefaultName)
	if err != nil {
		panic(err) // DefaultName is a constant the tests check
	}
	return t
}

// String returns the template's text.
func (t Template) String() string {
	if t.parts == nil {
		return DefaultName
	}
	return t.text
}

// Ext returns the extension, with its dot, that every name the template
// gives ends with: ".jpg" for DefaultName; "" when it has none or when it
// depends on the input (a template ending in {ext}).
func (t Template) Ext() string {
	if t.parts == nil {
		return ".jpg"
	}
	last := t.parts[len(t.parts)-1]
	if last.field != "" {
		return ""
	}
	return path.Ext(last.lit)
}

// Format returns the output format the template's extension calls for:
// FormatJPEG for .jpg and .jpeg, FormatPNG for .png (in any case), "" for
// any other extension.
func (t Template) Format() string {
	switch strings.ToLower(t.Ext()) {
	case ".jpg", ".jpeg":
		return FormatJPEG
	case ".png":
		return FormatPNG
	}
	return ""
}

// Expand returns the output name the template gives the input whose
// relative path is rel (forward slashes), as its variant-th variant. It
// fails when the name would be empty, would leave the output folder
// through a ".." element (an input named "...jpg" under {stem}/x.jpg), or
// would be a name reserved for augpipe's own files.
func (t Template) Expand(rel string, variant int) (string, error) {
	if t.parts == nil {
		t = DefaultTemplate()
	}
	dir, file := path.Split(rel)
	ext := path.Ext(file)
	var b strings.Builder
	for _, p := range t.parts {
		switch p.field {
		case "":
			b.WriteString(p.lit)
		case "dir":
			b.WriteString(strings.TrimSuffix(dir, "/"))
		case "stem":
			b.WriteString(strings.TrimSuffix(file, ext))
		case "ext":
			b.WriteString(strings.TrimPrefix(ext, "."))
		case "variant":
			b.WriteString(strconv.Itoa(variant))
		}
	}
	elems := strings.Split(b.String(), "/")
	kept := elems[:0]
	for _, e := range elems {
		switch {
		case e == "" || e == ".":
			continue
		case e == "..":
			return "", fmt.Errorf("the name %s would leave the output folder", b.String())
		case strings.HasPrefix(e, reservedPrefix):
			return "", fmt.Errorf("the name %s is reserved for augpipe's own files", b.String())
		}
		kept = append(kept, e)
	}
	if len(kept) == 0 {
		return "", fmt.Errorf("the name would be empty")
	}
	return strings.Join(kept, "/"), nil
}

// Names gives each input its output name (its first variant's) by the
// template. When two inputs would share a name (a.jpg and a.png under
// {dir}/{stem}.jpg), the rule is: an input whose own extension is the
// name's (.jpg, in any case: a.JPG too) keeps the plain name, and every
// other input of the clash keeps its extension before the name's
// (a.png.jpg). Should that name be taken as well, a number is added
// (a.png-2.jpg). Names are compared without regard to case. An input the
// template cannot name (see Expand) gets "".
func (t Template) Names(inputs []Input) []string {
	return t.variantNames(inputs, 1, make(map[string]bool, len(inputs)))
}

// VariantNames returns, for each input, the names of its variants 1 to n:
// Names' rule applied to each variant in turn, no name given twice in all.
// An input the template cannot name as one of its variants gets nil.
func (t Template) VariantNames(inputs []Input, n int) [][]string {
	out := make([][]string, len(inputs))
	taken := make(map[string]bool, len(inputs)*n)
	for v := 1; v <= n; v++ {
		for i, name := range t.variantNames(inputs, v, taken) {
			if name != "" {
				out[i] = append(out[i], name)
			}
		}
	}
	for i := range out {
		if len(out[i]) != n { // a variant could not be named
			out[i] = nil
		}
	}
	return out
}

// variantNames is Names for variant v, taken holding the (lower-case)
// names already given.
func (t Template) variantNames(inputs []Input, v int, taken map[string]bool) []string {
	names := make([]string, len(inputs))
	plain := make([]string, len(inputs))
	count := make(map[string]int, len(inputs))
	for i, in := range inputs {
		plain[i], _ = t.Expand(in.Rel, v)
		if plain[i] != "" {
			count[strings.ToLower(plain[i])]++
		}
	}
	// First pass: inputs without a clash, and inputs of a clash with the
	// name's extension.
	for i, in := range inputs {
		n := plain[i]
		if n == "" || taken[strings.ToLower(n)] {
			continue
		}
		if count[strings.ToLower(n)] == 1 || strings.EqualFold(path.Ext(in.Rel), path.Ext(n)) {
			names[i] = n
			taken[strings.ToLower(n)] = true
		}
	}
	// Second pass: the rest keep their extension, numbered if need be.
	for i, in := range inputs {
		if names[i] != "" || plain[i] == "" {
			continue
		}
		names[i] = clashName(plain[i], in.Rel, taken)
		taken[strings.ToLower(names[i])] = true
	}
	return names
}

// clashName is the name of an input of a clash whose plain name is plain:
// plain with the input's extension before its own (a.png.jpg), or
// numbered (a.png-2.jpg, a.png-3.jpg...), the first that taken does not
// hold.
func clashName(plain, rel string, taken map[string]bool) string {
	ext := path.Ext(plain)
	base := strings.TrimSuffix(plain, ext) + path.Ext(rel)
	n := base + ext
	for k := 2; taken[strings.ToLower(n)]; k++ {
		n = base + "-" + strconv.Itoa(k) + ext
	}
	return n
}

// A Namer names the inputs of a stream as they come, by a Template: the
// rule of Template.Names for a list whose clashes it cannot see ahead, so
// the first input of a clash keeps the plain name, whatever its
// extension, and the others keep their extension, numbered if need be.
// Run names its outputs with one. A Namer is not safe for concurrent use.
type Namer struct {
	t     Template
	taken map[string]bool // lower-case names given
}

// NewNamer returns a Namer that has given no name yet.
func NewNamer(t Template) *Namer {
	return &Namer{t: t, taken: make(map[string]bool)}
}

// Name returns the output name of the input whose relative path is rel,
// or Expand's error.
func (nm *Namer) Name(rel string) (string, error) {
	return nm.Variant(rel, 1)
}

// Variant returns the name of variant v of the input whose relative path
// is rel, by the rule of Name.
func (nm *Namer) Variant(rel string, v int) (string, error) {
	n, err := nm.t.Expand(rel, v)
	if err != nil {
		return "", err
	}
	if nm.taken[strings.ToLower(n)] {
		n = clashName(n, rel, nm.taken)
	}
	nm.taken[strings.ToLower(n)] = true
	return n, nil
}

// OutputNames gives each input its output path relative to the output
// folder by DefaultName: its own relative path with the extension replaced
// by .jpg, clashes resolved as Template.Names says (a.jpg keeps a.jpg,
// a.png then gets a.png.jpg).
func OutputNames(inputs []Input) []string {
	return DefaultTemplate().Names(inputs)
}

// overwritesInput returns the first input that an output path would
// replace (the same file, by os.SameFile, so hard and symbolic links count),
// or "" when no output is an input.
func overwritesInput(inputs []Input, outDir string, names []string) (out, in string) {
	bySize := make(map[int64][]int)
	for i, x := range inputs {
		bySize[x.Size] = append(bySize[x.Size], i)
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		p := filepath.Join(outDir, filepath.FromSlash(name))
		ost, err := os.Stat(p)
		if err != nil {
			continue
		}
		for _, i := range bySize[ost.Size()] {
			if ist, err := os.Stat(inputs[i].Path); err == nil && os.SameFile(ist, ost) {
				return p, inputs[i].Path
			}
		}
	}
	return "", ""
}

// Template returns the Template that names c's outputs: Name parsed, or,
// when Name is "", DefaultName ({dir}/{stem}.png when Format is
// FormatPNG). A caller that names outputs itself, as a distributed job
// does, uses it to name them as Run does.
func (c Config) Template() (Template, error) {
	return c.template()
}
