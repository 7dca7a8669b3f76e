package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	flag "github.com/spf13/pflag"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/internal/cli"
	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
)

// photo is a photo-like w x h JPEG drawn from seed.
func photo(t testing.TB, w, h int, seed uint64) []byte {
	t.Helper()
	return testimg.EncodeJPEG(t, testimg.PhotoLike(w, h, seed), 90)
}

// TestEndToEnd runs the command on a folder with a sub-folder, a broken
// image and a file that is no image: the outputs have the right sizes and
// no temporary file is left; the exit status is 1 and stderr names the
// broken file; the text report counts and times; the JSON report
// describes the machine, the settings, every step and stage, and every
// file, a failure with its reason as text.
func TestEndToEnd(t *testing.T) {
	in := t.TempDir()
	out := filepath.Join(t.TempDir(), "out")
	testimg.WriteTree(t, in, map[string][]byte{
		"wide.jpg":       photo(t, 320, 200, 1),
		"tall photo.JPG": photo(t, 150, 260, 2),
		"small.png":      testimg.EncodePNG(t, testimg.PhotoLike(60, 40, 3)),
		"sub/nested.jpg": photo(t, 300, 300, 4),
		"broken.jpg":     []byte("this is text, not a JPEG"),
		"README.txt":     []byte("not an image"),
	})
	report := filepath.Join(t.TempDir(), "report.json")

	r := runCmd(t, in, "-r", "-o", out, "--max-size", "100", "--blur", "3", "--report", report, "--workers", "3")
	if r.code != cli.ExitSomeFailed {
		t.Fatalf("exit %d, want %d (one file broken)\nstdout:\n%s\nstderr:\n%s", r.code, cli.ExitSomeFailed, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "broken.jpg") {
		t.Errorf("stderr does not name the broken file:\n%s", r.stderr)
	}
	for _, want := range []string{"4 written, 1 failed", "bottleneck", "decode", "process"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	wantSizes := map[string][2]int{
		"wide.jpg":       {100, 63}, // 320x200 -> 100x62.5: Pillow's rule picks 63 (closer aspect)
		"tall photo.jpg": {58, 100},
		"small.jpg":      {60, 40}, // never enlarged
		"sub/nested.jpg": {100, 100},
	}
	for name, size := range wantSizes {
		img := testimg.DecodeFile(t, filepath.Join(out, filepath.FromSlash(name)))
		if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
			t.Errorf("%s is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), size[0], size[1])
		}
	}
	if outs := testimg.CompleteOutputs(t, out); len(outs) != len(wantSizes) {
		t.Errorf("outputs %q, want the %d above", outs, len(wantSizes))
	}

	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Config     map[string]any         `json:"config"`
		Machine    augment.Machine        `json:"machine"`
		FilesTotal int                    `json:"files_total"`
		Written    int                    `json:"written"`
		Failed     int                    `json:"failed"`
		Steps      []augment.StepSummary  `json:"steps"`
		Stages     []augment.StageSummary `json:"stages"`
		Records    []struct {
			Input    string `json:"input"`
			Output   string `json:"output"`
			Status   string `json:"status"`
			Error    string `json:"error"`
			BytesOut int64  `json:"bytes_out"`
			OutWidth int    `json:"out_width"`
		} `json:"files"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if rep.FilesTotal != 5 || rep.Written != 4 || rep.Failed != 1 || len(rep.Records) != 5 {
		t.Errorf("report: %d files, written %d, failed %d, %d records; want 5, 4, 1, 5",
			rep.FilesTotal, rep.Written, rep.Failed, len(rep.Records))
	}
	if m := rep.Machine; m.Cores < 1 || m.GOMAXPROCS < 1 || m.GoVersion == "" || m.CPU == "" {
		t.Errorf("machine not described: %+v", m)
	}
	if rep.Config["workers"] != 3.0 || rep.Config["max_size"] != 100.0 || rep.Config["recursive"] != true {
		t.Errorf("config workers %v, max_size %v, recursive %v; want 3, 100, true",
			rep.Config["workers"], rep.Config["max_size"], rep.Config["recursive"])
	}
	if len(rep.Steps) != 6 || len(rep.Stages) != 3 {
		t.Errorf("%d steps and %d stages in the report, want 6 and 3", len(rep.Steps), len(rep.Stages))
	}
	for _, rec := range rep.Records {
		switch {
		case strings.HasSuffix(rec.Input, "broken.jpg"):
			if rec.Status != string(augment.StatusFailed) || !strings.HasPrefix(rec.Error, "decode: ") || rec.Output != "" {
				t.Errorf("broken.jpg: status %q, error %q, output %q; want failed in decode, no output", rec.Status, rec.Error, rec.Output)
			}
		case rec.Status != string(augment.StatusWritten) || rec.BytesOut == 0 || rec.OutWidth == 0 || rec.Error != "" ||
			!strings.HasPrefix(rec.Output, out):
			t.Errorf("%s: %+v, want written to %s with sizes and no error", rec.Input, rec, out)
		}
	}
}

// TestExitStatuses covers the command's exit statuses and what it says
// with each: 0 when all was written, for an empty folder and for one of
// unsupported files only; 1 when some files failed; 2, before any work,
// for an unusable input or output (naming it), an output that would
// overwrite an input, a bad setting (naming its flag), a bad command
// line, and an output folder another run holds; 0 for --help.
func TestExitStatuses(t *testing.T) {
	root := t.TempDir()
	good := filepath.Join(root, "good")
	aJPEG := photo(t, 32, 24, 1)
	testimg.WriteTree(t, good, map[string][]byte{"a.jpg": aJPEG})
	mixed := filepath.Join(root, "mixed")
	testimg.WriteTree(t, mixed, map[string][]byte{"a.jpg": aJPEG, "b.jpg": []byte("not an image")})
	onlyHEIC := filepath.Join(root, "heic")
	testimg.WriteTree(t, onlyHEIC, map[string][]byte{"a.heic": []byte("x"), "notes.txt": []byte("x")})
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	aFile := filepath.Join(good, "a.jpg")

	// OUT in a case's arguments stands for a fresh output folder's path.
	const OUT = "\x00OUT"
	cases := []struct {
		name string
		args []string
		// setup runs before the run; what it returns, after.
		setup  func(t *testing.T, out string) (after func())
		status int
		stdout string // part of stdout
		stderr string // part of stderr
		// outputs lists the files the run must leave in OUT; nil: OUT
		// must not exist.
		outputs []string
		// usage: the error is a usage error, followed by the hint to run
		// --help (and only then).
		usage bool
	}{
		{name: "all written", args: smallArgs(good, "-o", OUT), status: cli.ExitOK,
			stdout: "1 written, 0 failed", outputs: []string{"a.jpg"}},
		{name: "some failed", args: smallArgs(mixed, "-o", OUT), status: cli.ExitSomeFailed,
			stdout: "1 written, 1 failed", stderr: "not an image", outputs: []string{"a.jpg"}},
		{name: "empty folder", args: smallArgs(empty, "-o", OUT), status: cli.ExitOK,
			stdout: "no images found", stderr: "no images found"},
		{name: "only unsupported files", args: smallArgs(onlyHEIC, "-o", OUT), status: cli.ExitOK,
			stdout: "HEIC is not supported", stderr: "HEIC is not supported"},
		{name: "missing input", args: smallArgs(filepath.Join(root, "nope"), "-o", OUT), status: cli.ExitUsage,
			stderr: filepath.Join(root, "nope")},
		{name: "input is a file", args: smallArgs(aFile, "-o", OUT), status: cli.ExitUsage,
			stderr: "not a folder"},
		{name: "output under a file", args: smallArgs(good, "-o", filepath.Join(aFile, "out")), status: cli.ExitUsage,
			stderr: "output folder " + filepath.Join(aFile, "out")},
		{name: "output is a file", args: smallArgs(good, "-o", aFile), status: cli.ExitUsage,
			stderr: "output folder " + aFile},
		{name: "output would overwrite an input", args: smallArgs(good, "-o", good), status: cli.ExitUsage,
			stderr: "would overwrite the input " + aFile + ": choose another --out"},
		{name: "bad setting", args: smallArgs(good, "-o", OUT, "--quality", "0"), status: cli.ExitUsage,
			stderr: "--quality 0: must be from 1 to 100", usage: true},
		{name: "bad log format", args: smallArgs(good, "-o", OUT, "--log-format", "xml"), status: cli.ExitUsage,
			stderr: `--log-format "xml": must be console or json`, usage: true},
		{name: "no argument", args: smallArgs("-o", OUT), status: cli.ExitUsage,
			stderr: "expected one INPUT_DIR, got 0 arguments", usage: true},
		{name: "two arguments", args: smallArgs(good, empty, "-o", OUT), status: cli.ExitUsage,
			stderr: "expected one INPUT_DIR, got 2 arguments", usage: true},
		{name: "unknown flag", args: smallArgs(good, "-o", OUT, "--frobnicate"), status: cli.ExitUsage,
			stderr: "unknown flag: --frobnicate", usage: true},
		{name: "help", args: []string{"--help", "-o", OUT}, status: cli.ExitOK,
			stdout: "Usage:\n  augpipe [flags] INPUT_DIR"},
		{name: "output folder in use", args: smallArgs(good, "-o", OUT), setup: holdLock, status: cli.ExitUsage,
			stderr: "output folder " + OUT + " is in use by another augpipe run (process ", outputs: []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			fill := func(s string) string { return strings.ReplaceAll(s, OUT, out) }
			var argv []string
			for _, a := range c.args {
				argv = append(argv, fill(a))
			}
			after := func() {}
			if c.setup != nil {
				after = c.setup(t, out)
			}
			r := runCmd(t, argv...)
			after()
			if r.code != c.status {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, c.status, r.stdout, r.stderr)
			}
			if want := fill(c.stdout); !strings.Contains(r.stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
			}
			if want := fill(c.stderr); !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
			if c.status == cli.ExitUsage {
				if r.stdout != "" {
					t.Errorf("a usage error printed to stdout:\n%s", r.stdout)
				}
				if !strings.HasPrefix(r.stderr, "augpipe: ") {
					t.Errorf("stderr does not begin with \"augpipe: \":\n%s", r.stderr)
				}
			}
			if hint := strings.Contains(r.stderr, "augpipe --help"); hint != c.usage {
				t.Errorf("stderr suggests --help: %v, want %v:\n%s", hint, c.usage, r.stderr)
			}
			if c.status == cli.ExitOK && c.stderr == "" && r.stderr != "" {
				t.Errorf("stderr, want nothing:\n%s", r.stderr)
			}
			if _, err := os.Stat(out); c.outputs == nil {
				if err == nil {
					t.Errorf("output folder %s was created", out)
				}
				return
			}
			if _, err := os.Stat(filepath.Join(out, imgfile.LockName)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("lock file left after the run: %v", err)
			}
			if outs := testimg.CompleteOutputs(t, out); strings.Join(outs, ",") != strings.Join(c.outputs, ",") {
				t.Errorf("outputs %q, want %q", outs, c.outputs)
			}
		})
	}
	// None of the refused runs touched the input.
	if data, err := os.ReadFile(aFile); err != nil || string(data) != string(aJPEG) {
		t.Errorf("input %s changed (%v)", aFile, err)
	}
}

// holdLock makes the folder out and holds it locked, as another run would,
// until after is called; it skips the test where folders cannot be locked.
func holdLock(t *testing.T, out string) (after func()) {
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := imgfile.LockFolder(out)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := imgfile.LockFolder(out); err == nil {
		again()
		unlock()
		t.Skip("folders cannot be locked on this system")
	}
	return unlock
}

// TestHelp checks that --help prints the usage, the exit statuses and
// every flag the command defines, each with its usage text (wrapped), and
// nothing on stderr; that each default is shown once, --workers' and
// --buffer's as GOMAXPROCS (not this machine's count); that every
// placeholder is a word in capitals; and that no line is longer than
// helpWidth.
func TestHelp(t *testing.T) {
	r := runCmd(t, "--help")
	if r.code != cli.ExitOK || r.stderr != "" {
		t.Fatalf("exit status %d, stderr:\n%s\nwant 0 and nothing", r.code, r.stderr)
	}
	for _, want := range []string{"Usage:", "Exit status: 0 all written", "130/143 interrupted", "Flags:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help lacks %q:\n%s", want, r.stdout)
		}
	}
	// Each flag's entry: its first line and the lines it wraps onto.
	entries := map[string]string{}
	var last string
	flagLine := regexp.MustCompile(`^  (?:-(\w), )?\s*--([\w-]+)`)
	for _, l := range strings.Split(r.stdout, "\n") {
		if len(l) > helpWidth {
			t.Errorf("line of %d characters:\n%s", len(l), l)
		}
		if m := flagLine.FindStringSubmatch(l); m != nil {
			last = m[2]
			entries[last] = l
		} else if last != "" && strings.HasPrefix(l, "    ") {
			entries[last] += " " + strings.TrimSpace(l)
		}
	}
	n := 0
	placeholder := regexp.MustCompile(`^[A-Z_]+$`)
	newFlags(&cli.CLI{}).VisitAll(func(f *flag.Flag) {
		n++
		entry, ok := entries[f.Name]
		if !ok {
			t.Errorf("--help does not list --%s", f.Name)
			return
		}
		entry = strings.Join(strings.Fields(entry), " ")
		name, usage := flag.UnquoteUsage(f)
		if !strings.Contains(entry, strings.Join(strings.Fields(usage), " ")) {
			t.Errorf("--help on --%s:\n%s\nwant its usage %q", f.Name, entry, usage)
		}
		if name != "" && !placeholder.MatchString(name) {
			t.Errorf("--%s's placeholder %q is not a word in capitals", f.Name, name)
		}
		if c := strings.Count(strings.ToLower(entry), "default"); c > 1 {
			t.Errorf("--help on --%s gives %d defaults:\n%s", f.Name, c, entry)
		}
	})
	if len(entries) != n {
		t.Errorf("--help lists %d flags, the command defines %d", len(entries), n)
	}
	for _, name := range []string{"workers", "buffer"} {
		if !strings.HasSuffix(strings.Join(strings.Fields(entries[name]), " "), "(default GOMAXPROCS)") {
			t.Errorf("--help on --%s:\n%s\nwant (default GOMAXPROCS)", name, entries[name])
		}
	}
}

// TestVersion checks that --version prints the version line on stdout,
// whatever else is on the command line, and nothing on stderr.
func TestVersion(t *testing.T) {
	r := runCmd(t, "--version", "-o", t.TempDir(), "--blur", "3")
	if r.code != cli.ExitOK || r.stderr != "" || !strings.HasPrefix(r.stdout, "augpipe ") ||
		!strings.Contains(r.stdout, ", built with go") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("exit status %d\nstdout:\n%s\nstderr:\n%s\nwant 0, one line \"augpipe ... built with go...\"", r.code, r.stdout, r.stderr)
	}
}

// TestLogFormats checks what each log setting puts on stderr and stdout
// for a run where one file fails: console lines, JSON lines, errors only
// with --quiet (and no report), every file with --verbose.
func TestLogFormats(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"good.jpg": photo(t, 32, 24, 1), "bad.jpg": []byte("not an image")})
	cases := []struct {
		name   string
		flags  []string
		json   bool           // every stderr line is a JSON object
		stderr []string       // parts of stderr
		absent []string       // not in stderr
		report bool           // the text report is on stdout
		lines  *regexp.Regexp // every stderr line matches
	}{
		{name: "console", stderr: []string{"ERR ", "bad.jpg", "some files failed"}, absent: []string{"good.jpg", `"level"`}, report: true},
		{name: "console, timestamps to the millisecond", stderr: []string{"ERR "}, report: true,
			lines: regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3} (ERR|WRN|INF) `)},
		{name: "json, timestamps to the millisecond", flags: []string{"--log-format", "json"}, json: true, report: true,
			lines: regexp.MustCompile(`"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)"`)},
		{name: "json", flags: []string{"--log-format", "json"}, json: true,
			stderr: []string{`"level":"error"`, "bad.jpg", `"message":"some files failed"`}, absent: []string{"good.jpg"}, report: true},
		{name: "quiet", flags: []string{"-q"}, stderr: []string{"ERR ", "bad.jpg"}, report: false},
		{name: "verbose", flags: []string{"-v"}, stderr: []string{"DBG ", "good.jpg", "written", "ERR ", "bad.jpg"}, report: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCmd(t, smallArgs(append([]string{in, "-o", t.TempDir()}, c.flags...)...)...)
			if r.code != cli.ExitSomeFailed {
				t.Errorf("exit status %d, want %d", r.code, cli.ExitSomeFailed)
			}
			for _, want := range c.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			for _, not := range c.absent {
				if strings.Contains(r.stderr, not) {
					t.Errorf("stderr has %q:\n%s", not, r.stderr)
				}
			}
			for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
				var m map[string]any
				if isJSON := json.Unmarshal([]byte(l), &m) == nil; isJSON != c.json {
					t.Errorf("stderr line is JSON: %v, want %v:\n%s", isJSON, c.json, l)
				}
				if c.lines != nil && !c.lines.MatchString(l) {
					t.Errorf("stderr line does not match %s:\n%s", c.lines, l)
				}
			}
			if got := strings.Contains(r.stdout, "1 written, 1 failed"); got != c.report {
				t.Errorf("report on stdout: %v, want %v\nstdout:\n%s", got, c.report, r.stdout)
			}
			if !c.report && r.stdout != "" {
				t.Errorf("stdout, want nothing:\n%s", r.stdout)
			}
		})
	}
}

