package augment

import (
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"time"

	"github.com/augpipe/augpipe/io/imgfile"
)

// FolderJob is the command's job: every image that folders, files, glob
// patterns and a list of files name, to a folder.
type FolderJob struct {
	// Inputs are the folders, files and glob patterns to take images from,
	// in order. Each input's relative path, which names its output (see
	// Template), is: for a file found in a folder, its path relative to
	// that folder; for a file given, its base name; for a file a pattern
	// found, its path relative to the pattern's literal leading folder
	// ("shots" for shots/*.JPG). See imgfile.FindPaths.
	Inputs []string `json:"inputs"`
	// Files, when not nil, lists image files (as find prints them), taken
	// after Inputs; an empty list is a job with no images. Each one's
	// relative path is its path relative to Base; a listed file outside
	// Base stops the job. See imgfile.ListedFiles. Not in the JSON: the
	// report's records name every input.
	Files []string `json:"-"`
	// Base is the folder Files are relative to; "" is the current folder.
	Base string `json:"base,omitempty"`
	// Output is the folder the outputs are written to, created as needed.
	Output string `json:"output"`
	// Recursive descends into sub-folders of the folders in Inputs.
	Recursive bool `json:"recursive"`
	// Hidden includes files and folders whose names begin with a dot in
	// the folders in Inputs, and those a pattern's wildcard matches.
	Hidden bool `json:"hidden"`
	// SkipExisting leaves alone an output that the output folder's
	// manifest (ManifestName) says was made from the same input bytes with
	// the same settings, and that is still there; by default every output
	// is replaced.
	SkipExisting bool `json:"skip_existing"`
	// Manifest, when set, is the file a recipe run writes a VariantLine
	// to for each output written or failed, as JSON Lines in the order of
	// the inputs' relative paths and of the variants: the same bytes
	// whatever the number of workers. It is written whole at the end of
	// the run (an interrupted run's lists what it did), atomically.
	Manifest string `json:"manifest,omitempty"`

	Config

	// Baseline runs the same work sequentially first, into a temporary
	// folder, and reports the speedup and whether the outputs are the same
	// to the byte.
	Baseline bool `json:"baseline"`
}

// Validate reports the first setting that is out of range, as a
// *ConfigError.
func (j FolderJob) Validate() error {
	switch {
	case len(j.Inputs) == 0 && j.Files == nil:
		return &ConfigError{Field: "Inputs", Reason: "must name a folder, a file or a pattern, unless a list of files is given"}
	case j.Base != "" && j.Files == nil:
		return &ConfigError{Field: "Base", Value: j.Base, Reason: "is used only with a list of files"}
	case j.Output == "":
		return &ConfigError{Field: "Output", Reason: "must not be empty"}
	case j.Manifest != "" && j.Recipe == nil:
		return &ConfigError{Field: "Manifest", Value: j.Manifest, Reason: "lists what a recipe drew: it needs a recipe"}
	case j.Recipe != nil && j.SkipExisting:
		return &ConfigError{Field: "SkipExisting", Value: true, Reason: "is not available with a recipe"}
	case j.Recipe != nil && j.Baseline:
		return &ConfigError{Field: "Baseline", Value: true, Reason: "is not available with a recipe"}
	}
	return j.Config.Validate()
}

