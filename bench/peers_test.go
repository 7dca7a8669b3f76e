package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestSelectPeerModes(t *testing.T) {
	for _, tc := range []struct {
		list string
		want string // mode names, comma-separated; "" for an error
	}{
		{"jpeg", "floor,vips,pillow,efficiency"},
		{"floor", "floor"},
		{"vips, floor", "vips,floor"},
		{"floor,jpeg", "floor,vips,pillow,efficiency"},
		{"png-nope", ""},
		{"floor,", ""},
	} {
		modes, err := selectPeerModes(tc.list)
		var names []string
		for _, m := range modes {
			names = append(names, m.Name)
		}
		got := strings.Join(names, ",")
		if tc.want == "" {
			if err == nil {
				t.Errorf("selectPeerModes(%q) = %s, want an error", tc.list, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("selectPeerModes(%q) = %s, %v; want %s", tc.list, got, err, tc.want)
		}
	}
}

func TestPeerRatioValue(t *testing.T) {
	s := time.Second
	runs := map[string][]peerRun{
		"a": {{Wall: 4 * s, CPU: 2 * s}, {Wall: 6 * s, CPU: 3 * s}, {Wall: 5 * s, CPU: 1 * s}},
		"b": {{Wall: 2 * s, CPU: 1 * s}, {Wall: 2 * s, CPU: 2 * s}, {Wall: 4 * s, CPU: 1 * s}},
	}
	for _, tc := range []struct {
		r            peerRatio
		v, low, high float64
	}{
		// medians: a wall 5, CPU 2; b wall 2, CPU 1. Paired walls 2, 3, 1.25.
		{peerRatio{Num: "a", Den: "b", Metric: metricWall, Factor: 1}, 2.5, 1.25, 3},
		{peerRatio{Num: "a", Den: "b", Metric: metricCPU, Factor: 1}, 2, 1, 2},
		{peerRatio{Num: "a", Den: "b", Metric: metricWall, Factor: 0.5}, 1.25, 0.625, 1.5},
		{peerRatio{Num: "a", Den: "missing", Metric: metricWall, Factor: 1}, 0, 0, 0},
	} {
		v, lo, hi := tc.r.value(runs)
		if v != tc.v || lo != tc.low || hi != tc.high {
			t.Errorf("%+v: %g (%g-%g), want %g (%g-%g)", tc.r, v, lo, hi, tc.v, tc.low, tc.high)
		}
	}
}

// TestPeerRoundsAlternate checks that odd rounds run the commands in
// reverse and that the table shows each ratio against its target.
func TestPeerRoundsAlternate(t *testing.T) {
	var order []string
	cmd := func(name string, wall time.Duration) peerCmd {
		return peerCmd{Name: name, Show: name, Run: func(context.Context, string) (peerRun, error) {
			order = append(order, name)
			return peerRun{Wall: wall, CPU: wall}, nil
		}}
	}
	set := &peerSet{}
	set.add(cmd("x", 3*time.Second))
	set.add(cmd("y", time.Second))
	set.add(cmd("x", time.Hour)) // a second "x" is the first one
	set.ratios = []peerRatio{
		{Name: "x over y", Num: "x", Den: "y", Metric: metricWall, Factor: 1, Target: 2},
		{Name: "x over y, at most", Num: "x", Den: "y", Metric: metricCPU, Factor: 1, Target: 2, AtMost: true},
	}
	runs, err := runPeerRounds(context.Background(), set.cmds, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ""); got != "xyyxxy" {
		t.Errorf("run order %s, want xyyxxy", got)
	}
	var out bytes.Buffer
	if err := writePeerTable(&out, set, runs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"x over y  ", "3.00x  >= 2.00x  yes", "3.00x  <= 2.00x  NO"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}
