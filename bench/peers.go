package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/augpipe/augpipe/augment"
)

// The peer comparison (--peers) sets augpipe beside other programs doing
// the same job, each the median of --repeat alternated rounds run by this
// one bench process, and prints every ratio next to its target. A mode
// (peerModes) contributes the commands it needs and the ratios it computes
// from them; commands of the same name are run once per round however many
// modes use them, so modes share augpipe's runs.

// peerRun is what one run of a command measured.
type peerRun struct {
	// Wall is the command's elapsed time as this process saw it.
	Wall time.Duration
	// CPU is the user plus system time of the processes the command ran.
	CPU time.Duration
}

// peerCmd is a command that the comparison runs once per round.
type peerCmd struct {
	// Name identifies the command in the table and in ratios.
	Name string
	// Show is the command as printed, to be run by hand.
	Show string
	// Run runs it once, with out an empty folder for its outputs.
	Run func(ctx context.Context, out string) (peerRun, error)
}

// Metrics a ratio compares.
const (
	metricWall = "wall"
	metricCPU  = "CPU"
)

// peerRatio is a figure computed from two commands' median runs:
// Factor x Num's median metric / Den's median metric.
type peerRatio struct {
	Name     string
	Num, Den string
	Metric   string
	Factor   float64
	// Target is the bound the figure must meet: at least Target, or with
	// AtMost at most Target. Percent prints figure and target as percentages.
	Target  float64
	AtMost  bool
	Percent bool
}

// peerSet is what the selected modes ask for.
type peerSet struct {
	cmds   []peerCmd
	ratios []peerRatio
	notes  []string
}

// add adds a command unless one of that name is already there.
func (s *peerSet) add(c peerCmd) {
	if !slices.ContainsFunc(s.cmds, func(o peerCmd) bool { return o.Name == c.Name }) {
		s.cmds = append(s.cmds, c)
	}
}

// peerEnv is what modes build their commands from.
type peerEnv struct {
	Options
	procs int
	r     *runner // runs augpipe's pipeline in a child of this binary
}

// peerMode adds a comparison's commands, ratios and notes to a set.
type peerMode struct {
	Name string
	// Group is a name that selects several modes at once ("jpeg").
	Group string
	Add   func(ctx context.Context, env *peerEnv, set *peerSet) error
}

// peerModes lists the comparisons --peers can run, in table order.
func peerModes() []peerMode {
	return []peerMode{
		{Name: "floor", Group: "jpeg", Add: addFloor},
		{Name: "vips", Group: "jpeg", Add: addVips},
		{Name: "pillow", Group: "jpeg", Add: addPillowFit},
		{Name: "efficiency", Group: "jpeg", Add: addEfficiency},
	}
}

// selectPeerModes returns the modes a comma-separated list names (mode
// names or groups), or an error naming what it does not know.
func selectPeerModes(list string) ([]peerMode, error) {
	all := peerModes()
	var out []peerMode
	for w := range strings.SplitSeq(list, ",") {
		w = strings.TrimSpace(w)
		found := false
		for _, m := range all {
			if (m.Name == w || m.Group == w) && !slices.ContainsFunc(out, func(o peerMode) bool { return o.Name == m.Name }) {
				out = append(out, m)
			}
			found = found || m.Name == w || m.Group == w
		}
		if !found {
			var names []string
			for _, m := range all {
				names = append(names, m.Name)
			}
			return nil, fmt.Errorf("--peers %q: no mode %q (modes: %s; groups: jpeg)", list, w, strings.Join(names, ", "))
		}
	}
	return out, nil
}

// runPeers runs the comparison that o.Peers selects and prints it to w.
func runPeers(ctx context.Context, o Options, w io.Writer, prog *progress) error {
	modes, err := selectPeerModes(o.Peers)
	if err != nil {
		return err
	}
	corpus, err := describeCorpus(ctx, o.Corpus)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this binary to re-execute: %w", err)
	}
	env := &peerEnv{Options: o, procs: runtime.GOMAXPROCS(0),
		r: &runner{exe: exe, corpus: o.Corpus, images: corpus.Images}}
	set := &peerSet{}
	for _, m := range modes {
		if err := m.Add(ctx, env, set); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	fmt.Fprintf(w, "augpipe peer comparison: %s\n", strings.Join(o.Command, " "))
	mi := thisMachine(nil)
	fmt.Fprintf(w, "machine: %s, %d cores, GOMAXPROCS %d, %s; load average at start %s\n",
		mi.CPU, mi.Cores, env.procs, mi.GoVersion, mi.LoadAvg)
	fmt.Fprintf(w, "corpus: %s, %d images, %.1f MP; %d rounds, commands alternated (reversed every other round)\n\n",
		corpus.Dir, corpus.Images, corpus.Megapixels, o.Repeat)
	for _, n := range set.notes {
		fmt.Fprintln(w, n)
	}
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range set.cmds {
		fmt.Fprintf(w, "  %-22s %s\n", c.Name, c.Show)
	}
	fmt.Fprintln(w)

	runs, err := runPeerRounds(ctx, set.cmds, o.Repeat, prog)
	if err != nil {
		return err
	}
	if err := writePeerTable(w, set, runs); err != nil {
		return err
	}
	end := loadAvg()
	fmt.Fprintf(w, "\nload average at end %s\n", end)
	if n := busyElsewhere(mi.Cores, mi.LoadAvg, end); n != "" {
		fmt.Fprintln(w, n)
	}
	return nil
}

