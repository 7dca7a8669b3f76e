package augment

import (
	"context"
	"io/fs"

	"github.com/augpipe/augpipe/io/imgfile"
)

// Input is one image to process: its name for records (Path), the path
// that decides its output's name (Rel), its size when known, and how to
// open it (Open, or the file at Path when nil).
type Input = imgfile.Input

// Skipped is a file a search passed over, with the reason.
type Skipped = imgfile.Skipped

// FindOptions says which files Find and FindFS look at.
type FindOptions = imgfile.FindOptions

// Find lists the images in the folder root, sorted by relative path, and
// the files it passed over for a reason worth telling (unsupported
// formats, dangling links, link loops). Images are recognised by their
// extension here and decoded by content later. Symbolic links are
// followed.
func Find(ctx context.Context, root string, opts FindOptions) ([]Input, []Skipped, error) {
	return imgfile.Find(ctx, root, opts)
}

// FindFS lists the images under root in fsys (an os.DirFS, an embed.FS, a
// zip.Reader, an fstest.MapFS...), as Find does a folder. Each Input opens
// its file in fsys.
func FindFS(ctx context.Context, fsys fs.FS, root string, opts FindOptions) ([]Input, []Skipped, error) {
	return imgfile.FindFS(ctx, fsys, root, opts)
}
