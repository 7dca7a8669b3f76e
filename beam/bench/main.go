// Command bench measures augpipe on Beam's local runner, Prism, against
// the augpipe command on the same CPUs: steady-state throughput, the
// overhead per element, the job's start-up time and the peak memory.
//
//	cd beam && go run ./bench --corpus /work/corpus
//
// It builds both commands, makes a folder of --copies copies of the
// corpus (hard links), then alternates the two for --rounds rounds and
// prints the medians. A run on one small image gives each command's
// start-up time; the steady-state throughput is the images over the wall
// time less that start-up.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	corpus := flag.String("corpus", "", "folder of photos (the 14-photo corpus)")
	copies := flag.Int("copies", 16, "copies of the corpus to process")
	rounds := flag.Int("rounds", 3, "alternated rounds; medians are printed")
	workers := flag.Int("workers", 2, "--workers of both commands")
	flag.Parse()
	if *corpus == "" || *copies < 1 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench --corpus DIR [--copies 16] [--rounds 3] [--workers 2]")
		os.Exit(2)
	}
	if err := bench(os.Stdout, *corpus, *copies, *rounds, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// measure is one run of a command.
type measure struct {
	wall, cpu time.Duration
	rssKB     int64
}

func bench(w io.Writer, corpus string, copies, rounds, workers int) error {
	work, err := os.MkdirTemp("", "augpipe-beam-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	cmdBin, beamBin := filepath.Join(work, "augpipe"), filepath.Join(work, "augpipe-beam")
	// The root module is .. in beam/go.work: its command builds from the
	// same workspace.
	if err := goBuild(cmdBin, "github.com/augpipe/augpipe"); err != nil {
		return err
	}
	if err := goBuild(beamBin, "github.com/augpipe/augpipe/beam/cmd/augpipe-beam"); err != nil {
		return err
	}
	in, n, err := replicate(corpus, filepath.Join(work, "in"), copies)
	if err != nil {
		return err
	}
	one, _, err := replicate(corpus, filepath.Join(work, "one"), 0)
	if err != nil {
		return err
	}
	cmdRun := func(input string) (measure, error) {
		out := filepath.Join(work, "out-cmd")
		os.RemoveAll(out)
		return timed(cmdBin, "-r", input, "-o", out, "--workers", fmt.Sprint(workers), "-q")
	}
	beamRun := func(input string) (measure, error) {
		out := filepath.Join(work, "out-beam")
		os.RemoveAll(out)
		return timed(beamBin, "--input", input, "--output", out, "--workers", fmt.Sprint(workers))
	}
	fmt.Fprintf(w, "augpipe-beam bench: %d images (%d copies of %s), GOMAXPROCS %d, %d rounds alternated, %s\n",
		n, copies, corpus, runtime.GOMAXPROCS(0), rounds, time.Now().UTC().Format(time.RFC3339))
	var cmdAll, beamAll, cmdOne, beamOne []measure
	for r := range rounds {
		for _, step := range []struct {
			run   func(string) (measure, error)
			input string
			into  *[]measure
		}{{cmdRun, one, &cmdOne}, {beamRun, one, &beamOne}, {cmdRun, in, &cmdAll}, {beamRun, in, &beamAll}} {
			m, err := step.run(step.input)
			if err != nil {
				return err
			}
			*step.into = append(*step.into, m)
		}
		fmt.Fprintf(w, "round %d: command %s (one image %s), Prism %s (one image %s)\n", r+1,
			last(cmdAll).wall.Round(time.Millisecond), last(cmdOne).wall.Round(time.Millisecond),
			last(beamAll).wall.Round(time.Millisecond), last(beamOne).wall.Round(time.Millisecond))
	}
	c, b := median(cmdAll), median(beamAll)
	c1, b1 := median(cmdOne), median(beamOne)
	cTput := float64(n) / (c.wall - c1.wall).Seconds()
	bTput := float64(n) / (b.wall - b1.wall).Seconds()
	perElem := func(m, one measure) float64 { return float64(m.wall-one.wall) / float64(time.Millisecond) / float64(n) }
	cpuPer := func(m measure) float64 { return float64(m.cpu) / float64(time.Millisecond) / float64(n) }
	fmt.Fprintf(w, "\n%-28s %14s %14s\n", "median of the rounds", "command", "Prism")
	fmt.Fprintf(w, "%-28s %14s %14s\n", "wall, all images", c.wall.Round(time.Millisecond), b.wall.Round(time.Millisecond))
	fmt.Fprintf(w, "%-28s %14s %14s\n", "start-up (one small image)", c1.wall.Round(time.Millisecond), b1.wall.Round(time.Millisecond))
	fmt.Fprintf(w, "%-28s %14.2f %14.2f\n", "steady-state images/s", cTput, bTput)
	fmt.Fprintf(w, "%-28s %14.1f %14.1f\n", "wall ms per image", perElem(c, c1), perElem(b, b1))
	fmt.Fprintf(w, "%-28s %14.1f %14.1f\n", "CPU ms per image", cpuPer(c), cpuPer(b))
	fmt.Fprintf(w, "%-28s %14.0f %14.0f\n", "peak RSS, MB", float64(c.rssKB)/1024, float64(b.rssKB)/1024)
	fmt.Fprintf(w, "\nPrism / command steady-state throughput: %.2fx (issue's floor: 0.80x)\n", bTput/cTput)
	fmt.Fprintf(w, "overhead per element: %.1f ms of wall, %.1f ms of CPU\n", perElem(b, b1)-perElem(c, c1), cpuPer(b)-cpuPer(c))
	fmt.Fprintf(w, "start-up: Prism %s more than the command\n", (b1.wall - c1.wall).Round(time.Millisecond))
	return nil
}

func last(ms []measure) measure { return ms[len(ms)-1] }

// median returns the run of median wall time.
func median(ms []measure) measure {
	s := slices.Clone(ms)
	slices.SortFunc(s, func(a, b measure) int { return int(a.wall - b.wall) })
	return s[len(s)/2]
}

// goBuild builds pkg into bin.
func goBuild(bin, pkg string) error {
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// replicate makes dir hold copies copies of corpus's JPEGs, as hard links
// (copies where links fail) under copy-NN/, and returns it with the
// number of images; copies 0 makes it hold the smallest one alone.
func replicate(corpus, dir string, copies int) (string, int, error) {
	entries, err := os.ReadDir(corpus)
	if err != nil {
		return "", 0, err
	}
	var photos []string
	for _, e := range entries {
		if strings.HasSuffix(strings.ToLower(e.Name()), ".jpg") {
			photos = append(photos, e.Name())
		}
	}
	if len(photos) == 0 {
		return "", 0, fmt.Errorf("no .jpg in %s", corpus)
	}
	if copies == 0 {
		smallest, size := "", int64(-1)
		for _, p := range photos {
			st, err := os.Stat(filepath.Join(corpus, p))
			if err != nil {
				return "", 0, err
			}
			if size < 0 || st.Size() < size {
				smallest, size = p, st.Size()
			}
		}
		photos, copies = []string{smallest}, 1
	}
	n := 0
	for c := range copies {
		sub := filepath.Join(dir, fmt.Sprintf("copy-%02d", c))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return "", 0, err
		}
		for _, p := range photos {
			src, dst := filepath.Join(corpus, p), filepath.Join(sub, p)
			if err := os.Link(src, dst); err != nil {
				data, err := os.ReadFile(src)
				if err != nil {
					return "", 0, err
				}
				if err := os.WriteFile(dst, data, 0o644); err != nil {
					return "", 0, err
				}
			}
			n++
		}
	}
	return dir, n, nil
}

// timed runs bin with args and returns its wall time, CPU time and peak
// resident memory.
func timed(bin string, args ...string) (measure, error) {
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%s %s: %w\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		m.rssKB = ru.Maxrss
	}
	return m, nil
}
