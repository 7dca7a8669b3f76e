package imgfile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// FindPaths lists the images that paths name, path by path in the order
// given, and the files it passed over for a reason worth telling. Each path
// is:
//
//   - a folder: its images, as Find lists them, relative to it;
//   - a file: itself, relative path its base name (a file that is not an
//     image by its extension is passed over, with the reason);
//   - otherwise, a glob pattern (filepath.Match syntax, quoted from the
//     shell): the files it matches, and the images of the folders it
//     matches as Find lists them, relative to the pattern's literal leading
//     folder ("shots" for shots/2024-*/*.jpg). Files that are no images are
//     left out silently, as in a folder, and so are names beginning with a
//     dot that a wildcard matched, unless opts.Hidden.
//
// Within a path, the inputs are sorted by relative path. An input found
// twice with the same relative path (a file given twice, or a file and its
// folder) is kept once. opts applies to folders as Find applies it, and
// opts.Exclude to folders a pattern matches too.
//
// An error is returned, naming the path, when a path is neither a folder,
// a file nor a pattern that matches something, or cannot be used; or,
// wrapping ctx's error, when ctx is cancelled before the search ends.
func FindPaths(ctx context.Context, paths []string, opts FindOptions) ([]Input, []Skipped, error) {
	var inputs []Input
	var skipped []Skipped
	seen := make(map[[2]string]bool)
	for _, p := range paths {
		in, sk, err := findPath(ctx, p, opts)
		if err != nil {
			return nil, nil, err
		}
		inputs = appendNew(inputs, in, seen)
		skipped = append(skipped, sk...)
	}
	return inputs, skipped, nil
}

// appendNew appends to inputs those of more not yet seen, by absolute path
// and relative path.
func appendNew(inputs, more []Input, seen map[[2]string]bool) []Input {
	for _, in := range more {
		abs, err := filepath.Abs(in.Path)
		if err != nil {
			abs = in.Path
		}
		key := [2]string{abs, in.Rel}
		if !seen[key] {
			seen[key] = true
			inputs = append(inputs, in)
		}
	}
	return inputs
}

// findPath is FindPaths for one path.
func findPath(ctx context.Context, p string, opts FindOptions) ([]Input, []Skipped, error) {
	st, err := os.Stat(p)
	switch {
	case err == nil && st.IsDir():
		return Find(ctx, p, opts)
	case err == nil && st.Mode().IsRegular():
		in, sk := fileInput(p, filepath.Base(p), st, true)
		return in, sk, nil
	case err == nil:
		return nil, nil, fmt.Errorf("input %s: not a folder, a regular file or a pattern", p)
	case hasMeta(p):
		return findGlob(ctx, p, opts)
	case errors.Is(err, fs.ErrNotExist):
		if _, lerr := os.Lstat(p); lerr == nil {
			return nil, nil, fmt.Errorf("input %s: dangling symbolic link", p)
		}
		return nil, nil, fmt.Errorf("input %s: no such file or folder", p)
	case errors.Is(err, syscall.ELOOP):
		return nil, nil, fmt.Errorf("input %s: symbolic link loop", p)
	}
	return nil, nil, fmt.Errorf("input %s: %w", p, pathless(err))
}

// fileInput is the input a file makes, or why it is passed over: an image
// format augpipe cannot read, or (when tell) a file that is not an image
// by its extension. A file that is no image is left out silently when not
// tell.
func fileInput(path, rel string, st os.FileInfo, tell bool) ([]Input, []Skipped) {
	decodable, kind := KindOf(path)
	if kind != "" {
		return nil, []Skipped{unsupportedFile(path, kind)}
	}
	if !decodable {
		if tell {
			return nil, []Skipped{{Path: path, Reason: "not an image, by its extension"}}
		}
		return nil, nil
	}
	var size int64
	if st != nil {
		size = st.Size()
	}
	return []Input{{Path: path, Rel: rel, Size: size}}, nil
}

// hasMeta reports whether p holds a character special to filepath.Match.
func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

// globRoot returns the literal leading folder of a pattern, the one its
// matches are relative to: the elements before the first with a special
// character ("." when the first element has one).
func globRoot(pattern string) string {
	elems := strings.Split(pattern, string(filepath.Separator))
	i := 0
	for i < len(elems)-1 && !hasMeta(elems[i]) {
		i++
	}
	root := strings.Join(elems[:i], string(filepath.Separator))
	switch {
	case root == "" && filepath.IsAbs(pattern):
		return string(filepath.Separator)
	case root == "":
		return "."
	}
	return root
}

