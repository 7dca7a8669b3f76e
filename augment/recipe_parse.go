package augment

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseRecipe reads the recipe's YAML into a Recipe, checking every value.
// The text is a mapping of "quality" (optional) and "ops", a list of
// mappings each with an "op" key naming the operation, an optional "p"
// and the operation's own keys.
func parseRecipe(file string, data []byte) (*Recipe, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &RecipeError{File: file, Problem: "is not valid YAML or JSON: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &RecipeError{File: file, Problem: "is empty: it needs a list of operations under \"ops\""}
	}
	q := &opParser{file: file}
	root := doc.Content[0]
	if !q.mapping(root, "the recipe") {
		return nil, q.err
	}
	r := &Recipe{}
	q.start(root, "the recipe")
	r.Quality = int(q.integer("quality", 0, 1, 100))
	ops := q.node("ops")
	q.finish([]string{"quality", "ops"})
	if q.err != nil {
		return nil, q.err
	}
	switch {
	case ops == nil:
		return nil, q.fail(root, "needs a list of operations under \"ops\"")
	case ops.Kind != yaml.SequenceNode:
		return nil, q.fail(ops, "\"ops\" must be a list of operations")
	case len(ops.Content) == 0:
		return nil, q.fail(ops, "\"ops\" is empty: give at least one operation")
	case len(ops.Content) > OpsLimit:
		return nil, q.fail(ops, fmt.Sprintf("\"ops\" has %d operations, over the limit of %d", len(ops.Content), OpsLimit))
	}
	for _, n := range ops.Content {
		op, err := parseOp(q, n)
		if err != nil {
			return nil, err
		}
		r.ops = append(r.ops, op)
	}
	return r, nil
}

// parseOp reads one operation.
func parseOp(q *opParser, n *yaml.Node) (recipeOp, error) {
	if !q.mapping(n, "an operation") {
		return nil, q.err
	}
	q.start(n, "")
	nameNode := q.node("op")
	if nameNode == nil {
		return nil, q.fail(n, "an operation needs an \"op\" key naming it: "+strings.Join(opNames(), ", "))
	}
	name := nameNode.Value
	if nameNode.Kind != yaml.ScalarNode || !slices.Contains(opNames(), name) {
		return nil, q.fail(nameNode, fmt.Sprintf("unknown operation %q: the operations are %s", name, strings.Join(opNames(), ", ")))
	}
	q.what = name
	c := opCommon{name: name, p: q.float("p", 1, 0, 1)}
	op, keys := newOp(name, c, q)
	q.finish(append(keys, "op", "p"))
	if q.err != nil {
		return nil, q.err
	}
	return op, nil
}

// opParser reads the keys of one YAML mapping, keeping the first problem
// in err: each getter returns its default once there is one.
type opParser struct {
	file string
	what string // the operation, for messages
	m    *yaml.Node
	keys map[string]*yaml.Node
	err  error
}

func (q *opParser) fail(n *yaml.Node, problem string) error {
	if q.err == nil {
		q.err = &RecipeError{File: q.file, Line: n.Line, Column: n.Column, Problem: problem}
	}
	return q.err
}

// mapping checks that n is a mapping.
func (q *opParser) mapping(n *yaml.Node, what string) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		q.fail(n, "anchors and aliases are not allowed in a recipe")
		return false
	}
	if n.Kind != yaml.MappingNode {
		q.fail(n, what+" must be a mapping of keys to values")
		return false
	}
	return true
}

// start reads the keys of the mapping m, refusing a key given twice.
func (q *opParser) start(m *yaml.Node, what string) {
	q.m, q.what, q.keys = m, what, make(map[string]*yaml.Node)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if _, dup := q.keys[k.Value]; dup {
			q.fail(k, fmt.Sprintf("the key %q is given twice", k.Value))
		}
		if k.Kind != yaml.ScalarNode || v.Kind == yaml.AliasNode || v.Anchor != "" {
			q.fail(k, "anchors, aliases and complex keys are not allowed in a recipe")
		}
		q.keys[k.Value] = v
	}
}