// TestAbsurdValues gives each numeric flag a value that is not a number,
// infinite, negative or absurdly large: the command refuses it before any
// work with exit status 2, naming the flag and the range, and leaves
// nothing behind: no output folder, no lock file and, with --baseline, no
// temporary folder. (Before, --blur NaN, Inf or 1e17 panicked in the blur
// and left the lock file and the baseline's folder.)
func TestAbsurdValues(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 64, 48, 1)})
	cases := []struct {
		flag, value string
		stderr      string // part of stderr
	}{
		{"--blur", "NaN", "--blur NaN: must be from 0 (off) to 100000"},
		{"--blur", "Inf", "--blur +Inf: must be from 0 (off) to 100000"},
		{"--blur", "-Inf", "--blur -Inf: must be from 0 (off) to 100000"},
		{"--blur", "1e17", "--blur 1e+17: must be from 0 (off) to 100000"},
		{"--blur", "1e400", `invalid argument "1e400" for "--blur" flag`},
		{"--blur", "-1", "--blur -1: must be from 0 (off) to 100000"},
		{"--max-size", "1e17", `invalid argument "1e17" for "--max-size" flag`},
		{"--max-size", "65536", "--max-size 65536: must be from 1 to 65535"},
		{"--quality", "NaN", `invalid argument "NaN" for "--quality" flag`},
		{"--max-pixels", "9223372036854775807", "--max-pixels 9223372036854775807: must be from 1 to 10000000000"},
		{"--max-pixels", "99999999999999999999", `invalid argument "99999999999999999999" for "--max-pixels" flag`},
		{"--readers", "0", "--readers 0: must be from 1 to 1024"},
		{"--workers", "1000000", "--workers 1000000: must be from 1 to 1024"},
		{"--writers", "-2", "--writers -2: must be from 1 to 1024"},
		{"--buffer", "9223372036854775807", "--buffer 9223372036854775807: must be from 0 to 65536"},
	}
	for _, c := range cases {
		for _, baseline := range []bool{false, true} {
			name := c.flag + " " + c.value
			if baseline {
				name += " --baseline"
			}
			t.Run(name, func(t *testing.T) {
				tmp := t.TempDir()
				t.Setenv("TMPDIR", tmp)
				out := filepath.Join(t.TempDir(), "out")
				args := smallArgs(in, "-o", out, c.flag, c.value)
				if baseline {
					args = append(args, "--baseline")
				}
				r := runCmd(t, args...)
				if r.code != cli.ExitUsage || !strings.Contains(r.stderr, c.stderr) {
					t.Errorf("exit status %d, stderr:\n%s\nwant %d and %q", r.code, r.stderr, cli.ExitUsage, c.stderr)
				}
				if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("output folder made: %v", err)
				}
				if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
					t.Errorf("left in the temporary folder: %q", left)
				}
			})
		}
	}
}