// findGlob is FindPaths for a pattern.
func findGlob(ctx context.Context, pattern string, opts FindOptions) ([]Input, []Skipped, error) {
	if _, err := filepath.Match(pattern, ""); err != nil {
		return nil, nil, fmt.Errorf("input pattern %s: %w", pattern, err)
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil, nil, fmt.Errorf("input pattern %s: %w", pattern, err)
	}
	if len(matches) == 0 {
		return nil, nil, fmt.Errorf("input %s: no such file or folder, and no file matches it as a pattern", pattern)
	}
	root := globRoot(pattern)
	patElems := strings.Split(filepath.Clean(pattern), string(filepath.Separator))
	var exclude []os.FileInfo
	for _, ex := range opts.Exclude {
		if st, err := os.Stat(ex); err == nil {
			exclude = append(exclude, st)
		}
	}
	var inputs []Input
	var skipped []Skipped
	for _, m := range matches {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("listing %s: %w", pattern, err)
		}
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, nil, fmt.Errorf("input pattern %s: %w", pattern, err)
		}
		if !opts.Hidden && wildHidden(strings.Split(filepath.Clean(m), string(filepath.Separator)), patElems) {
			continue
		}
		rel = filepath.ToSlash(rel)
		st, err := os.Stat(m)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			skipped = append(skipped, Skipped{Path: m, Reason: "dangling symbolic link"})
		case err != nil && errors.Is(err, syscall.ELOOP):
			skipped = append(skipped, Skipped{Path: m, Reason: "symbolic link loop"})
		case err != nil:
			skipped = append(skipped, Skipped{Path: m, Reason: errText(err)})
		case st.IsDir():
			if containsSame(exclude, st) {
				continue
			}
			in, sk, err := Find(ctx, m, opts)
			if err != nil {
				return nil, nil, err
			}
			for i := range in {
				in[i].Rel = rel + "/" + in[i].Rel
			}
			inputs = append(inputs, in...)
			skipped = append(skipped, sk...)
		case st.Mode().IsRegular():
			in, sk := fileInput(m, rel, st, false)
			inputs = append(inputs, in...)
			skipped = append(skipped, sk...)
		}
	}
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].Rel < inputs[j].Rel })
	return inputs, skipped, nil
}

// wildHidden reports whether a match of a pattern (both split into
// elements) has an element beginning with a dot where the pattern's
// element does not: a hidden name that a wildcard matched, which a shell
// would not have.
func wildHidden(match, pattern []string) bool {
	if len(match) != len(pattern) {
		return false
	}
	for i, e := range match {
		if strings.HasPrefix(e, ".") && e != "." && e != ".." && !strings.HasPrefix(pattern[i], ".") {
			return true
		}
	}
	return false
}

// ListedFiles turns a list of file paths (from a file or a pipe: find
// -print0) into inputs whose relative paths, which name their outputs, are
// their paths relative to the folder base. Listed paths are taken as given
// (a relative one from the current folder), not resolved through symbolic
// links. The inputs are sorted by relative path; empty entries, entries
// listed twice and folders (find lists them along with their files) are
// left out, and so, silently, are files that are not images by their
// extension; image formats augpipe cannot read are passed over with the
// reason. A listed file that does not exist is kept: reading it fails,
// naming it.
//
// The error names the first listed path outside base, which has no
// relative path to name its output by; or, wrapping ctx's error, it says
// ctx was cancelled.
func ListedFiles(ctx context.Context, list []string, base string) ([]Input, []Skipped, error) {
	if base == "" {
		base = "."
	}
	absBase, err := filepath.Abs(base)
	if err != nil {
		return nil, nil, fmt.Errorf("base folder %s: %w", base, err)
	}
	var inputs []Input
	var skipped []Skipped
	for i, p := range list {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("reading the list of files: %w", err)
			}
		}
		if p == "" {
			continue
		}
		st, err := os.Stat(p)
		if err == nil && st.IsDir() {
			continue
		}
		if err != nil {
			st = nil // reading it fails, and says why
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, nil, fmt.Errorf("listed file %s: %w", p, err)
		}
		rel, err := filepath.Rel(absBase, abs)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, nil, &OutsideBaseError{Path: p, Base: base}
		}
		rel = filepath.ToSlash(rel)
		in, sk := fileInput(p, rel, st, false)
		inputs = append(inputs, in...)
		skipped = append(skipped, sk...)
	}
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].Rel < inputs[j].Rel })
	return appendNew(nil, inputs, make(map[[2]string]bool)), skipped, nil
}

// An OutsideBaseError is a listed file outside the folder the list's
// relative paths are taken from.
type OutsideBaseError struct {
	// Path is the file as listed; Base the folder.
	Path, Base string
}

func (e *OutsideBaseError) Error() string {
	return fmt.Sprintf("listed file %s is outside the base folder %s", e.Path, e.Base)
}
