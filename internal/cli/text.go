package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/augpipe/augpipe/augment"
)

// boxWords says how the outputs were sized: the square box's side ("1200")
// or the box ("800x600", "800x", "x600"), the crop and enlarging.
func boxWords(c augment.Config) string {
	s := strconv.Itoa(c.MaxSize)
	if c.Width != 0 || c.Height != 0 {
		s = SizeFlag{&c.Width, &c.Height}.String()
	}
	if c.Crop != "" && c.Crop != augment.CropNone {
		s += ", crop " + c.Crop
	}
	if c.Upscale {
		s += ", upscale"
	}
	return s
}

// writeText writes the human report: the outcome, a table of steps, a table
// of stages, throughput, the bottleneck and, with a baseline, the speedup.
func writeText(w io.Writer, r *augment.Report) error {
	var b strings.Builder
	c := r.Config
	if c.Recipe != nil {
		fmt.Fprintf(&b, "augpipe: %s -> %s  (recipe %s, %d variants, seed %d, quality %d)\n", inputsText(c), c.Output, c.Recipe.File, max(c.Variants, 1), c.Seed, c.Quality)
	} else {
		fmt.Fprintf(&b, "augpipe: %s -> %s  (blur sigma %g, %s, box %s, quality %d)\n", inputsText(c), c.Output, c.Sigma, c.Order, boxWords(c.Config), c.Quality)
	}
	fmt.Fprintf(&b, "machine: %s, %d cores, GOMAXPROCS %d, %s\n", r.Machine.CPU, r.Machine.Cores, r.Machine.GOMAXPROCS, r.Machine.GoVersion)
	switch {
	case r.Files == 0 && r.Interrupted:
		fmt.Fprintf(&b, "interrupted while listing the files in %s: nothing done\n", inputsText(c))
		_, err := io.WriteString(w, b.String())
		return err
	case r.Files == 0:
		fmt.Fprintf(&b, "no images found in %s", inputsText(c))
		if !c.Recursive {
			b.WriteString(" (sub-folders are searched with -r)")
		}
		b.WriteString("\n")
		writeSkipped(&b, r)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "files: %d written, %d failed", r.Written, r.Failed)
	if r.Cancelled > 0 {
		fmt.Fprintf(&b, ", %d not done (interrupted)", r.Cancelled)
	}
	if r.UpToDate > 0 {
		fmt.Fprintf(&b, ", %d skipped (output up to date)", r.UpToDate)
	}
	if r.Unsupported > 0 {
		fmt.Fprintf(&b, ", %d unsupported", r.Unsupported)
	}
	if r.Damaged > 0 {
		fmt.Fprintf(&b, " (%d of the written damaged, decoded in part)", r.Damaged)
	}
	b.WriteString("\n")
	if r.Bottleneck == "" {
		fmt.Fprintf(&b, "\nnothing to measure: %s\n", nothingDone(r))
	} else {
		writeTimings(&b, r)
	}
	writeBaseline(&b, r)
	writeFailures(&b, r)
	writeDamaged(&b, r)
	writeSkipped(&b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

// nothingDone says why no file went through the pipeline.
func nothingDone(r *augment.Report) string {
	switch {
	case r.UpToDate == r.Files:
		return "every output was up to date"
	case r.Baseline != nil && r.Baseline.Interrupted:
		return "the run was interrupted during the baseline, before the pipeline started"
	case r.Interrupted:
		return "the run was interrupted before the pipeline finished a file"
	}
	return "no file went through the pipeline"
}

// writeTimings writes the tables of steps and stages, the throughput and
// the bottleneck.
func writeTimings(b *strings.Builder, r *augment.Report) {
	b.WriteString("\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\titems\ttotal\tmean\tp95\tms/MP\t")
	for _, s := range r.Steps {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%.1f\t\n", s.Step, s.Items, dur(s.Total), dur(s.Mean), dur(s.P95), s.MsPerMP)
	}
	tw.Flush()
	b.WriteString("\n")
	tw = tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stage\tgoroutines\titems\tbusy\tmean\twait in\twait out\tbusy %\t")
	for _, s := range r.Stages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%.0f%%\t\n", s.Name, s.Workers, s.Items, dur(s.Busy), dur(s.MeanBusy),
			dur(s.WaitIn), dur(s.WaitOut), 100*s.Utilisation)
	}
	tw.Flush()
	fmt.Fprintf(b, "\nwall %s   %.2f images/s   %.1f input Mpix/s (%.1f MP in)\n", dur(r.Wall), r.ImagesPerSec, r.MegapixelsPerS, r.InputMegapixels)
	fmt.Fprintf(b, "bottleneck: %s\n", bottleneck(r))
}

// saturated is the busy share from which a stage holds the run up.
const saturated = 0.8

// fewPerWorker is the number of files per worker under which the start
// and the end of a run, when some workers have no file, weigh on the
// workers' busy share.
const fewPerWorker = 10