// finish refuses any key of the mapping not in known.
func (q *opParser) finish(known []string) {
	for i := 0; i+1 < len(q.m.Content); i += 2 {
		k := q.m.Content[i]
		if !slices.Contains(known, k.Value) {
			slices.Sort(known)
			where := "the recipe"
			if q.what != "" {
				where = q.what
			}
			q.fail(k, fmt.Sprintf("unknown key %q for %s: its keys are %s", k.Value, where, strings.Join(known, ", ")))
			return
		}
	}
}

func (q *opParser) node(key string) *yaml.Node { return q.keys[key] }

func (q *opParser) label(key string) string {
	if q.what == "" || q.what == "the recipe" {
		return fmt.Sprintf("%q", key)
	}
	return fmt.Sprintf("%s's %q", q.what, key)
}

// number reads a scalar n as a finite number.
func (q *opParser) number(n *yaml.Node, key string) (float64, bool) {
	var f float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
		q.fail(n, fmt.Sprintf("%s must be a number, not %q", q.label(key), n.Value))
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		q.fail(n, fmt.Sprintf("%s must be a finite number, not %s", q.label(key), n.Value))
		return 0, false
	}
	return f, true
}

// inRange checks lo <= f <= hi.
func (q *opParser) inRange(n *yaml.Node, key string, f, lo, hi float64) bool {
	if f < lo || f > hi {
		q.fail(n, fmt.Sprintf("%s is %s: it must be from %g to %g", q.label(key), n.Value, lo, hi))
		return false
	}
	return true
}

// float reads a number from lo to hi; def when the key is absent.
func (q *opParser) float(key string, def, lo, hi float64) float64 {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def
	}
	f, ok := q.number(n, key)
	if !ok || !q.inRange(n, key, f, lo, hi) {
		return def
	}
	return f
}

// integer reads a whole number from lo to hi; def when the key is absent.
func (q *opParser) integer(key string, def, lo, hi int64) int64 {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def
	}
	f, ok := q.number(n, key)
	if !ok {
		return def
	}
	if f != math.Trunc(f) {
		q.fail(n, fmt.Sprintf("%s must be a whole number, not %s", q.label(key), n.Value))
		return def
	}
	if !q.inRange(n, key, f, float64(lo), float64(hi)) {
		return def
	}
	return int64(f)
}

// pair reads a number or a list of two numbers, each from lo to hi, the
// first no greater than the second. A single number x gives single(x).
func (q *opParser) pair(key string, def [2]float64, lo, hi float64, single func(float64) [2]float64) [2]float64 {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def
	}
	if n.Kind == yaml.ScalarNode {
		f, ok := q.number(n, key)
		if !ok {
			return def
		}
		r := single(f)
		if r[0] > r[1] {
			q.fail(n, fmt.Sprintf("%s is %s: it must not be negative", q.label(key), n.Value))
			return def
		}
		if !q.inRange(n, key, r[0], lo, hi) || !q.inRange(n, key, r[1], lo, hi) {
			return def
		}
		return r
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		q.fail(n, fmt.Sprintf("%s must be a number or a range [least, greatest]", q.label(key)))
		return def
	}
	var r [2]float64
	for i, c := range n.Content {
		f, ok := q.number(c, key)
		if !ok || !q.inRange(c, key, f, lo, hi) {
			return def
		}
		r[i] = f
	}
	if r[0] > r[1] {
		q.fail(n, fmt.Sprintf("%s is a bad range: its least value %g is above its greatest %g", q.label(key), r[0], r[1]))
		return def
	}
	return r
}

// both is the range of a single number x: [x, x].
func both(x float64) [2]float64 { return [2]float64{x, x} }

