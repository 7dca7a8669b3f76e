package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/zlib"
	flag "github.com/spf13/pflag"
)

// The --png mode measures augpipe on PNG input against Pillow thumbnailing
// first, on CPU time: `augpipe --workers 1` against `seed_augment.py --mode
// sequential --order fit-first`, each a process of its own, alternated,
// median of --repeat runs, on two sets that pngsets.sh makes: the six
// corpus photos converted by ImageMagick, and a dataset-like set of 8-bit
// RGB and RGBA, paletted, interlaced and 16-bit PNGs.

//go:embed pngsets.sh
var pngSetsScript []byte

// pngTarget is the speed-up over Pillow that the PNG mode checks for.
const pngTarget = 1.25

// pngOptions are the --png mode's flags.
type pngOptions struct {
	on        bool
	dir       string
	reference string
	inflate   string // hidden: inflate the PNGs of this folder, then exit
}

// addPNGFlags adds the --png mode's flags to fs.
func addPNGFlags(fs *flag.FlagSet) *pngOptions {
	p := &pngOptions{}
	fs.BoolVar(&p.on, "png", false, "instead, compare augpipe --workers 1 with seed_augment.py --mode sequential --order fit-first on CPU time on two PNG sets made from --corpus (needs ImageMagick's convert and Pillow)")
	fs.StringVar(&p.dir, "png-dir", "", "with --png, folder `DIR` where the PNG sets are made, kept and reused (default: a temporary folder, removed)")
	ref := os.Getenv("AUGPIPE_SEED_SCRIPT")
	if ref == "" {
		ref = "../shared/reference/seed_augment.py"
	}
	fs.StringVar(&p.reference, "reference", ref, "with --png, the Pillow reference `SCRIPT` (default $AUGPIPE_SEED_SCRIPT, else ../shared/reference/seed_augment.py)")
	fs.StringVar(&p.inflate, "png-inflate", "", "inflate the PNGs of `DIR` and exit (used by --png itself)")
	_ = fs.MarkHidden("png-inflate")
	return p
}

// pngSet is one of the two sets and its measurements.
type pngSet struct {
	name, dir  string
	files      int
	megapixels float64
	augpipe    []time.Duration
	pillow     []time.Duration
	inflate    []time.Duration
	steps      []map[string]float64 // ms/MP per step, from augpipe's report, per run
}

// runPNG runs the --png mode and returns the exit status.
func runPNG(ctx context.Context, o Options, p *pngOptions, stdout, stderr io.Writer) int {
	if p.inflate != "" {
		return inflateMain(p.inflate, stderr)
	}
	if err := p.run(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "bench --png: %v\n", err)
		return 1
	}
	return 0
}

