package augment

import (
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// photoJPEG is a photo-like w x h JPEG at quality 85.
func photoJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	return testimg.EncodeJPEG(t, testimg.PhotoLike(w, h, 1), 85)
}

// writeJPEG writes a photo-like JPEG of w x h, drawn from seed, to path.
func writeJPEG(t testing.TB, path string, w, h int, seed uint64) {
	t.Helper()
	testimg.WriteFile(t, path, testimg.EncodeJPEG(t, testimg.PhotoLike(w, h, seed), 90))
}

// smallJob is a job for small, fast runs from in to out.
func smallJob(in, out string) FolderJob {
	c := DefaultConfig()
	c.Sigma = 1
	c.MaxSize = 32
	c.Workers, c.Buffer = 2, 2
	return FolderJob{Inputs: []string{in}, Output: out, Config: c}
}
