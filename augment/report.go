package augment

import (
	"encoding/json"
	"io"
	"slices"
	"time"

	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/pipeline"
)

// Report is the outcome of a run: what was done, how long each step and
// stage took, and one record per input. Its JSON form is the command's
// JSON report.
type Report struct {
	// Config is how the run was asked for (Run leaves the folder fields
	// empty).
	Config  FolderJob `json:"config"`
	Machine Machine   `json:"machine"`
	Started time.Time `json:"started"`
	// Interrupted is set when the run was cancelled before every file was done.
	Interrupted bool `json:"interrupted"`

	// Files counts the inputs, Records' length; the other counts split
	// them by Status, but for Unsupported, which counts Skipped files.
	Files   int `json:"files_total"`
	Written int `json:"written"`
	Failed  int `json:"failed"`
	// Cancelled counts the inputs an interruption left not done.
	Cancelled   int `json:"not_done"`
	Unsupported int `json:"unsupported"`
	// UpToDate counts the inputs a SkipExisting run left alone.
	UpToDate int `json:"up_to_date"`
	// Damaged counts the written inputs whose data could be decoded only
	// in part (Config.FailOn FailOnNone; Record.Damaged says why).
	Damaged int `json:"damaged"`

	// Wall is the pipeline's elapsed time.
	Wall            time.Duration `json:"wall_ns"`
	ImagesPerSec    float64       `json:"images_per_s"`
	InputMegapixels float64       `json:"input_megapixels"`
	MegapixelsPerS  float64       `json:"input_megapixels_per_s"`

	Steps  []StepSummary  `json:"steps"`
	Stages []StageSummary `json:"stages"`
	// Bottleneck is the stage whose goroutines were busiest, "" when no
	// stage had any work (every input up to date, or none processed).
	Bottleneck string `json:"bottleneck"`

	Baseline *BaselineReport   `json:"baseline,omitempty"`
	Skipped  []imgfile.Skipped `json:"skipped"`
	// Records has one record per input, in the order found.
	Records []*Record `json:"files"`
}

// StepSummary is the time all files spent in one step.
type StepSummary struct {
	Step  string        `json:"step"`
	Items int           `json:"items"`
	Total time.Duration `json:"total_ns"`
	Mean  time.Duration `json:"mean_ns"`
	P95   time.Duration `json:"p95_ns"`
	// MsPerMP is the total time per input megapixel, in milliseconds.
	MsPerMP float64 `json:"ms_per_mp"`
}

// StageSummary is one pipeline stage's timing.
type StageSummary struct {
	pipeline.StageStats
	MeanBusy time.Duration `json:"mean_busy_ns"`
	// Utilisation is busy time over (wall time x goroutines).
	Utilisation float64 `json:"utilisation"`
}

func newReport(cfg FolderJob, skipped []imgfile.Skipped) *Report {
	r := &Report{Config: cfg, Machine: ThisMachine(), Started: time.Now(), Skipped: skipped}
	if r.Skipped == nil {
		r.Skipped = []imgfile.Skipped{}
	}
	r.Records = []*Record{}
	for _, s := range skipped {
		if s.Unsupported {
			r.Unsupported++
		}
	}
	return r
}

// finish fills in the report from the pipeline's tasks and stage timings.
func (r *Report) finish(tasks []*task, stats []pipeline.StageStats, wall time.Duration) {
	r.Wall = wall
	for _, t := range tasks {
		for i, rec := range t.records() {
			r.add(rec, i == 0)
		}
	}
	if s := wall.Seconds(); s > 0 {
		r.ImagesPerSec = float64(r.Written) / s
		r.MegapixelsPerS = r.InputMegapixels / s
	}
	r.Steps = summariseSteps(r.Config.StepNames(), r.Records, r.InputMegapixels)
	best := -1.0
	for _, s := range stats {
		sum := StageSummary{StageStats: s, Utilisation: s.Utilisation(wall)}
		if s.Items > 0 {
			sum.MeanBusy = s.Busy / time.Duration(s.Items)
		}
		if s.Items > 0 && sum.Utilisation > best {
			best, r.Bottleneck = sum.Utilisation, s.Name
		}
		r.Stages = append(r.Stages, sum)
	}
}

// add counts rec, once nothing more will be done with it, and lists it;
// with input, its input's pixels too (the first variant of an input counts
// them for all).
func (r *Report) add(rec *Record, input bool) {
	rec.settle()
	r.Files++
	switch rec.Status {
	case StatusWritten:
		r.Written++
		if rec.Damaged != "" {
			r.Damaged++
		}
	case StatusFailed:
		r.Failed++
	case StatusCancelled:
		r.Cancelled++
	case StatusUpToDate:
		r.UpToDate++
	}
	if input {
		r.InputMegapixels += rec.Megapixels()
	}
	r.Records = append(r.Records, rec)
}

// summariseSteps sums each step's time over recs, steps in the order of
// names, then any other step a record names.
func summariseSteps(names []string, recs []*Record, mp float64) []StepSummary {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		seen[n] = true
	}
	for _, rec := range recs {
		for _, s := range rec.Steps {
			if !seen[s.Step] {
				seen[s.Step] = true
				names = append(names, s.Step)
			}
		}
	}
	out := make([]StepSummary, 0, len(names))
	for _, step := range names {
		var ds []time.Duration
		var total time.Duration
		for _, rec := range recs {
			if d := rec.Steps.Get(step); d > 0 {
				ds = append(ds, d)
				total += d
			}
		}
		s := StepSummary{Step: step, Items: len(ds), Total: total}
		if len(ds) > 0 {
			slices.Sort(ds)
			s.Mean = total / time.Duration(len(ds))
			s.P95 = ds[(len(ds)*95+99)/100-1]
		}
		if mp > 0 {
			s.MsPerMP = ms(total) / mp
		}
		out = append(out, s)
	}
	return out
}

// WriteJSON writes the report to w as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
