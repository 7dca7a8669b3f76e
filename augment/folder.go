package augment

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/augpipe/augpipe/io/imgfile"
)

// FolderJob is the command's job: every image in a folder, to a folder.
type FolderJob struct {
	// Input is the folder of images.
	Input string `json:"input"`
	// Output is the folder the outputs are written to, created as needed.
	Output string `json:"output"`
	// Recursive descends into sub-folders of Input.
	Recursive bool `json:"recursive"`
	// Hidden includes files and folders whose names begin with a dot.
	Hidden bool `json:"hidden"`
	// SkipExisting leaves alone an output that exists and is newer than its
	// input; by default every output is replaced.
	SkipExisting bool `json:"skip_existing"`

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
	case j.Input == "":
		return &ConfigError{Field: "Input", Reason: "must name the input folder"}
	case j.Output == "":
		return &ConfigError{Field: "Output", Reason: "must not be empty"}
	}
	return j.Config.Validate()
}

// RunFolder does the job j describes and returns its report: it finds the
// images in j.Input, refuses an output that would replace an input, locks
// the output folder for the run (one run per folder: another would remove
// this one's temporary files as leftovers, and write the same outputs),
// removes the temporary files of an earlier interrupted run, optionally
// runs the baseline, then the pipeline, with the costliest images first.
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
	inputs, skipped, err := imgfile.Find(ctx, j.Input, FindOptions{
		Recursive: j.Recursive,
		Hidden:    j.Hidden,
		Exclude:   []string{j.Output},
	})
	if err != nil {
		if ctx.Err() != nil { // interrupted while listing the files
			rep := newReport(j, nil)
			rep.finish(nil, nil, 0)
			rep.Interrupted = true
			return rep, err
		}
		return nil, startErr(err)
	}
	names := OutputNames(inputs)
	if out, in := overwritesInput(inputs, j.Output, names); out != "" {
		return nil, startErr(&overwriteError{out: out, in: in})
	}
	rep := newReport(j, skipped)
	for _, s := range skipped {
		h.Log.Warn().Str("file", s.Path).Msg(s.Reason)
	}
	if len(inputs) == 0 {
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

	sink := DirSink{Dir: j.Output, Temps: h.Temps}
	tasks := make([]*task, len(inputs))
	var todo []*task
	var todoInputs []Input
	for i, in := range inputs {
		t := newTask(in, names[i], sink)
		tasks[i] = t
		if j.SkipExisting && upToDate(t.rec.Output, in) {
			t.rec.Status = StatusUpToDate
			h.Log.Debug().Str("file", in.Path).Str("out", t.rec.Output).Msg("output up to date: skipped")
			continue
		}
		todo = append(todo, t)
		todoInputs = append(todoInputs, in)
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
		h.Start(PhasePipeline, len(todo))
	}
	order := costOrder(ctx, j.Config, todoInputs)
	src := func(yield func(*task) bool) {
		for _, i := range order {
			if !yield(todo[i]) {
				return
			}
		}
	}
	start := time.Now()
	stats, err := runPipeline(ctx, &j.Config, src, sink, h)
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

// upToDate reports whether the output at out exists and was modified
// after the input (the target of a link): what SkipExisting leaves alone.
func upToDate(out string, in Input) bool {
	ost, err := os.Stat(out)
	if err != nil || !ost.Mode().IsRegular() {
		return false
	}
	ist, err := os.Stat(in.Path)
	return err == nil && ost.ModTime().After(ist.ModTime())
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
