package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// columns are the table's headings, explained in the summary and --help.
func columns() []string {
	return []string{
		"configuration", "wall s (min-max)", "CPU s", "CPUs busy", "img/s", "Mpix/s", "speedup",
		"x Pillow seed", "x Pillow fit", "efficiency", "peak RSS MB", "stages busy/wait %",
	}
}

// tableRows formats every configuration as one row of columns.
func tableRows(configs []ConfigResult) [][]string {
	rows := make([][]string, 0, len(configs))
	for _, c := range configs {
		s := c.Summary
		if c.Error != "" {
			row := []string{c.Name, "failed (see notes)"}
			for len(row) < len(columns()) {
				row = append(row, "-")
			}
			rows = append(rows, row)
			continue
		}
		rows = append(rows, []string{
			c.Name,
			fmt.Sprintf("%.2f (%.2f-%.2f)", s.WallS.Median, s.WallS.Min, s.WallS.Max),
			fmt.Sprintf("%.2f", s.CPUS.Median),
			optional("%.2f", ratio(s.CPUS.Median, s.WallS.Median)),
			fmt.Sprintf("%.2f", s.ImagesPerS),
			fmt.Sprintf("%.1f", s.MpixPerS),
			optional("%.2fx", s.Speedup),
			vsPillow(s.VsPillowSeed, s.PillowWorkers),
			vsPillow(s.VsPillowFit, s.PillowWorkers),
			optional("%.0f%%", 100*s.Efficiency),
			fmt.Sprintf("%.0f", s.PeakRSSMB),
			stagesCell(s.Stages),
		})
	}
	return rows
}

func optional(format string, v float64) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

func vsPillow(v float64, workers int) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx @%d", v, workers)
}

// stagesCell is each stage's busy and waiting share of its goroutine-time
// (wall x goroutines): "read 1/99 process 97/3 write 2/98".
func stagesCell(stages []StageSplit) string {
	if len(stages) == 0 {
		return "-"
	}
	parts := make([]string, len(stages))
	for i, st := range stages {
		parts[i] = fmt.Sprintf("%s %.0f/%.0f", st.Name, 100*st.Busy, 100*st.Wait)
	}
	return strings.Join(parts, " ")
}

// writeTable writes the results as an aligned text table, then the
// headline ratios.
func writeTable(w io.Writer, r *Results) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(columns(), "\t"))
	for _, row := range tableRows(r.Configs) {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, h := range r.Headlines {
		if h.How != "" {
			fmt.Fprintf(w, "%s: %s\n", headlineLine(h), h.How)
		} else {
			fmt.Fprintln(w, headlineLine(h))
		}
	}
	if p := r.Projection; p != nil {
		fmt.Fprintf(w, "\nprojection (model, not measured): %s\n", projectionLine(p))
	}
	return nil
}

// headlineLine is one target and its value: "name: 1.23x (target >= 2.0x, missed)".
func headlineLine(h Headline) string {
	if h.Skipped != "" {
		return fmt.Sprintf("%s: skipped, %s (target %s)", h.Name, h.Skipped, h.Target)
	}
	verdict := "missed"
	if h.Met {
		verdict = "met"
	}
	value := fmt.Sprintf("%.2fx", h.Value)
	if strings.HasSuffix(h.Target, "%") {
		value = fmt.Sprintf("%.0f%%", 100*h.Value)
	}
	return fmt.Sprintf("%s: %s (target %s, %s)", h.Name, value, h.Target, verdict)
}

func projectionLine(p *Projection) string {
	parts := make([]string, len(p.Points))
	for i, pt := range p.Points {
		parts[i] = fmt.Sprintf("%d cores %.1fx (%s-bound)", pt.Cores, pt.Speedup, pt.Bound)
	}
	return strings.Join(parts, ", ")
}