// runPeerRounds runs every command once per round, in the listed order in
// even rounds and reversed in odd ones, so that a drift in the machine's
// speed falls on every command alike. It stops at the first failure.
func runPeerRounds(ctx context.Context, cmds []peerCmd, rounds int, prog *progress) (map[string][]peerRun, error) {
	runs := map[string][]peerRun{}
	if prog != nil {
		prog.start = time.Now()
	}
	for round := range rounds {
		order := slices.Clone(cmds)
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for i, c := range order {
			prog.update(round, rounds, i, len(cmds), c.Name)
			out, err := os.MkdirTemp("", "augpipe-peers-")
			if err != nil {
				return nil, err
			}
			r, err := c.Run(ctx, out)
			os.RemoveAll(out)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.Name, err)
			}
			runs[c.Name] = append(runs[c.Name], r)
		}
	}
	prog.done()
	return runs, nil
}

// seconds returns r's metric (metricWall or metricCPU) in seconds.
func (r peerRun) seconds(metric string) float64 {
	if metric == metricCPU {
		return r.CPU.Seconds()
	}
	return r.Wall.Seconds()
}

// medianOf returns the median, minimum and maximum of metric over runs, in
// seconds.
func medianOf(runs []peerRun, metric string) Stat {
	xs := make([]float64, len(runs))
	for i, r := range runs {
		xs[i] = r.seconds(metric)
	}
	return stat(xs)
}

// writePeerTable prints each command's medians, then each ratio with its
// target.
func writePeerTable(w io.Writer, set *peerSet, runs map[string][]peerRun) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "command\truns\twall s median (min-max)\tCPU s median (min-max)")
	for _, c := range set.cmds {
		wall, cpu := medianOf(runs[c.Name], metricWall), medianOf(runs[c.Name], metricCPU)
		fmt.Fprintf(tw, "%s\t%d\t%.3f (%.3f-%.3f)\t%.3f (%.3f-%.3f)\n", c.Name, len(runs[c.Name]),
			wall.Median, wall.Min, wall.Max, cpu.Median, cpu.Min, cpu.Max)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "figure\tvalue\ttarget\tmet\thow (paired rounds' range)")
	for _, r := range set.ratios {
		v, lo, hi := r.value(runs)
		met := v >= r.Target
		op := ">="
		if r.AtMost {
			met, op = v <= r.Target, "<="
		}
		f := func(x float64) string { return fmt.Sprintf("%.2fx", x) }
		if r.Percent {
			f = func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
		}
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\n", r.Name, f(v), op, f(r.Target), yesNo(met),
			fmt.Sprintf("%s%s of %q / %s of %q (%s-%s)", factorText(r.Factor), r.Metric, r.Num, r.Metric, r.Den, f(lo), f(hi)))
	}
	return tw.Flush()
}

// value is the ratio of the medians, and the range of the ratios of runs
// paired by round.
func (r peerRatio) value(runs map[string][]peerRun) (v, lo, hi float64) {
	num, den := medianOf(runs[r.Num], r.Metric), medianOf(runs[r.Den], r.Metric)
	if den.Median <= 0 {
		return 0, 0, 0
	}
	a, b := runs[r.Num], runs[r.Den]
	var paired []float64
	for i := range min(len(a), len(b)) {
		x, y := a[i].seconds(r.Metric), b[i].seconds(r.Metric)
		if y > 0 {
			paired = append(paired, r.Factor*x/y)
		}
	}
	p := stat(paired)
	return r.Factor * num.Median / den.Median, p.Min, p.Max
}

func factorText(f float64) string {
	if f == 1 {
		return ""
	}
	return fmt.Sprintf("%g x ", f)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// execRun runs cmd and measures it: wall time around it, and the CPU time
// of the process and of the children it waited for.
func execRun(cmd *exec.Cmd) (peerRun, error) {
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return peerRun{}, fmt.Errorf("%s: %w: %s", cmd.Path, err, strings.TrimSpace(stderr.String()))
	}
	ps := cmd.ProcessState
	return peerRun{Wall: wall, CPU: ps.UserTime() + ps.SystemTime()}, nil
}

// augpipeCmd is augpipe's pipeline (augment.RunFolder, as the command runs
// it) with the given workers, in a child process of this binary; its
// figures are the child's whole lifetime, as for the other commands.
func augpipeCmd(env *peerEnv, name string, workers int) peerCmd {
	def := augment.DefaultConfig()
	spec := Spec{Name: name, Kind: KindPipeline, Workers: workers, Readers: def.Readers, Writers: def.Writers, Buffer: def.Buffer}
	flag := fmt.Sprintf(" --workers %d", workers)
	if workers == def.Workers {
		flag = ""
	}
	show := fmt.Sprintf("augpipe %s -o OUT%s   (augment.RunFolder with augment.DefaultConfig in a child of this binary)",
		env.Corpus, flag)
	return peerCmd{Name: name, Show: show, Run: func(ctx context.Context, _ string) (peerRun, error) {
		m, err := env.r.runOnce(ctx, spec)
		if err != nil {
			return peerRun{}, err
		}
		return peerRun{Wall: m.ProcessWall, CPU: m.CPU()}, nil
	}}
}