func (p *pngOptions) run(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "augpipe-png-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := p.dir
	if dir == "" {
		dir = filepath.Join(tmp, "sets")
	}
	script := filepath.Join(tmp, "pngsets.sh")
	if err := os.WriteFile(script, pngSetsScript, 0o755); err != nil {
		return err
	}
	say := func(format string, args ...any) { fmt.Fprintf(stdout, format+"\n", args...) }
	say("making the PNG sets: sh bench/pngsets.sh %s %s", o.Corpus, dir)
	if out, err := exec.CommandContext(ctx, "sh", script, o.Corpus, dir).CombinedOutput(); err != nil {
		return fmt.Errorf("pngsets.sh: %v\n%s", err, out)
	}
	augpipe := filepath.Join(tmp, "augpipe")
	say("building augpipe: go build -o %s github.com/augpipe/augpipe", augpipe)
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", augpipe, "github.com/augpipe/augpipe").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	pil, why := findPillow(ctx, o.pythonCandidates(), tmp)
	if pil == nil {
		return fmt.Errorf("%s", why)
	}
	if _, err := os.Stat(p.reference); err != nil {
		return fmt.Errorf("the Pillow reference: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	shim := filepath.Join(tmp, "rgb_paletted.py")
	if err := os.WriteFile(shim, []byte(paletteShim), 0o644); err != nil {
		return err
	}
	sets := []*pngSet{{name: "photos", dir: filepath.Join(dir, "photos")}, {name: "dataset", dir: filepath.Join(dir, "dataset")}}
	for _, s := range sets {
		if s.files, s.megapixels, err = describePNGs(s.dir); err != nil {
			return err
		}
	}
	out := filepath.Join(tmp, "out")
	for round := 0; round < o.Repeat; round++ {
		for _, s := range sets {
			report := filepath.Join(tmp, "report.json")
			aug := exec.CommandContext(ctx, augpipe, "--workers", "1", "-q", "-o", filepath.Join(out, "augpipe-"+s.name), "--report", report, s.dir)
			// seed_augment.py cannot blur a paletted image ("image has wrong
			// mode"): for the dataset set, which has some, it runs with
			// Image.open converting them to RGB(A), as its user would have to.
			pyArgs := []string{p.reference, "--mode", "sequential", "--order", "fit-first", s.dir, filepath.Join(out, "pillow-"+s.name)}
			if s.name == "dataset" {
				pyArgs = append([]string{shim}, pyArgs...)
			}
			py := exec.CommandContext(ctx, pil.Python, pyArgs...)
			inf := exec.CommandContext(ctx, self, "--png-inflate", s.dir)
			if round == 0 {
				say("%s set: %s\n  %s\n  %s\n  inflate alone: %s", s.name, s.dir, strings.Join(aug.Args, " "), strings.Join(py.Args, " "), strings.Join(inf.Args, " "))
			}
			for _, c := range []struct {
				cmd *exec.Cmd
				to  *[]time.Duration
			}{{aug, &s.augpipe}, {py, &s.pillow}, {inf, &s.inflate}} {
				cpu, err := cpuOf(c.cmd)
				if err != nil {
					return err
				}
				*c.to = append(*c.to, cpu)
			}
			steps, err := reportSteps(report)
			if err != nil {
				return err
			}
			s.steps = append(s.steps, steps)
		}
	}
	say("")
	writePNGTable(stdout, sets, o.Repeat)
	return nil
}

// paletteShim runs a Python script with PIL.Image.open converting
// paletted images to RGB, or RGBA when they have transparency.
const paletteShim = `import runpy, sys
from PIL import Image
_open = Image.open
def _rgb(*args, **kw):
    im = _open(*args, **kw)
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    return im
Image.open = _rgb
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
`

// cpuOf runs cmd and returns its CPU time, user + system.
func cpuOf(cmd *exec.Cmd) (time.Duration, error) {
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, errb.String())
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// reportSteps reads the ms/MP of each step from augpipe's JSON report.
func reportSteps(path string) (map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r struct {
		Steps []struct {
			Step    string  `json:"step"`
			MsPerMP float64 `json:"ms_per_mp"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m := map[string]float64{}
	for _, s := range r.Steps {
		m[s.Step] = s.MsPerMP
	}
	return m, nil
}

// describePNGs counts the PNGs of dir and their megapixels.
func describePNGs(dir string) (int, float64, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil || len(names) == 0 {
		return 0, 0, fmt.Errorf("no PNGs in %s", dir)
	}
	var mp float64
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return 0, 0, err
		}
		var hdr [24]byte
		_, err = io.ReadFull(f, hdr[:])
		f.Close()
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", n, err)
		}
		mp += float64(binary.BigEndian.Uint32(hdr[16:])) * float64(binary.BigEndian.Uint32(hdr[20:])) / 1e6
	}
	return len(names), mp, nil
}

// inflateMain inflates the IDAT stream of every PNG in dir with the zlib
// reader augpipe's PNG decoder uses, and nothing else: the floor under the
// decoder's cost.
func inflateMain(dir string, stderr io.Writer) int {
	names, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	buf := make([]byte, 64<<10)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		var z []byte
		for p := data[8:]; len(p) >= 12; {
			length := int(binary.BigEndian.Uint32(p))
			if len(p) < 12+length {
				break
			}
			if string(p[4:8]) == "IDAT" {
				z = append(z, p[8:8+length]...)
			}
			p = p[12+length:]
		}
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err == nil {
			_, err = io.CopyBuffer(io.Discard, zr, buf)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", n, err)
			return 1
		}
	}
	return 0
}

// medianDuration is the median of ds (the lower middle of an even count).
func medianDuration(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

func writePNGTable(w io.Writer, sets []*pngSet, repeat int) {
	fmt.Fprintf(w, "PNG input, CPU time (user + sys), median of %d alternated runs:\n\n", repeat)
	fmt.Fprintln(w, "| set | files | MP | augpipe --workers 1 s | Pillow fit-first sequential s | ratio | target | met |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, s := range sets {
		a, p := medianDuration(s.augpipe).Seconds(), medianDuration(s.pillow).Seconds()
		met := "no"
		if p/a >= pngTarget {
			met = "yes"
		}
		fmt.Fprintf(w, "| %s | %d | %.1f | %.2f | %.2f | %.2fx | >= %.2fx | %s |\n", s.name, s.files, s.megapixels, a, p, p/a, pngTarget, met)
	}
	fmt.Fprintln(w, "\naugpipe's steps, ms per input megapixel (median per step; steps as augpipe's report times them,")
	fmt.Fprintln(w, "inflate alone as the CPU time of inflating the same IDAT streams in a process of its own):")
	fmt.Fprintln(w, "\n| set | inflate | decode less inflate (unfilter, convert, box-reduce) | thumbnail (resample) | blur | encode | all steps | whole process CPU | Pillow whole process CPU |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, s := range sets {
		step := func(name string) float64 {
			var v []float64
			for _, m := range s.steps {
				v = append(v, m[name])
			}
			slices.Sort(v)
			return v[(len(v)-1)/2]
		}
		perMP := func(d time.Duration) float64 { return float64(d.Milliseconds()) / s.megapixels }
		inflate := perMP(medianDuration(s.inflate))
		total := step("read") + step("decode") + step("thumbnail") + step("blur") + step("encode") + step("write")
		fmt.Fprintf(w, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", s.name, inflate,
			step("decode")-inflate, step("thumbnail"), step("blur"), step("encode"), total,
			perMP(medianDuration(s.augpipe)), perMP(medianDuration(s.pillow)))
	}
}
