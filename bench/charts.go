package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// writeCharts writes the SVG charts into dir and returns their file names.
func writeCharts(dir string, r *Results) ([]string, error) {
	charts := []struct{ name, svg string }{
		{"speedup.svg", speedupChart(r)},
		{"stages.svg", stagesChart(r.Configs)},
		{"steps.svg", stepsChart(r.Configs)},
	}
	var names []string
	for _, c := range charts {
		if c.svg == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, c.name), []byte(c.svg), 0o644); err != nil {
			return names, fmt.Errorf("chart: %w", err)
		}
		names = append(names, c.name)
	}
	return names, nil
}

// series is a set of measured points on the speedup chart.
type series struct {
	name  string
	color string
	pts   [][2]float64 // workers, speedup
	line  bool
}

// speedupChart plots speedup over the sequential baseline against workers
// on log-log axes: the ideal linear line, the measured pipeline, pool and
// Pillow pools, and the model's projection past this machine, marked as such.
func speedupChart(r *Results) string {
	colors := palette()
	var pipe, pool, pilSeed, pilFit series
	pipe = series{name: "pipeline (measured)", color: colors[0], line: true}
	pool = series{name: "pool, read-to-write (measured)", color: colors[2], line: true}
	pilSeed = series{name: "Pillow pool, seed order (measured)", color: colors[3], line: true}
	pilFit = series{name: "Pillow pool, fit-first (measured)", color: colors[4], line: true}
	for _, c := range r.Configs {
		s := c.Summary.Speedup
		if s <= 0 || c.Workers < 1 {
			continue
		}
		pt := [2]float64{float64(c.Workers), s}
		switch {
		case c.Kind == KindPipeline && c.Order == "" && c.Readers == 1 && c.Writers == 1 && c.Buffer == r.Machine.GOMAXPROCS:
			pipe.pts = append(pipe.pts, pt)
		case c.Kind == KindPool:
			pool.pts = append(pool.pts, pt)
		case c.Kind == KindPillow && c.Order == OrderBlurFirst:
			pilSeed.pts = append(pilSeed.pts, pt)
		case c.Kind == KindPillow && c.Order == OrderFitFirst:
			pilFit.pts = append(pilFit.pts, pt)
		}
	}
	all := []series{pipe, pool, pilSeed, pilFit}
	if len(pipe.pts)+len(pool.pts) == 0 {
		return ""
	}
	maxX, maxY := 64.0, 64.0
	minY := 0.5
	for _, s := range all {
		for _, p := range s.pts {
			maxX, maxY, minY = math.Max(maxX, p[0]), math.Max(maxY, p[1]), math.Min(minY, p[1])
		}
	}
	const left, top, width, height, plotW, plotH = 70.0, 60.0, 900.0, 620.0, 560.0, 480.0
	d := newSVG(width, height, "Speedup over the sequential baseline vs workers (log-log)")
	lx0, lx1 := 0.0, math.Log2(maxX)
	ly0, ly1 := math.Floor(math.Log2(minY)), math.Ceil(math.Log2(maxY))
	X := func(v float64) float64 { return left + (math.Log2(v)-lx0)/(lx1-lx0)*plotW }
	Y := func(v float64) float64 { return top + plotH - (math.Log2(v)-ly0)/(ly1-ly0)*plotH }
	// Axes and grid.
	for e := lx0; e <= lx1; e++ {
		v := math.Pow(2, e)
		d.line(X(v), top, X(v), top+plotH, "#e0e0e0", 1, "")
		d.text(X(v), top+plotH+16, trimFloat(v), "middle", 11, "normal")
	}
	for e := ly0; e <= ly1; e++ {
		v := math.Pow(2, e)
		d.line(left, Y(v), left+plotW, Y(v), "#e0e0e0", 1, "")
		d.text(left-6, Y(v)+4, trimFloat(v), "end", 11, "normal")
	}
	d.line(left, top+plotH, left+plotW, top+plotH, "black", 1, "")
	d.line(left, top, left, top+plotH, "black", 1, "")
	d.text(left+plotW/2, top+plotH+36, "workers (measured) / cores (projection)", "middle", 12, "normal")
	fmt.Fprintf(&d.b, `<text x="0" y="0" transform="translate(22 %.1f) rotate(-90)" text-anchor="middle" font-size="12">%s</text>`+"\n",
		top+plotH/2, esc("speedup over the sequential baseline"))
	// This machine's CPUs.
	if n := float64(r.Machine.GOMAXPROCS); n >= 1 {
		d.line(X(n), top, X(n), top+plotH, "#555555", 1, "2,3")
		d.text(X(n)+4, top+14, fmt.Sprintf("this machine: %d CPUs", r.Machine.GOMAXPROCS), "start", 11, "normal")
	}
	// Ideal linear speedup.
	d.polyline([][2]float64{{X(1), Y(1)}, {X(math.Min(maxX, maxY)), Y(math.Min(maxX, maxY))}}, "#888888", 1.5, "6,4")
	legendX, legendY := left+plotW+20, top+10
	legendItem := func(name, color, dash string, dot bool) {
		d.line(legendX, legendY-4, legendX+24, legendY-4, color, 2, dash)
		if dot {
			d.circle(legendX+12, legendY-4, 4, color, name)
		}
		lines := wrap(name, 28)
		for i, part := range lines {
			d.text(legendX+30, legendY+float64(i)*14, part, "start", 11, "normal")
		}
		legendY += 14*float64(len(lines)-1) + 22
	}
	legendItem("ideal (linear)", "#888888", "6,4", false)
	// Projection.
	if p := r.Projection; p != nil && len(p.Points) > 0 {
		var pts [][2]float64
		for _, pt := range p.Points {
			if pt.Speedup > 0 {
				pts = append(pts, [2]float64{X(float64(pt.Cores)), Y(pt.Speedup)})
			}
		}
		d.polyline(pts, colors[1], 2, "3,3")
		for _, pt := range p.Points {
			if pt.Speedup > 0 {
				d.circle(X(float64(pt.Cores)), Y(pt.Speedup), 3, "white",
					fmt.Sprintf("projection: %d cores, %.1fx, %s-bound", pt.Cores, pt.Speedup, pt.Bound))
			}
		}
		legendItem("PROJECTION (model, not measured): pipeline with workers = cores", colors[1], "3,3", false)
	}
	for _, s := range all {
		if len(s.pts) == 0 {
			continue
		}
		var pts [][2]float64
		for _, p := range s.pts {
			pts = append(pts, [2]float64{X(p[0]), Y(p[1])})
		}
		if s.line && len(pts) > 1 {
			d.polyline(pts, s.color, 1.5, "")
		}
		for i, p := range s.pts {
			d.circle(pts[i][0], pts[i][1], 5, s.color, fmt.Sprintf("%s: %g workers, %.2fx", s.name, p[0], p[1]))
		}
		legendItem(s.name, s.color, "", true)
	}
	return d.String()
}

