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
	fmt.Fprintf(&b, "augpipe: %s -> %s  (blur sigma %g, %s, box %s, quality %d)\n", c.Input, c.Output, c.Sigma, c.Order, boxWords(c.Config), c.Quality)
	fmt.Fprintf(&b, "machine: %s, %d cores, GOMAXPROCS %d, %s\n", r.Machine.CPU, r.Machine.Cores, r.Machine.GOMAXPROCS, r.Machine.GoVersion)
	switch {
	case r.Files == 0 && r.Interrupted:
		fmt.Fprintf(&b, "interrupted while listing the files in %s: nothing done\n", c.Input)
		_, err := io.WriteString(w, b.String())
		return err
	case r.Files == 0:
		fmt.Fprintf(&b, "no images found in %s", c.Input)
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
	b.WriteString("\n\n")

	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\titems\ttotal\tmean\tp95\tms/MP\t")
	for _, s := range r.Steps {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%.1f\t\n", s.Step, s.Items, dur(s.Total), dur(s.Mean), dur(s.P95), s.MsPerMP)
	}
	tw.Flush()
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stage\tgoroutines\titems\tbusy\tmean\twait in\twait out\tbusy %\t")
	for _, s := range r.Stages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%.0f%%\t\n", s.Name, s.Workers, s.Items, dur(s.Busy), dur(s.MeanBusy),
			dur(s.WaitIn), dur(s.WaitOut), 100*s.Utilisation)
	}
	tw.Flush()
	fmt.Fprintf(&b, "\nwall %s   %.2f images/s   %.1f input Mpix/s (%.1f MP in)\n", dur(r.Wall), r.ImagesPerSec, r.MegapixelsPerS, r.InputMegapixels)
	if r.Bottleneck != "" {
		fmt.Fprintf(&b, "bottleneck: %s. %s\n", r.Bottleneck, advice(r))
	}
	if bl := r.Baseline; bl != nil {
		fmt.Fprintf(&b, "\nbaseline: %s\n", bl.How)
		fmt.Fprintf(&b, "baseline wall %s, pipeline wall %s: speedup %.2fx on %d CPUs, parallel efficiency %.0f%%\n",
			dur(bl.Wall), dur(r.Wall), bl.Speedup, bl.CPUs, 100*bl.Efficiency)
		fmt.Fprintf(&b, "outputs byte-identical to the baseline's: %d of %d\n", bl.Identical, bl.Compared)
	}
	writeFailures(&b, r)
	writeSkipped(&b, r)
	_, err := io.WriteString(w, b.String())
	return err
}

// advice says what the stage timings suggest tuning.
func advice(r *augment.Report) string {
	var st *augment.StageSummary
	for i := range r.Stages {
		if r.Stages[i].Name == r.Bottleneck {
			st = &r.Stages[i]
		}
	}
	if st == nil {
		return ""
	}
	switch {
	case st.Name == "process" && st.Workers >= r.Machine.GOMAXPROCS:
		return fmt.Sprintf("The workers were busy %.0f%% of the time and there is one per CPU: the run is CPU-bound, as it should be.", 100*st.Utilisation)
	case st.Name == "process":
		return fmt.Sprintf("The workers were busy %.0f%% of the time: more --workers (up to %d CPUs) would help.", 100*st.Utilisation, r.Machine.GOMAXPROCS)
	case st.Utilisation > 0.8:
		return fmt.Sprintf("The %s stage was busy %.0f%% of the time: give it more goroutines (--%ss).", st.Name, 100*st.Utilisation, strings.TrimSuffix(st.Name, "e")+"er")
	}
	return "No stage was saturated: the run is short or waits on something outside augpipe."
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