// size reads a size: N (N x N) or [width, height], each from 1 to
// SideLimit, at most PixelsLimit pixels. A size is required.
func (q *opParser) size(key string) (w, h int) {
	n := q.node(key)
	if q.err != nil {
		return 1, 1
	}
	if n == nil {
		q.fail(q.m, fmt.Sprintf("%s needs %q: N or [width, height]", q.what, key))
		return 1, 1
	}
	var r [2]float64
	switch {
	case n.Kind == yaml.ScalarNode:
		f, ok := q.number(n, key)
		if !ok {
			return 1, 1
		}
		r = both(f)
	case n.Kind == yaml.SequenceNode && len(n.Content) == 2:
		for i, c := range n.Content {
			f, ok := q.number(c, key)
			if !ok {
				return 1, 1
			}
			r[i] = f
		}
	default:
		q.fail(n, fmt.Sprintf("%s must be N or [width, height]", q.label(key)))
		return 1, 1
	}
	for _, f := range r {
		if f != math.Trunc(f) || f < 1 || f > SideLimit {
			q.fail(n, fmt.Sprintf("%s is %s: each side must be a whole number from 1 to %d", q.label(key), flowText(n), SideLimit))
			return 1, 1
		}
	}
	if r[0]*r[1] > PixelsLimit {
		q.fail(n, fmt.Sprintf("%s is %s: over %d pixels", q.label(key), flowText(n), int64(PixelsLimit)))
		return 1, 1
	}
	return int(r[0]), int(r[1])
}

// boolean reads true or false; def when absent.
func (q *opParser) boolean(key string, def bool) bool {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		q.fail(n, fmt.Sprintf("%s must be true or false, not %q", q.label(key), n.Value))
		return def
	}
	return b
}

// word reads one of the words allowed; def when absent.
func (q *opParser) word(key, def string, allowed ...string) string {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def
	}
	if n.Kind != yaml.ScalarNode || !slices.Contains(allowed, n.Value) {
		q.fail(n, fmt.Sprintf("%s is %q: it must be %s", q.label(key), n.Value, strings.Join(allowed, " or ")))
		return def
	}
	return n.Value
}

// colour reads a grey level N or [r, g, b], each from 0 to 255; with
// random allowed, the word "random" too, for which it returns def and
// isRandom true.
func (q *opParser) colour(key string, def [3]uint8, random bool) (c [3]uint8, isRandom bool) {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def, false
	}
	if random && n.Kind == yaml.ScalarNode && n.Value == "random" {
		return def, true
	}
	bad := func() ([3]uint8, bool) {
		text := "a grey level N or [red, green, blue], each from 0 to 255"
		if random {
			text += ", or random"
		}
		q.fail(n, fmt.Sprintf("%s is %s: it must be %s", q.label(key), flowText(n), text))
		return def, false
	}
	var vals []*yaml.Node
	switch {
	case n.Kind == yaml.ScalarNode:
		vals = []*yaml.Node{n, n, n}
	case n.Kind == yaml.SequenceNode && len(n.Content) == 3:
		vals = n.Content
	default:
		return bad()
	}
	for i, v := range vals {
		var f float64
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Decode(&f) != nil || f < 0 || f > 255 {
			return bad()
		}
		c[i] = uint8(f)
	}
	return c, false
}

// angles reads a list of multiples of 90 degrees.
func (q *opParser) angles(key string, def []int) []int {
	n := q.node(key)
	if n == nil || q.err != nil {
		return def
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 || len(n.Content) > 64 {
		q.fail(n, fmt.Sprintf("%s must be a list of angles, multiples of 90 degrees, such as [90, 180, 270]", q.label(key)))
		return def
	}
	var out []int
	for _, c := range n.Content {
		f, ok := q.number(c, key)
		if !ok {
			return def
		}
		if f != math.Trunc(f) || math.Mod(f, 90) != 0 || math.Abs(f) > 3600 {
			q.fail(c, fmt.Sprintf("%s holds %s: each angle must be a multiple of 90 degrees, from -3600 to 3600", q.label(key), c.Value))
			return def
		}
		out = append(out, int(f))
	}
	return out
}

// flowText is n's text as written, for messages.
func flowText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	parts := make([]string, len(n.Content))
	for i, c := range n.Content {
		parts[i] = flowText(c)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