// wrap splits s into lines of at most n characters at spaces.
func wrap(s string, n int) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > n {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	return append(lines, cur)
}

// stagesChart draws, for every pipeline configuration, one bar per stage
// split into busy, waiting for input and waiting for room downstream, in
// goroutine-seconds.
func stagesChart(configs []ConfigResult) string {
	var rows []barRow
	for _, c := range configs {
		for _, st := range c.Summary.Stages {
			rows = append(rows, barRow{
				Label:    fmt.Sprintf("%s | %s x%d", c.Name, st.Name, st.Goroutines),
				Segments: []float64{st.BusyS, st.WaitInS, st.WaitOutS},
			})
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return stackedBars("Pipeline stages: where each stage's goroutines spent the run (median run)",
		"goroutine-seconds (summed over the stage's goroutines)",
		[]string{"busy", "waiting for input", "waiting for room downstream"}, rows)
}

// stepsChart draws, for every Go configuration, the time per image in each
// step, stacked.
func stepsChart(configs []ConfigResult) string {
	steps := []string{"read", "decode", "blur", "thumbnail", "encode", "write"}
	var rows []barRow
	for _, c := range configs {
		m := c.Summary.StepsMsPerImage
		if len(m) == 0 {
			continue
		}
		row := barRow{Label: c.Name}
		for _, s := range steps {
			row.Segments = append(row.Segments, m[s])
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return ""
	}
	return stackedBars("Time per image in each step (median run; wall time inside the step, so it grows when CPUs are shared)",
		"milliseconds per image", steps, rows)
}
