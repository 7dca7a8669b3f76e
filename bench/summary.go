package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// columnHelp explains each column of the table, for summary.md and --help.
func columnHelp() string {
	return `  configuration      what ran (w workers, r readers, wr writers, buf channel capacity)
  wall s (min-max)   median wall time over the repeats (fastest-slowest), measured inside
                     the child from having the file list to the last output written
  CPU s              median user+system CPU time of the child process (and its children)
  CPUs busy          CPU s / wall s: how many CPUs the configuration kept busy on average;
                     under 1 for the sequential baseline means the machine was shared
  img/s, Mpix/s      images and input megapixels per second at the median wall time
  speedup            the sequential baseline's median wall time / this one's
  x Pillow seed/fit  this configuration's img/s / Pillow's pool at the same worker count
                     (@N), seed (blur-first) order and fit-first; @1 falls back to
                     Pillow's plain loop
  efficiency         speedup over the same family's sequential run (augpipe's baseline;
                     for Pillow, its loop in the same order) / CPUs used,
                     CPUs = min(GOMAXPROCS, CPU-bound goroutines or processes)
  peak RSS MB        the largest peak resident set over the repeats (for a Pillow pool,
                     the sum of each process's own peak: an upper bound)
  stages busy/wait % pipeline only: per stage, the share of its goroutine-time spent busy
                     (busy / (wall x goroutines)) and waiting (for input or for room)
`
}

// writeSummary writes summary.md.
func writeSummary(path string, r *Results, charts []string) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "# augpipe benchmark, %s\n\n", r.Started.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "Command: `%s`  \n", strings.Join(r.Command, " "))
	fmt.Fprintf(&b, "Machine: %s, %d cores, GOMAXPROCS %d, %s, %s/%s", m.CPU, m.Cores, m.GOMAXPROCS, m.GoVersion, m.OS, m.Arch)
	if m.Pillow != "" {
		fmt.Fprintf(&b, ", Pillow %s (%s)", m.Pillow, m.Python)
	} else {
		b.WriteString(", no Pillow")
	}
	fmt.Fprintf(&b, "  \nLoad average at start: %s; at end: %s  \n", m.LoadAvg, m.LoadAvgEnd)
	c := r.Corpus
	fmt.Fprintf(&b, "Corpus: %s: %d images, %.1f MP (%.1f-%.1f MP each), %.1f MB", c.Dir, c.Images, c.Megapixels, c.MinMP, c.MaxMP, float64(c.Bytes)/1e6)
	if c.Synthetic != "" {
		fmt.Fprintf(&b, " (synthetic: %s)", c.Synthetic)
	}
	fmt.Fprintf(&b, "  \nSet: %s, %d repeats, round-robin; took %s.\n\n", r.Set, r.Repeat, r.Duration.Round(time.Second))

	b.WriteString("| " + strings.Join(columns(), " | ") + " |\n|")
	b.WriteString(strings.Repeat(" --- |", len(columns())) + "\n")
	for _, row := range tableRows(r.Configs) {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	b.WriteString("\n## Targets\n\n")
	for _, h := range r.Headlines {
		fmt.Fprintf(&b, "- %s", headlineLine(h))
		if h.How != "" {
			fmt.Fprintf(&b, " — %s", h.How)
		}
		b.WriteString("\n")
	}
	if p := r.Projection; p != nil {
		b.WriteString("\n## Projection past this machine (a model, not a measurement)\n\n")
		fmt.Fprintf(&b, "Model: %s.  \nService times per image from %q: read %.1f ms, process %.1f ms, write %.1f ms; %d reader(s), %d writer(s).  \n",
			p.Model, p.Source, p.ReadMs, p.ProcessMs, p.WriteMs, p.Readers, p.Writers)
		fmt.Fprintf(&b, "It ignores %s.\n\n", p.Ignores)
		b.WriteString("| cores | img/s | speedup | bound by |\n| --- | --- | --- | --- |\n")
		for _, pt := range p.Points {
			fmt.Fprintf(&b, "| %d | %.2f | %.1fx | %s |\n", pt.Cores, pt.ImagesPerS, pt.Speedup, pt.Bound)
		}
	}
	if len(charts) > 0 {
		b.WriteString("\n## Charts\n\n")
		for _, name := range charts {
			fmt.Fprintf(&b, "![%s](%s)\n\n", name, name)
		}
	}
	b.WriteString("## Columns\n\n```\n" + columnHelp() + "```\n")
	if len(r.Notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("summary.md: %w", err)
	}
	return nil
}
