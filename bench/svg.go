package main

import (
	"encoding/xml"
	"fmt"
	"math"
	"strings"
)

// The charts are hand-written SVG: a few rectangles, lines and labels need
// no chart library, and the files open in any browser. Tooltips are <title>
// elements on a group around each shape (some renderers drop shapes that
// have children).

// svgDoc accumulates an SVG document.
type svgDoc struct {
	b    strings.Builder
	w, h float64
}

func newSVG(w, h float64, title string) *svgDoc {
	d := &svgDoc{w: w, h: h}
	fmt.Fprintf(&d.b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif" font-size="12">`+"\n",
		w, h, w, h)
	fmt.Fprintf(&d.b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&d.b, `<rect x="0" y="0" width="%.0f" height="%.0f" fill="white"/>`+"\n", w, h)
	d.text(w/2, 22, title, "middle", 15, "bold")
	return d
}

func (d *svgDoc) text(x, y float64, s, anchor string, size float64, weight string) {
	fmt.Fprintf(&d.b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="%.0f" font-weight="%s">%s</text>`+"\n",
		x, y, anchor, size, weight, esc(s))
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	extra := ""
	if dash != "" {
		extra = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	fmt.Fprintf(&d.b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"%s/>`+"\n",
		x1, y1, x2, y2, stroke, width, extra)
}

func (d *svgDoc) rect(x, y, w, h float64, fill, tooltip string) {
	fmt.Fprintf(&d.b, `<g><title>%s</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/></g>`+"\n",
		esc(tooltip), x, y, math.Max(w, 0), math.Max(h, 0), fill)
}

func (d *svgDoc) polyline(pts [][2]float64, stroke string, width float64, dash string) {
	var s strings.Builder
	for _, p := range pts {
		fmt.Fprintf(&s, "%.1f,%.1f ", p[0], p[1])
	}
	extra := ""
	if dash != "" {
		extra = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	fmt.Fprintf(&d.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%.1f"%s/>`+"\n",
		strings.TrimSpace(s.String()), stroke, width, extra)
}

func (d *svgDoc) circle(x, y, r float64, fill, tooltip string) {
	fmt.Fprintf(&d.b, `<g><title>%s</title><circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="black" stroke-width="0.5"/></g>`+"\n",
		esc(tooltip), x, y, r, fill)
}

// legend draws coloured swatches with labels in a row from (x, y).
func (d *svgDoc) legend(x, y float64, names, colors []string) {
	for i, n := range names {
		d.rect(x, y-10, 12, 12, colors[i%len(colors)], n)
		d.text(x+16, y, n, "start", 12, "normal")
		x += 22 + 7*float64(len(n))
	}
}

func (d *svgDoc) String() string { return d.b.String() + "</svg>\n" }

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// palette is a colour-blind-safe set (Okabe and Ito).
func palette() []string {
	return []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"}
}

// barRow is one horizontal stacked bar.
type barRow struct {
	Label    string
	Segments []float64
}

// stackedBars draws one horizontal stacked bar per row; series names the
// segments. unit labels the axis.
func stackedBars(title, unit string, series []string, rows []barRow) string {
	const left, right, top, rowH = 300.0, 40.0, 70.0, 24.0
	width := 1000.0
	height := top + rowH*float64(len(rows)) + 50
	d := newSVG(width, height, title)
	colors := palette()
	d.legend(left, 48, series, colors)
	maxTotal := 0.0
	for _, r := range rows {
		t := 0.0
		for _, v := range r.Segments {
			t += v
		}
		maxTotal = math.Max(maxTotal, t)
	}
	if maxTotal <= 0 {
		maxTotal = 1
	}
	scale := (width - left - right) / maxTotal
	for i, r := range rows {
		y := top + rowH*float64(i)
		d.text(left-8, y+rowH*0.65, r.Label, "end", 12, "normal")
		x := left
		for k, v := range r.Segments {
			d.rect(x, y+3, v*scale, rowH-6, colors[k%len(colors)], fmt.Sprintf("%s %s: %.3g %s", r.Label, series[k], v, unit))
			x += v * scale
		}
	}
	axisY := top + rowH*float64(len(rows)) + 5
	d.line(left, axisY, width-right, axisY, "black", 1, "")
	for _, t := range niceTicks(maxTotal) {
		x := left + t*scale
		d.line(x, axisY, x, axisY+5, "black", 1, "")
		d.text(x, axisY+18, trimFloat(t), "middle", 11, "normal")
	}
	d.text(left+(width-left-right)/2, axisY+36, unit, "middle", 12, "normal")
	return d.String()
}

// niceTicks returns about five round tick values from 0 to max.
func niceTicks(max float64) []float64 {
	step := math.Pow(10, math.Floor(math.Log10(max/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		if max/(step*m) <= 6 {
			step *= m
			break
		}
	}
	var ts []float64
	for t := 0.0; t <= max*1.0001; t += step {
		ts = append(ts, t)
	}
	return ts
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}
