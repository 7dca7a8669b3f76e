package augment

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// OutputNames gives each input its output path relative to the output
// folder: its own relative path with the extension replaced by .jpg. When
// two inputs would share a name (a.jpg and a.png), the rule is: an input
// whose extension is .jpg (in any case: a.JPG too) keeps the plain name,
// and every other input of the clash keeps its extension before .jpg
// (a.png.jpg). Should that name be taken as well, a number is added
// (a.png-2.jpg). Names are compared without regard to case, so the rule
// holds on case-insensitive file systems too.
func OutputNames(inputs []Input) []string {
	names := make([]string, len(inputs))
	taken := make(map[string]int, len(inputs)) // lower-case name -> index of the input that holds it
	count := make(map[string]int, len(inputs))
	for _, in := range inputs {
		count[strings.ToLower(plain(in.Rel))]++
	}
	// First pass: inputs without a clash, and .jpg inputs of a clash.
	for i, in := range inputs {
		n := plain(in.Rel)
		if count[strings.ToLower(n)] == 1 || strings.EqualFold(path.Ext(in.Rel), ".jpg") {
			if _, dup := taken[strings.ToLower(n)]; !dup {
				names[i] = n
				taken[strings.ToLower(n)] = i
			}
		}
	}
	// Second pass: the rest keep their extension, numbered if need be.
	for i, in := range inputs {
		if names[i] != "" {
			continue
		}
		names[i] = numbered(in.Rel, func(n string) bool { _, dup := taken[strings.ToLower(n)]; return dup })
		taken[strings.ToLower(names[i])] = i
	}
	return names
}

// plain is rel with its extension replaced by .jpg.
func plain(rel string) string { return strings.TrimSuffix(rel, path.Ext(rel)) + ".jpg" }

// numbered is the name of an input of a clash: rel with .jpg added, or
// rel-2.jpg, rel-3.jpg..., the first that taken does not hold.
func numbered(rel string, taken func(string) bool) string {
	n := rel + ".jpg"
	for k := 2; taken(n); k++ {
		n = rel + "-" + strconv.Itoa(k) + ".jpg"
	}
	return n
}

// namer names the inputs of a stream, as they come: OutputNames' rule
// for a list whose clashes it cannot see ahead, so the first input of a
// clash keeps the plain name, whatever its extension.
type namer map[string]bool // lower-case names given

func (nm namer) name(rel string) string {
	n := plain(rel)
	if nm[strings.ToLower(n)] {
		n = numbered(rel, func(n string) bool { return nm[strings.ToLower(n)] })
	}
	nm[strings.ToLower(n)] = true
	return n
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
