package augbeam

import (
	"fmt"
	"regexp"
	"strings"
)

// A Pattern is a job's input: a location, local or in object storage,
// whose tail may hold wildcards. Its literal leading folder (Prefix) is
// what relative paths, and so output names, are taken from; the rest
// (Glob) is matched against each file's path relative to it.
//
// In Glob, * and ? match within one path element, [...] a class of
// characters as in filepath.Match, and ** any run of characters across
// folders: raw/**.jpg matches raw/a.jpg and raw/2024/b.jpg. A pattern with
// no wildcard is a folder: every image below it, at any depth.
type Pattern struct {
	// Prefix is the literal leading folder, ending in "/" unless empty
	// (a local pattern with no folder: the current one).
	Prefix string
	// Glob is the rest; "" matches every file below Prefix.
	Glob string
	re   *regexp.Regexp
}

// ParsePattern splits text into its literal leading folder and its glob,
// and compiles the glob.
func ParsePattern(text string) (Pattern, error) {
	if strings.TrimSpace(text) == "" {
		return Pattern{}, fmt.Errorf("an input pattern is empty")
	}
	wild := strings.IndexAny(text, "*?[")
	if wild < 0 {
		p := text
		if !strings.HasSuffix(p, "/") {
			p += "/"
		}
		return Pattern{Prefix: p, re: regexp.MustCompile(`^.*$`)}, nil
	}
	cut := strings.LastIndexByte(text[:wild], '/') + 1
	if i := strings.Index(text, "://"); i >= 0 && cut <= i+3 {
		return Pattern{}, fmt.Errorf("%s: the bucket cannot hold a wildcard", text)
	}
	p := Pattern{Prefix: text[:cut], Glob: text[cut:]}
	expr, err := globRegexp(p.Glob)
	if err != nil {
		return Pattern{}, fmt.Errorf("%s: %w", text, err)
	}
	p.re, err = regexp.Compile(expr)
	if err != nil {
		return Pattern{}, fmt.Errorf("%s: %w", text, err)
	}
	return p, nil
}

// Match reports whether rel, a path relative to Prefix with forward
// slashes, matches the glob.
func (p Pattern) Match(rel string) bool {
	return p.re != nil && p.re.MatchString(rel)
}

// globRegexp translates a glob into an anchored regular expression.
func globRegexp(glob string) (string, error) {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '*':
			if i+1 < len(glob) && glob[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '\\':
			if i+1 == len(glob) {
				return "", fmt.Errorf("the pattern ends in a lone backslash")
			}
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		case '[':
			end := strings.IndexByte(glob[i+1:], ']')
			if end == 0 { // []...] holds a literal ]
				end = 1 + strings.IndexByte(glob[i+2:], ']')
			}
			if end < 0 {
				return "", fmt.Errorf("unmatched [")
			}
			class := glob[i+1 : i+1+end]
			i += 1 + end
			neg := strings.HasPrefix(class, "^") || strings.HasPrefix(class, "!")
			if neg {
				class = class[1:]
			}
			if class == "" {
				return "", fmt.Errorf("empty character class")
			}
			b.WriteString("[")
			if neg {
				b.WriteString("^/")
			}
			for j := 0; j < len(class); j++ {
				switch class[j] {
				case '\\':
					if j+1 < len(class) {
						j++
					}
					b.WriteString(regexp.QuoteMeta(class[j : j+1]))
				case '-':
					b.WriteByte('-')
				default:
					b.WriteString(regexp.QuoteMeta(class[j : j+1]))
				}
			}
			b.WriteString("]")
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	b.WriteString("$")
	return b.String(), nil
}