// TestJSONLogsOnly checks that with --log-format json every line on stderr
// is a JSON error event, whatever stops the command: a bad command line
// (wherever --log-format is on it), a bad value, or an unusable folder.
// A usage error carries the hint to run --help in the event, not on a
// line of its own, and other errors carry none.
func TestJSONLogsOnly(t *testing.T) {
	good := t.TempDir()
	testimg.WriteTree(t, good, map[string][]byte{"a.jpg": photo(t, 32, 24, 1)})
	aFile := filepath.Join(good, "a.jpg")
	cases := []struct {
		name    string
		args    []string
		message string // part of the event's message
		usage   bool
	}{
		{"unknown flag after", []string{good, "--log-format", "json", "--frobnicate"}, "unknown flag: --frobnicate", true},
		{"unknown flag before", []string{"--frobnicate", good, "--log-format=json"}, "unknown flag: --frobnicate", true},
		{"bad number", []string{good, "--log-format", "json", "--workers", "many"}, `invalid argument "many" for "--workers" flag`, true},
		{"bad value", []string{good, "--log-format", "json", "--quality", "0"}, "--quality 0: must be from 1 to 100", true},
		{"no argument", []string{"--log-format", "json"}, "expected one INPUT_DIR, got 0 arguments", true},
		{"unusable output folder", []string{good, "--log-format", "json", "-o", filepath.Join(aFile, "out")}, "output folder " + filepath.Join(aFile, "out"), false},
		{"input is a file", []string{aFile, "--log-format", "json"}, "not a folder", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCmd(t, c.args...)
			if r.code != cli.ExitUsage || r.stdout != "" {
				t.Errorf("exit status %d, stdout:\n%s\nwant %d and nothing", r.code, r.stdout, cli.ExitUsage)
			}
			lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			if len(lines) != 1 {
				t.Fatalf("stderr has %d lines, want one event:\n%s", len(lines), r.stderr)
			}
			var ev struct {
				Level, Message, Hint, Time string
			}
			if err := json.Unmarshal([]byte(lines[0]), &ev); err != nil {
				t.Fatalf("stderr is not JSON (%v):\n%s", err, r.stderr)
			}
			if ev.Level != "error" || !strings.Contains(ev.Message, c.message) || ev.Time == "" {
				t.Errorf("event %+v, want an error with a time saying %q", ev, c.message)
			}
			if hint := strings.Contains(ev.Hint, "augpipe --help"); hint != c.usage {
				t.Errorf("hint %q, want one: %v", ev.Hint, c.usage)
			}
		})
	}
}
