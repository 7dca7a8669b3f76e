package augment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// TestPlanFolderIsWhatRunFolderDoes checks, on a first run and on a
// SkipExisting run after an input changed, that PlanFolder lists the
// inputs RunFolder processes, in its order, with the same outputs and the
// same up-to-date decisions, and the same files skipped; and that
// PlanFolder creates nothing.
func TestPlanFolderIsWhatRunFolderDoes(t *testing.T) {
	root := t.TempDir()
	testimg.WriteTree(t, root, map[string][]byte{
		"in/a.jpg": photoJPEG(t, 40, 30), "in/a.png": testimg.EncodePNG(t, testimg.PhotoLike(20, 20, 1)),
		"in/sub/b.jpg": photoJPEG(t, 30, 40), "in/c.heic": []byte("heic"), "more/d.JPG": photoJPEG(t, 20, 20),
	})
	out := filepath.Join(root, "out")
	j := smallJob(filepath.Join(root, "in"), out)
	j.Inputs = append(j.Inputs, filepath.Join(root, "more", "*.JPG"))
	j.Recursive = true
	check := func(t *testing.T) {
		plan, err := PlanFolder(context.Background(), j)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := RunFolder(context.Background(), j, Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Items) != len(rep.Records) || len(plan.Skipped) != len(rep.Skipped) {
			t.Fatalf("plan: %d items, %d skipped; run: %d records, %d skipped", len(plan.Items), len(plan.Skipped), len(rep.Records), len(rep.Skipped))
		}
		for i, it := range plan.Items {
			rec := rep.Records[i]
			if it.Input.Path != rec.Input || it.Output != rec.Output || it.UpToDate != (rec.Status == StatusUpToDate) {
				t.Errorf("plan: %s -> %s, up to date %v; run: %s -> %s, %s", it.Input.Path, it.Output, it.UpToDate, rec.Input, rec.Output, rec.Status)
			}
		}
	}
	t.Run("first run", func(t *testing.T) {
		if _, err := PlanFolder(context.Background(), j); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("PlanFolder made the output folder: %v", err)
		}
		check(t)
	})
	t.Run("skip existing, an input changed", func(t *testing.T) {
		testimg.WriteFile(t, filepath.Join(root, "in", "sub", "b.jpg"), photoJPEG(t, 31, 40))
		j.SkipExisting = true
		check(t)
	})
	t.Run("an output would overwrite an input", func(t *testing.T) {
		k := j
		k.Inputs, k.Output = []string{filepath.Join(root, "out")}, out
		_, err := PlanFolder(context.Background(), k)
		var se *StartError
		if !errors.As(err, &se) || !errors.Is(err, ErrOverwritesInput) {
			t.Errorf("PlanFolder: %v, want a *StartError matching ErrOverwritesInput", err)
		}
	})
}