// RunFolder does the job j describes and returns its report: it finds the
// images j names and names their outputs (PlanFolder says how), refuses an
// output that would replace an input, locks the output folder for the run
// (one run per folder: another would remove this one's temporary files as
// leftovers, and write the same outputs), removes the temporary files of
// an earlier interrupted run, leaves alone the outputs that are up to date
// when j.SkipExisting, optionally runs the baseline, then the pipeline,
// with the costliest images first. It records how each output was made in
// the output folder's manifest (ManifestName), which a later SkipExisting
// run checks.
//
// Inputs that fail are recorded in the report and do not stop the others.
// When the run could not start (a bad setting, an unusable input or output
// folder, an output that would overwrite an input, the folder locked by
// another run), the error is a *StartError and nothing was done. When ctx
// is cancelled, RunFolder returns the partial report with Interrupted set
// and ctx's error.
func RunFolder(ctx context.Context, j FolderJob, h Hooks) (*Report, error) {
	if err := j.Validate(); err != nil {
		return nil, startErr(err)
	}
	j.Config = j.Config.resolved()
	interrupted := func(err error) (*Report, error) { // while listing or checking: nothing done
		rep := newReport(j, nil)
		rep.finish(nil, nil, 0)
		rep.Interrupted = true
		return rep, err
	}
	plan, err := planInputs(ctx, j)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted(err)
		}
		return nil, startErr(err)
	}
	rep := newReport(j, plan.Skipped)
	for _, s := range plan.Skipped {
		h.Log.Warn().Str("file", s.Path).Msg(s.Reason)
	}
	if len(plan.Items) == 0 {
		return rep, nil
	}
	if err := imgfile.CheckWritable(j.Output); err != nil {
		return nil, startErr(err)
	}
	unlock, err := imgfile.LockFolder(j.Output)
	if err != nil {
		return nil, startErr(err)
	}
	defer unlock()
	defer h.Temps.Track(filepath.Join(j.Output, imgfile.LockName))()
	if n, err := imgfile.RemoveTemps(j.Output); err != nil {
		h.Log.Warn().Err(err).Str("folder", j.Output).Msg("could not remove temporary files of an earlier run")
	} else if n > 0 {
		h.Log.Info().Int("files", n).Str("folder", j.Output).Msg("removed temporary files left by an earlier, interrupted run")
	}

	man, err := readManifest(j.Output)
	if err != nil {
		// Without it no output is up to date, and it is written anew.
		h.Log.Warn().Err(err).Msg("could not read the manifest: every output is redone")
	}
	if j.SkipExisting {
		if err := plan.decide(ctx, j.Config, man); err != nil {
			return interrupted(err)
		}
	}
	sink := DirSink{Dir: j.Output, Temps: h.Temps}
	tasks := make([]*task, len(plan.Items))
	inputs := make([]Input, len(plan.Items))
	names := make([]string, len(plan.Items))
	var todo []*task
	var todoInputs []Input
	for i, it := range plan.Items {
		t := newTask(it.Input, it.Name, sink)
		t.hash = j.Recipe == nil || j.Manifest != "" // for the folder's manifest, or the variants'
		t.order = i
		t.names = it.Names // nil with one variant: makeVariants names it t.name
		tasks[i], inputs[i], names[i] = t, it.Input, it.Name
		if it.UpToDate {
			t.rec.Status = StatusUpToDate
			h.Log.Debug().Str("file", it.Input.Path).Str("out", t.rec.Output).Msg("output up to date: skipped")
			continue
		}
		man.forget(it.Name) // about to be replaced
		todo = append(todo, t)
		todoInputs = append(todoInputs, it.Input)
	}
	// The manifest loses the entries of the outputs about to be replaced
	// before any is: a run killed halfway leaves no entry that describes
	// an output it replaced.
	settings := Fingerprint(j.Config)
	manifestErr := func(err error) {
		if err != nil {
			h.Log.Warn().Err(err).Msg("could not write the manifest: a later run with skip-existing redoes the outputs it does not list")
		}
	}
	manifestErr(man.save(h.Temps))
	defer func() {
		man.close()
		manifestErr(man.save(h.Temps))
	}()
	// Each output's entry goes into the manifest before the output is
	// renamed into place: the entry holds the output's SHA-256, so that
	// it describes nothing else, and a run killed between the two leaves
	// an entry that no file matches rather than an output with none.
	record := func(t *task) {
		manifestErr(man.add(ManifestEntry{Output: t.name, Settings: settings, InputSHA256: hex.EncodeToString(t.sum[:]),
			OutputSHA256: InputHash(t.data), Bytes: int64(len(t.data)), Input: t.in.Path}))
	}
	done := func(t *task) {
		if t.rec.Status != StatusWritten {
			man.forget(t.name)
		}
	}

	if j.Baseline {
		warmCache(inputs)
		base, err := runBaseline(ctx, j.Config, inputs, names, h)
		rep.Baseline = base
		if err != nil {
			rep.finish(tasks, nil, 0) // nothing of the pipeline ran: every file is "not done"
			rep.Interrupted = true
			return rep, err
		}
	}
	if h.Start != nil {
		h.Start(PhasePipeline, len(todo)*j.variants()) // File is called once per output
	}
	order := costOrder(ctx, j.Config, todoInputs)
	src := func(yield func(*task) bool) {
		for _, i := range order {
			if !yield(todo[i]) {
				return
			}
		}
	}
	var lines *lineSpool
	if j.Manifest != "" {
		if lines, err = newLineSpool(j.Manifest, h.Temps); err != nil {
			return nil, startErr(err)
		}
		defer func() {
			if err := lines.finish(h.Temps); err != nil {
				h.Log.Error().Err(err).Msg("could not write the variant manifest")
			}
		}()
	}
	if j.Recipe != nil {
		record = nil // the variants are not checked by SkipExisting
	}
	start := time.Now()
	stats, err := runPipeline(ctx, &j.Config, src, sink, h, lines, record, done)
	rep.finish(tasks, stats, time.Since(start))
	if rep.Baseline != nil {
		rep.Baseline.compare(tasks, h.Log)
		if err == nil { // an interrupted pipeline's time says nothing of its speed
			rep.Baseline.compareSpeed(rep.Wall, j.Config)
		}
	}
	if err != nil {
		rep.Interrupted = isCancel(err)
		return rep, err
	}
	return rep, nil
}

// warmCache reads every input once so that the baseline and the pipeline
// both start with the files in the page cache.
func warmCache(inputs []Input) {
	buf := make([]byte, 1<<20)
	for _, in := range inputs {
		if f, err := os.Open(in.Path); err == nil {
			for {
				if _, err := f.Read(buf); err != nil {
					break
				}
			}
			f.Close()
		}
	}
}
