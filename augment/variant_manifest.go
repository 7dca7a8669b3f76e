package augment

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/augpipe/augpipe/io/imgfile"
)

// A VariantLine is one line of a recipe run's manifest (FolderJob.Manifest,
// JSON Lines): the output's Record, less its step times (which differ from
// run to run, where every other field is the same to the byte), with what
// made it. Replay makes the output again from it.
type VariantLine struct {
	Record Record
	// Name is the output's name relative to the output folder; Rel the
	// input's relative path, which seeded its stream with Seed and Variant
	// (see VariantSeed).
	Name    string
	Rel     string
	Variant int
	Seed    uint64
	// InputSHA256 is InputHash of the input's bytes.
	InputSHA256 string
	// Quality, OutputFormat and KeepMetadata are how the output was
	// encoded.
	Quality      int
	OutputFormat string
	KeepMetadata bool
	// Ops are the operations applied, in order, with the parameters drawn.
	// The decode scale is Record.Scale.
	Ops []AppliedOp
}

// variantLineJSON is VariantLine's JSON form: the record's fields, then
// the line's own.
type variantLineJSON struct {
	*recordFields
	NoTimes      *struct{}   `json:"ms,omitempty"` // hides the record's times
	Err          string      `json:"error,omitempty"`
	Name         string      `json:"name"`
	Rel          string      `json:"rel"`
	Variant      int         `json:"variant"`
	Seed         uint64      `json:"seed"`
	InputSHA256  string      `json:"input_sha256"`
	Quality      int         `json:"quality"`
	OutputFormat string      `json:"output_format"`
	KeepMetadata bool        `json:"keep_metadata,omitempty"`
	Ops          []AppliedOp `json:"ops"`
}

// MarshalJSON writes the line as one JSON object.
func (l VariantLine) MarshalJSON() ([]byte, error) {
	j := variantLineJSON{recordFields: (*recordFields)(&l.Record), Name: l.Name, Rel: l.Rel, Variant: l.Variant,
		Seed: l.Seed, InputSHA256: l.InputSHA256, Quality: l.Quality, OutputFormat: l.OutputFormat,
		KeepMetadata: l.KeepMetadata, Ops: l.Ops}
	if l.Record.Err != nil {
		j.Err = l.Record.Err.Error()
	}
	if j.Ops == nil {
		j.Ops = []AppliedOp{}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (l *VariantLine) UnmarshalJSON(data []byte) error {
	j := variantLineJSON{recordFields: (*recordFields)(&l.Record)}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	l.Name, l.Rel, l.Variant, l.Seed = j.Name, j.Rel, j.Variant, j.Seed
	l.InputSHA256, l.Quality, l.OutputFormat, l.KeepMetadata, l.Ops = j.InputSHA256, j.Quality, j.OutputFormat, j.KeepMetadata, j.Ops
	l.Record.Err = nil
	if j.Err != "" {
		l.Record.Err = recordedError(j.Err)
	}
	return nil
}

// lineSpool collects the manifest lines of a run's inputs as they finish,
// in any order, in a temporary file next to the manifest, and holds in
// memory only where each input's lines are; finish writes them in the
// order of the inputs' relative paths. Its methods are called from one
// goroutine.
type lineSpool struct {
	path   string
	tmp    *os.File
	forget func() // stops tracking tmp
	off    int64
	index  []spooled
	err    error
}

// spooled is where an input's lines are in the spool.
type spooled struct {
	rel    string
	order  int // the input's place in the plan, for inputs of the same rel
	off, n int64
}

// newLineSpool creates the spool of the manifest at path; temps tracks it.
func newLineSpool(path string, temps *imgfile.Temps) (*lineSpool, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return &lineSpool{path: path, tmp: tmp, forget: temps.Track(tmp.Name())}, nil
}

// add spools the lines of the input at plan place order.
func (s *lineSpool) add(rel string, order int, lines []byte) {
	if s.err != nil || len(lines) == 0 {
		return
	}
	if _, err := s.tmp.Write(lines); err != nil {
		s.err = fmt.Errorf("manifest: %w", err)
		return
	}
	s.index = append(s.index, spooled{rel: rel, order: order, off: s.off, n: int64(len(lines))})
	s.off += int64(len(lines))
}

// finish writes the manifest, its lines in (relative path, variant) order,
// atomically (temps tracks the temporary file), and removes the spool.
func (s *lineSpool) finish(temps *imgfile.Temps) error {
	defer func() {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
		s.forget()
	}()
	if s.err != nil {
		return s.err
	}
	slices.SortFunc(s.index, func(a, b spooled) int {
		return cmp.Or(strings.Compare(a.rel, b.rel), cmp.Compare(a.order, b.order))
	})
	out, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	defer temps.Track(out.Name())()
	w := bufio.NewWriter(out)
	for _, e := range s.index {
		if _, err = io.Copy(w, io.NewSectionReader(s.tmp, e.off, e.n)); err != nil {
			break
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(out.Name(), s.path)
	}
	if err != nil {
		os.Remove(out.Name())
		return fmt.Errorf("manifest %s: %w", s.path, err)
	}
	return nil
}
