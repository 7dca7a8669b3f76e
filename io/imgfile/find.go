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

// Input is one image to read: a file found under an input folder, a file
// in an fs.FS, or anything else that can be opened.
type Input struct {
	// Path names the input in records and errors: the file's path as found
	// (the input folder joined with Rel), or its name in its fs.FS.
	Path string `json:"path"`
	// Rel is the path relative to the input folder, with forward slashes:
	// it decides the output's name.
	Rel string `json:"rel"`
	// Size is the input's size in bytes, 0 when unknown.
	Size int64 `json:"size"`
	// Open opens the input for reading. When nil, the file at Path is
	// opened.
	Open func() (fs.File, error) `json:"-"`
}

// Skipped is a file or folder that Find passed over, with the reason.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	// Unsupported is true for image formats augpipe knows but cannot decode
	// (HEIC, AVIF, camera raw), false for problems such as dangling links.
	Unsupported bool `json:"unsupported"`
}

// FindOptions says which files Find looks at.
type FindOptions struct {
	// Recursive descends into sub-folders.
	Recursive bool
	// Hidden includes files and folders whose names begin with a dot.
	Hidden bool
	// Exclude lists folders never to descend into, such as the output folder.
	Exclude []string
}

// KindOf says what a file's name makes it, by the rule Find applies: an
// image in a format augpipe decodes (decodable; the decoder itself is then
// chosen by content), an image format augpipe recognises but cannot decode
// (named in unsupported: "HEIC", "camera raw"...), or neither. It is for
// callers that list files themselves, such as a job listing object
// storage.
func KindOf(name string) (decodable bool, unsupported string) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp":
		return true, ""
	case ".heic":
		return false, "HEIC"
	case ".heif":
		return false, "HEIF"
	case ".avif":
		return false, "AVIF"
	case ".jxl":
		return false, "JPEG XL"
	case ".cr2", ".cr3", ".nef", ".arw", ".dng", ".orf", ".rw2", ".raf":
		return false, "camera raw"
	case ".psd":
		return false, "Photoshop"
	}
	return false, ""
}

// unsupportedFile is the record of a file in a format augpipe recognises
// but cannot decode.
func unsupportedFile(path, kind string) Skipped {
	return Skipped{Path: path, Reason: kind + " is not supported", Unsupported: true}
}

// Find lists the image files under root, sorted by relative path, and the
// files it passed over for a reason worth telling the user (unsupported
// formats, dangling links, link loops). Files that are not images at all are
// left out silently. Symbolic links are followed; a link that leads back into
// a folder already being walked is reported as a loop. An error is returned
// only when root itself cannot be used, or, wrapping ctx's error, when ctx
// is cancelled before the walk ends (a large tree on a slow disk can take a
// while).
func Find(ctx context.Context, root string, opts FindOptions) ([]Input, []Skipped, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, nil, fmt.Errorf("input folder %s: %w", root, err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("input %s: not a folder", root)
	}
	f := &finder{ctx: ctx, root: root, opts: opts}
	for _, ex := range opts.Exclude {
		if st, err := os.Stat(ex); err == nil {
			f.exclude = append(f.exclude, st)
		}
	}
	if err := f.walk(root, "", []os.FileInfo{st}); err != nil {
		return nil, nil, err
	}
	sort.Slice(f.inputs, func(i, j int) bool { return f.inputs[i].Rel < f.inputs[j].Rel })
	return f.inputs, f.skipped, nil
}

type finder struct {
	ctx     context.Context
	root    string
	opts    FindOptions
	exclude []os.FileInfo
	inputs  []Input
	skipped []Skipped
}

// walk lists dir; ancestors holds the folders from root down to dir, to
// detect symbolic-link loops.
func (f *finder) walk(dir, rel string, ancestors []os.FileInfo) error {
	if err := f.ctx.Err(); err != nil {
		return fmt.Errorf("listing %s: %w", f.root, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if rel == "" {
			return fmt.Errorf("input folder %s: %w", dir, err)
		}
		f.skip(dir, "cannot read folder: "+errText(err))
		return nil
	}
	for _, e := range entries {
		if err := f.ctx.Err(); err != nil { // a folder can hold 100,000 files
			return fmt.Errorf("listing %s: %w", f.root, err)
		}
		name := e.Name()
		if !f.opts.Hidden && strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		relPath := name
		if rel != "" {
			relPath = rel + "/" + name
		}
		info, err := os.Stat(path) // follows links
		if err != nil {
			if e.Type()&fs.ModeSymlink != 0 {
				switch {
				case errors.Is(err, fs.ErrNotExist):
					f.skip(path, "dangling symbolic link")
				case errors.Is(err, syscall.ELOOP):
					f.skip(path, "symbolic link loop")
				default:
					f.skip(path, "symbolic link: "+errText(err))
				}
			} else {
				f.skip(path, errText(err))
			}
			continue
		}
		if info.IsDir() {
			if !f.opts.Recursive || f.excluded(info) {
				continue
			}
			if containsSame(ancestors, info) {
				f.skip(path, "symbolic link loop")
				continue
			}
			if err := f.walk(path, relPath, append(ancestors, info)); err != nil {
				return err
			}
			continue
		}
		if !info.Mode().IsRegular() {
			continue
		}
		decodable, kind := KindOf(name)
		if kind != "" {
			f.skipped = append(f.skipped, unsupportedFile(path, kind))
			continue
		}
		if decodable {
			f.inputs = append(f.inputs, Input{Path: path, Rel: relPath, Size: info.Size()})
		}
	}
	return nil
}

func (f *finder) skip(path, reason string) {
	f.skipped = append(f.skipped, Skipped{Path: path, Reason: reason})
}

func (f *finder) excluded(info os.FileInfo) bool {
	return containsSame(f.exclude, info)
}

func containsSame(list []os.FileInfo, info os.FileInfo) bool {
	for _, x := range list {
		if os.SameFile(x, info) {
			return true
		}
	}
	return false
}

// errText is err's message without the path that os errors repeat.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// pathless is err without the path that os errors repeat, for wrapping
// under a message that names the path already.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