// bottleneck says which stage held the run up, from what was measured:
// how busy each stage was, how many goroutines it had, and how many CPUs
// there were.
func bottleneck(r *augment.Report) string {
	var st *augment.StageSummary
	for i := range r.Stages {
		if r.Stages[i].Name == r.Bottleneck {
			st = &r.Stages[i]
		}
	}
	if st == nil {
		return r.Bottleneck
	}
	busy, cpus := 100*st.Utilisation, r.Machine.GOMAXPROCS
	switch {
	case st.Utilisation < saturated:
		why := "they waited on each other or on something outside augpipe (a slow disk, say)"
		if st.Name == "process" && st.Items < fewPerWorker*st.Workers {
			why = fmt.Sprintf("with %d files for %s, the start and end of the run, when some workers have no file, weigh heavily",
				st.Items, plural(st.Workers, "worker"))
		}
		return fmt.Sprintf("none. No stage was saturated (the busiest, %s, was busy %.0f%% of the time): %s.", st.Name, busy, why)
	case st.Name == "process" && st.Workers < cpus:
		return fmt.Sprintf("process. %s busy %.0f%% of the time, with %s usable: more --workers (up to %d) would help.",
			theWorkersWere(st.Workers), busy, plural(cpus, "CPU"), cpus)
	case st.Name == "process" && st.Workers == cpus:
		return fmt.Sprintf("process. The workers, one per CPU, were busy %.0f%% of the time: the run is CPU-bound, as it should be.", busy)
	case st.Name == "process":
		return fmt.Sprintf("process. %s busy %.0f%% of the time on %s: the run is CPU-bound; workers beyond one per CPU add memory, not speed.",
			theWorkersWere(st.Workers), busy, plural(cpus, "CPU"))
	}
	return fmt.Sprintf("%s. The %s stage was busy %.0f%% of the time: give it more goroutines (--%ss).",
		st.Name, st.Name, busy, strings.TrimSuffix(st.Name, "e")+"er")
}

// writeBaseline says what the baseline did and how the pipeline compares.
func writeBaseline(b *strings.Builder, r *augment.Report) {
	bl := r.Baseline
	if bl == nil {
		return
	}
	fmt.Fprintf(b, "\nbaseline: %s\n", bl.How)
	switch {
	case bl.Interrupted:
		fmt.Fprintf(b, "baseline interrupted after %s, %d of %d files done (%d written, %d failed; its outputs removed): the pipeline did not run, no comparison\n",
			dur(bl.Wall), bl.Written+bl.Failed, r.Files, bl.Written, bl.Failed)
		return
	case bl.Speedup == 0:
		fmt.Fprintf(b, "baseline wall %s (%d written, %d failed); the pipeline was interrupted: no speedup\n", dur(bl.Wall), bl.Written, bl.Failed)
	case bl.Workers == bl.CPUs:
		fmt.Fprintf(b, "baseline wall %s, pipeline wall %s: speedup %.2fx with %s on %s, parallel efficiency %.0f%%\n",
			dur(bl.Wall), dur(r.Wall), bl.Speedup, plural(bl.Workers, "worker"), plural(bl.CPUs, "CPU"), 100*bl.CPUEfficiency)
	default:
		fmt.Fprintf(b, "baseline wall %s, pipeline wall %s: speedup %.2fx with %s on %s, parallel efficiency %.0f%% per worker, %.0f%% per CPU\n",
			dur(bl.Wall), dur(r.Wall), bl.Speedup, plural(bl.Workers, "worker"), plural(bl.CPUs, "CPU"), 100*bl.WorkerEfficiency, 100*bl.CPUEfficiency)
	}
	fmt.Fprintf(b, "outputs byte-identical to the baseline's: %d of %d\n", bl.Identical, bl.Compared)
}

// theWorkersWere begins a sentence about n workers.
func theWorkersWere(n int) string {
	if n == 1 {
		return "The one worker was"
	}
	return fmt.Sprintf("The %d workers were", n)
}

// plural is n and noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func writeFailures(b *strings.Builder, r *augment.Report) {
	if r.Failed == 0 {
		return
	}
	b.WriteString("\nfailed:\n")
	for _, rec := range r.Records {
		if rec.Status == augment.StatusFailed {
			fmt.Fprintf(b, "  %s: %s\n", rec.Input, rec.Err)
		}
	}
}

// writeDamaged lists the inputs written from what could be decoded of
// their damaged data (--fail-on none), with the reason.
func writeDamaged(b *strings.Builder, r *augment.Report) {
	if r.Damaged == 0 {
		return
	}
	b.WriteString("\ndamaged (written from the part that could be decoded):\n")
	for _, rec := range r.Records {
		if rec.Status == augment.StatusWritten && rec.Damaged != "" {
			fmt.Fprintf(b, "  %s: %s\n", rec.Input, rec.Damaged)
		}
	}
}

func writeSkipped(b *strings.Builder, r *augment.Report) {
	if len(r.Skipped) == 0 {
		return
	}
	b.WriteString("\nskipped:\n")
	for _, s := range r.Skipped {
		fmt.Fprintf(b, "  %s: %s\n", s.Path, s.Reason)
	}
}

// dur formats a duration for a table: 3 significant figures, unit chosen.
func dur(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d)/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}
