package augbeam

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"

	"github.com/augpipe/augpipe/augment"
)

// Summary is a finished job's metrics, as the runner returned them,
// summed over the workers.
type Summary struct {
	// Counts holds the job's counters (MetricWritten...) by name.
	Counts map[string]int64
	// Steps has one row per step that ran, in the order of
	// Config.StepNames.
	Steps []StepRow
	// BytesIn and BytesOut are the distributions of the written files'
	// sizes.
	BytesIn, BytesOut metrics.DistributionValue
	// PerStep lists every counter and distribution of the job by the Beam
	// step (transform) that reported it.
	PerStep []BeamMetric
}

// StepRow is the time all files spent in one augpipe step. Beam's
// distributions keep a count, a sum, a minimum and a maximum: Max stands
// where the command's report has its 95th percentile.
type StepRow struct {
	Step            string
	Items           int64
	Total, Mean     time.Duration
	Max             time.Duration
	MsPerMP         float64
	InputMegapixels float64
}

// BeamMetric is one metric of one Beam step.
type BeamMetric struct {
	Transform, Name string
	// Value is a counter's value, or a distribution's as count, sum, min
	// and max.
	Value string
}

// Summarise sums the job's metrics in res over the Beam steps that
// reported them; cfg gives the order of the augpipe steps.
func Summarise(res metrics.Results, cfg augment.Config) Summary {
	q := res.Query(func(r metrics.SingleResult) bool { return r.Namespace() == Namespace })
	s := Summary{Counts: make(map[string]int64)}
	for _, c := range q.Counters() {
		s.Counts[c.Name()] += c.Result()
		s.PerStep = append(s.PerStep, BeamMetric{c.Transform(), c.Name(), fmt.Sprint(c.Result())})
	}
	dists := make(map[string]metrics.DistributionValue)
	for _, d := range q.Distributions() {
		v := d.Result()
		if v.Count == 0 {
			continue
		}
		sum := dists[d.Name()]
		if sum.Count == 0 {
			sum.Min = v.Min
		}
		sum.Count += v.Count
		sum.Sum += v.Sum
		sum.Min, sum.Max = min(sum.Min, v.Min), max(sum.Max, v.Max)
		dists[d.Name()] = sum
		s.PerStep = append(s.PerStep, BeamMetric{d.Transform(), d.Name(),
			fmt.Sprintf("count %d sum %d min %d max %d", v.Count, v.Sum, v.Min, v.Max)})
	}
	slices.SortFunc(s.PerStep, func(a, b BeamMetric) int {
		return cmp.Or(strings.Compare(a.Transform, b.Transform), strings.Compare(a.Name, b.Name))
	})
	s.BytesIn, s.BytesOut = dists[MetricBytesIn], dists[MetricBytesOut]
	mp := float64(s.Counts[MetricPixels]) / 1e6
	for _, step := range cfg.StepNames() {
		v, ok := dists[StepMetric(step)]
		if !ok {
			continue
		}
		row := StepRow{Step: step, Items: v.Count, Total: time.Duration(v.Sum) * time.Microsecond,
			Max: time.Duration(v.Max) * time.Microsecond, InputMegapixels: mp}
		row.Mean = row.Total / time.Duration(v.Count)
		if mp > 0 {
			row.MsPerMP = float64(row.Total) / float64(time.Millisecond) / mp
		}
		s.Steps = append(s.Steps, row)
	}
	return s
}

// WriteText writes the summary: the counts, the metrics by Beam step, and
// the table of time per augpipe step with its milliseconds per input
// megapixel, as the command prints it.
func (s Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d written, %d failed, %d up to date, %d unsupported (skipped)\n",
		s.Counts[MetricWritten], s.Counts[MetricFailed], s.Counts[MetricUpToDate], s.Counts[MetricUnsupported])
	b.WriteString("\nBeam metrics by step (namespace " + Namespace + "; times in µs, sizes in bytes):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, m := range s.PerStep {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", m.Transform, m.Name, m.Value)
	}
	tw.Flush()
	b.WriteString("\n")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\titems\ttotal\tmean\tmax\tms/MP\t")
	mp := 0.0
	for _, r := range s.Steps {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%.1f\t\n", r.Step, r.Items, dur(r.Total), dur(r.Mean), dur(r.Max), r.MsPerMP)
		mp = r.InputMegapixels
	}
	tw.Flush()
	fmt.Fprintf(&b, "\n%.1f MP in; %d bytes in, %d bytes out\n", mp, s.BytesIn.Sum, s.BytesOut.Sum)
	_, err := io.WriteString(w, b.String())
	return err
}

// dur rounds d for a table.
func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
