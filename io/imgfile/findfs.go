package imgfile

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// FindFS lists the image files under root in fsys, as Find does a folder:
// sorted by relative path, with the files passed over for a reason worth
// telling (unsupported formats). Each Input opens its file in fsys; its
// Path is the file's name in fsys, its Rel the name relative to root.
// opts.Exclude is not used. An error is returned only when root cannot be
// read, or, wrapping ctx's error, when ctx is cancelled before the walk
// ends.
func FindFS(ctx context.Context, fsys fs.FS, root string, opts FindOptions) ([]Input, []Skipped, error) {
	var inputs []Input
	var skipped []Skipped
	err := fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("listing %s: %w", root, cerr)
		}
		if err != nil {
			if name == root {
				return fmt.Errorf("input folder %s: %w", root, pathless(err))
			}
			skipped = append(skipped, Skipped{Path: name, Reason: errText(err)})
			return nil
		}
		if name == root {
			if !d.IsDir() {
				return fmt.Errorf("input %s: not a folder", root)
			}
			return nil
		}
		if !opts.Hidden && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if !opts.Recursive {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		decodable, kind := KindOf(name)
		if kind != "" {
			skipped = append(skipped, unsupportedFile(name, kind))
			return nil
		}
		if !decodable {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			skipped = append(skipped, Skipped{Path: name, Reason: errText(err)})
			return nil
		}
		rel := name
		if root != "." {
			rel = strings.TrimPrefix(name, root+"/")
		}
		inputs = append(inputs, Input{
			Path: name, Rel: rel, Size: info.Size(),
			Open: func() (fs.File, error) { return fsys.Open(name) },
		})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Rel < inputs[j].Rel })
	return inputs, skipped, nil
}
