package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/augpipe/augpipe/io/imgfile"
)

// The JSON report's destination (--report) is one of:
//   - "-": stdout;
//   - a device, a pipe or a socket (/dev/stdout when it is a pipe or a
//     terminal, a named pipe): written to as it is, never replaced;
//   - a regular file, or a new file in an existing folder: replaced
//     atomically (a temporary file beside it, renamed over it). A symbolic
//     link is followed to its target, which is replaced; the link stays.
//
// Anything else (a folder, a path in a folder that does not exist) is
// refused before the run starts.

// stdoutReport is the --report value that sends the report to stdout.
const stdoutReport = "-"

// checkReport checks, before any work, that the JSON report can be
// written to path, and says why not in the command's words.
func checkReport(path string) error {
	if path == stdoutReport {
		return nil
	}
	file, direct, err := reportTarget(path)
	if err == nil && !direct {
		err = probe(filepath.Dir(file))
	}
	if err != nil {
		return fmt.Errorf("--report %s: %w", path, err)
	}
	return nil
}

// writeReport writes the report data to path, or to stdout for "-".
func writeReport(path string, data []byte, stdout io.Writer) error {
	if path == stdoutReport {
		_, err := stdout.Write(data)
		return err
	}
	file, direct, err := reportTarget(path)
	switch {
	case err != nil:
		return err
	case direct:
		f, err := os.OpenFile(file, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return errors.Join(err, f.Close())
	}
	return imgfile.WriteAtomic(file, data)
}

// reportTarget returns the file a report path leads to: the path itself,
// to be written as it is (direct) when it is not a regular file, or the
// regular file (existing or new) at the end of its symbolic links, to be
// replaced.
func reportTarget(path string) (file string, direct bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return "", false, errors.New("is a folder")
	case err == nil && !fi.Mode().IsRegular():
		return path, true, nil
	case err == nil:
		file, err := filepath.EvalSymlinks(path)
		return file, false, err
	case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return "", false, err
	}
	// A new file, perhaps named by a dangling link: its folder must exist.
	file, err = linkEnd(path)
	if err != nil {
		return "", false, err
	}
	dir := filepath.Dir(file)
	switch di, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return "", false, fmt.Errorf("no folder %s", dir)
	case err == nil && !di.IsDir():
		return "", false, fmt.Errorf("%s is not a folder", dir)
	case errors.Is(err, syscall.ENOTDIR):
		return "", false, fmt.Errorf("%s is not a folder", fileAbove(dir))
	case err != nil:
		return "", false, err
	}
	return file, false, nil
}

// linkEnd follows path's chain of symbolic links to the name at its end,
// which need not exist.
func linkEnd(path string) (string, error) {
	for range 40 { // as Linux's limit on links in a path
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// probe proves that a file can be created in dir.
func probe(dir string) error {
	f, err := os.CreateTemp(dir, imgfile.TempPrefix+"probe-*")
	if err != nil {
		return fmt.Errorf("cannot create a file in %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// fileAbove returns the nearest folder above path that is in fact a file,
// or path when there is none.
func fileAbove(path string) string {
	for d := filepath.Dir(path); d != filepath.Dir(d); d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil && !fi.IsDir() {
			return d
		}
	}
	return path
}
