package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
)

// TestInFlagWords checks that the errors of a run that could not start are
// said in the command's words: each setting the library refuses by its
// field name is named by its flag (or INPUT), a locked output folder
// and an output that would overwrite an input say which flag to change,
// and other errors are left as they are.
func TestInFlagWords(t *testing.T) {
	// setting returns the error the library gives for a job changed by
	// change, which must be a *ConfigError naming field.
	setting := func(field string, change func(*augment.FolderJob)) func(*testing.T) error {
		return func(t *testing.T) error {
			j := smallJob("in", "out")
			change(&j)
			err := j.Validate()
			var ce *augment.ConfigError
			if !errors.As(err, &ce) || ce.Field != field {
				t.Fatalf("Validate: %v, want a *ConfigError on %s", err, field)
			}
			return err
		}
	}
	in := t.TempDir()
	aFile := filepath.Join(in, "a.jpg")
	cases := []struct {
		name string
		err  func(*testing.T) error
		want string
	}{
		{"Inputs", setting("Inputs", func(j *augment.FolderJob) { j.Inputs = nil }), "INPUT must name a folder, a file or a pattern, unless a list of files is given"},
		{"Base", setting("Base", func(j *augment.FolderJob) { j.Base = "photos" }), `--base "photos": is used only with a list of files`},
		{"Name", setting("Name", func(j *augment.FolderJob) { j.Name = "{stem}.{size}.jpg" }),
			`--name "{stem}.{size}.jpg": unknown field {size}: the fields are {dir}, {stem}, {ext} and {variant}`},
		{"Format", setting("Format", func(j *augment.FolderJob) { j.Format = "gif" }), `--format "gif": must be jpeg or png`},
		{"Format from the name", setting("Format", func(j *augment.FolderJob) { j.Name = "{stem}.webp" }),
			`--format must be given: the name template "{stem}.webp" does not end in .jpg, .jpeg or .png, which would choose it`},
		{"Output", setting("Output", func(j *augment.FolderJob) { j.Output = "" }), "--out must not be empty"},
		{"Sigma", setting("Sigma", func(j *augment.FolderJob) { j.Sigma = -1 }), "--blur -1: must be from 0 (off) to 100000"},
		{"Sigma NaN", setting("Sigma", func(j *augment.FolderJob) { j.Sigma = math.NaN() }), "--blur NaN: must be from 0 (off) to 100000"},
		{"Sigma +Inf", setting("Sigma", func(j *augment.FolderJob) { j.Sigma = math.Inf(1) }), "--blur +Inf: must be from 0 (off) to 100000"},
		{"Sigma 1e17", setting("Sigma", func(j *augment.FolderJob) { j.Sigma = 1e17 }), "--blur 1e+17: must be from 0 (off) to 100000"},
		{"Order", setting("Order", func(j *augment.FolderJob) { j.Order = "sideways" }), `--order "sideways": must be fit-first or blur-first`},
		{"MaxSize", setting("MaxSize", func(j *augment.FolderJob) { j.MaxSize = 0 }), "--max-size 0: must be from 1 to 65535"},
		{"Width", setting("Width", func(j *augment.FolderJob) { j.Width = -1 }), "--size -1: must be from 1 to 65535, or 0 (free)"},
		{"Height", setting("Height", func(j *augment.FolderJob) { j.Height = 70000 }), "--size 70000: must be from 1 to 65535, or 0 (free)"},
		{"Crop", setting("Crop", func(j *augment.FolderJob) { j.Crop = "middle" }), `--crop "middle": must be none, centre or attention`},
		{"Quality", setting("Quality", func(j *augment.FolderJob) { j.Quality = 101 }), "--quality 101: must be from 1 to 100"},
		{"Subsampling", setting("Subsampling", func(j *augment.FolderJob) { j.Subsampling = "422" }), `--subsampling "422": must be 420 or 444`},
		{"MaxPixels", setting("MaxPixels", func(j *augment.FolderJob) { j.MaxPixels = 0 }), "--max-pixels 0: must be from 1 to 10000000000"},
		{"FailOn", setting("FailOn", func(j *augment.FolderJob) { j.FailOn = "all" }), `--fail-on "all": must be error or none`},
		{"Readers", setting("Readers", func(j *augment.FolderJob) { j.Readers = 0 }), "--readers 0: must be from 1 to 1024"},
		{"Workers", setting("Workers", func(j *augment.FolderJob) { j.Workers = 2000 }), "--workers 2000: must be from 1 to 1024"},
		{"Writers", setting("Writers", func(j *augment.FolderJob) { j.Writers = -1 }), "--writers -1: must be from 1 to 1024"},
		{"Buffer", setting("Buffer", func(j *augment.FolderJob) { j.Buffer = -1 }), "--buffer -1: must be from 0 to 65536"},
		// A field with no flag (only a program sets it) keeps its name.
		{"Steps", setting("Steps", func(j *augment.FolderJob) { j.Steps = []augment.Step{{Name: "mine"}} }),
			`Steps [0] needs a name and an Apply function`},
		{"locked", func(*testing.T) error { return &imgfile.LockedError{Dir: "/o", PID: "42"} },
			"output folder /o is in use by another augpipe run (process 42): wait for it to end, or choose another --out"},
		{"locked, wrapped", func(*testing.T) error { return fmt.Errorf("start: %w", &imgfile.LockedError{Dir: "/o"}) },
			"output folder /o is in use by another augpipe run: wait for it to end, or choose another --out"},
		{"overwrite", func(t *testing.T) error { return overwriteError(t, in) },
			"output " + aFile + " would overwrite the input " + aFile + ": choose another --out"},
		{"outside --base", func(*testing.T) error { return &imgfile.OutsideBaseError{Path: "../a.jpg", Base: "."} },
			"listed file ../a.jpg is outside the base folder .: list files under --base, or choose another --base"},
		{"other", func(*testing.T) error { return &os.PathError{Op: "open", Path: "in", Err: os.ErrNotExist} }, "open in: file does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := inFlagWords(c.err(t))
			if got != c.want {
				t.Errorf("inFlagWords = %q, want %q", got, c.want)
			}
		})
	}
}

// overwriteError is the error of a real run whose output would replace its
// input: the output folder is the input folder in, given a.jpg.
func overwriteError(t *testing.T, in string) error {
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": testimg.EncodeJPEG(t, testimg.PhotoLike(8, 8, 1), 85)})
	_, err := augment.RunFolder(context.Background(), smallJob(in, in), augment.Hooks{})
	var start *augment.StartError
	if !errors.As(err, &start) || !errors.Is(err, augment.ErrOverwritesInput) {
		t.Fatalf("RunFolder: %v, want a *StartError matching ErrOverwritesInput", err)
	}
	return start.Err
}
