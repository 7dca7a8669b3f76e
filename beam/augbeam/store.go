package augbeam

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	// The file systems a job reads and writes: the local one, Google Cloud
	// Storage and Amazon S3 (configured by the AWS SDK's defaults).
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// A store reads and writes one location's files: a local folder through
// augpipe's own atomic writes, object storage through Beam's filesystem.
// Local paths are read as files, at offsets, as the command reads them.
type store struct {
	fs filesystem.Interface // nil for a local location
}

// openStore returns the store for loc's scheme.
func openStore(ctx context.Context, loc string) (*store, error) {
	if schemeOf(loc) == "" {
		return &store{}, nil
	}
	fsys, err := filesystem.New(ctx, loc)
	if err != nil {
		return nil, err
	}
	return &store{fs: fsys}, nil
}

// close releases the store's file system.
func (s *store) close() {
	if s != nil && s.fs != nil {
		s.fs.Close()
	}
}

// join returns the location of name (a relative path with forward
// slashes) under dir.
func join(dir, name string) string {
	if schemeOf(dir) == "" {
		return filepath.Join(dir, filepath.FromSlash(name))
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

// input returns the augment input that reads f: the local file itself, or
// the object through Beam's filesystem as a stream.
func (s *store) input(ctx context.Context, f File) augment.Input {
	in := augment.Input{Path: f.Path, Rel: f.Rel, Size: f.Size}
	if s.fs != nil {
		in.Open = func() (fs.File, error) {
			rc, err := s.fs.OpenRead(ctx, f.Path)
			if err != nil {
				return nil, err
			}
			return &object{ReadCloser: rc, name: path.Base(f.Rel), size: f.Size}, nil
		}
	}
	return in
}

// object is an opened object, an fs.File whose size is the one listed.
type object struct {
	io.ReadCloser
	name string
	size int64
}

func (o *object) Stat() (fs.FileInfo, error) { return o, nil }

// The fs.FileInfo of an object.
func (o *object) Name() string       { return o.name }
func (o *object) Size() int64        { return o.size }
func (o *object) Mode() fs.FileMode  { return 0o444 }
func (o *object) ModTime() time.Time { return time.Time{} }
func (o *object) IsDir() bool        { return false }
func (o *object) Sys() any           { return nil }

// write stores data at loc whole or not at all: a local file is written
// to a temporary file, synced and renamed into place; an object store
// makes an object visible only once its upload completes.
func (s *store) write(ctx context.Context, loc string, data []byte) error {
	if s.fs == nil {
		if err := os.MkdirAll(filepath.Dir(loc), 0o755); err != nil {
			return err
		}
		return imgfile.WriteAtomic(loc, data)
	}
	w, err := s.fs.OpenWrite(ctx, loc)
	if err != nil {
		return fmt.Errorf("write %s: %w", loc, err)
	}
	_, werr := io.Copy(w, bytes.NewReader(data))
	if err := errors.Join(werr, w.Close()); err != nil {
		return fmt.Errorf("write %s: %w", loc, err)
	}
	return nil
}

// read returns the whole file at loc, or nil and an error matching
// fs.ErrNotExist when a local file is missing.
func (s *store) read(ctx context.Context, loc string) ([]byte, error) {
	if s.fs == nil {
		return os.ReadFile(loc)
	}
	r, err := s.fs.OpenRead(ctx, loc)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// sum returns the size and the hex SHA-256 of the file at loc.
func (s *store) sum(ctx context.Context, loc string) (int64, string, error) {
	data, err := s.read(ctx, loc)
	if err != nil {
		return 0, "", err
	}
	return int64(len(data)), augment.InputHash(data), nil
}

// exists reports whether there is a file at loc.
func (s *store) exists(ctx context.Context, loc string) (bool, error) {
	if s.fs == nil {
		_, err := os.Stat(loc)
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return err == nil, err
	}
	found, err := s.fs.List(ctx, loc)
	if err != nil {
		return false, fmt.Errorf("list %s: %w", loc, err)
	}
	return slices.Contains(found, loc), nil
}
