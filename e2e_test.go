package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
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
	listGood := filepath.Join(root, "good.txt")
	testimg.WriteFile(t, listGood, []byte(aFile+"\n"))
	listOutside := filepath.Join(root, "outside.txt")
	testimg.WriteFile(t, listOutside, []byte(aFile+"\n"+filepath.Join(mixed, "a.jpg")+"\n"))

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
		{name: "input is a file", args: smallArgs(aFile, "-o", OUT), status: cli.ExitOK,
			stdout: "1 written, 0 failed", outputs: []string{"a.jpg"}},
		{name: "missing input among others", args: smallArgs(good, filepath.Join(root, "nope.jpg"), "-o", OUT), status: cli.ExitUsage,
			stderr: "input " + filepath.Join(root, "nope.jpg") + ": no such file or folder"},
		{name: "pattern matching nothing", args: smallArgs(filepath.Join(good, "*.png"), "-o", OUT), status: cli.ExitUsage,
			stderr: "no file matches it as a pattern"},
		{name: "bad pattern", args: smallArgs(filepath.Join(good, "[a"), "-o", OUT), status: cli.ExitUsage,
			stderr: "syntax error in pattern"},
		{name: "missing list", args: smallArgs("--files-from", filepath.Join(root, "nope.txt"), "-o", OUT), status: cli.ExitUsage,
			stderr: "--files-from " + filepath.Join(root, "nope.txt") + ": open "},
		{name: "listed file outside --base", args: smallArgs("--files-from", listOutside, "--base", good, "-o", OUT), status: cli.ExitUsage,
			stderr: "listed file " + filepath.Join(mixed, "a.jpg") + " is outside the base folder " + good + ": list files under --base"},
		{name: "listed file that would be its own output", args: smallArgs("--files-from", listGood, "--base", good, "-o", good), status: cli.ExitUsage,
			stderr: "would overwrite the input " + aFile + ": choose another --out"},
		{name: "-0 without --files-from", args: smallArgs(good, "-0", "-o", OUT), status: cli.ExitUsage,
			stderr: "-0/--null is for --files-from", usage: true},
		{name: "--base without --files-from", args: smallArgs(good, "--base", good, "-o", OUT), status: cli.ExitUsage,
			stderr: "--base is for --files-from", usage: true},
		{name: "--dry-run with --report", args: smallArgs(good, "--dry-run", "--report", filepath.Join(root, "r.json"), "-o", OUT),
			status: cli.ExitUsage, stderr: "--dry-run writes nothing, --report included", usage: true},
		{name: "bad name template", args: smallArgs(good, "--name", "{dir}/{name}.jpg", "-o", OUT), status: cli.ExitUsage,
			stderr: `--name "{dir}/{name}.jpg": unknown field {name}`, usage: true},
		{name: "name template leaving the output folder", args: smallArgs(good, "--name", "../{stem}.jpg", "-o", OUT), status: cli.ExitUsage,
			stderr: `--name "../{stem}.jpg": the name ../s.jpg would leave the output folder`, usage: true},
		{name: "name template, absolute", args: smallArgs(good, "--name", "/tmp/{stem}.jpg", "-o", OUT), status: cli.ExitUsage,
			stderr: `--name "/tmp/{stem}.jpg": must be relative to the output folder`, usage: true},
		{name: "name template with no format", args: smallArgs(good, "--name", "{stem}.webp", "-o", OUT), status: cli.ExitUsage,
			stderr: `--format must be given: the name template "{stem}.webp" does not end in .jpg, .jpeg or .png`, usage: true},
		{name: "bad format", args: smallArgs(good, "--format", "gif", "-o", OUT), status: cli.ExitUsage,
			stderr: `--format "gif": must be jpeg or png`, usage: true},
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
			stderr: "expected an INPUT (a folder, a file or a pattern) or --files-from, got neither", usage: true},
		{name: "two arguments", args: smallArgs(good, empty, "-o", OUT), status: cli.ExitOK,
			stdout: "1 written, 0 failed", outputs: []string{"a.jpg"}},
		{name: "unknown flag", args: smallArgs(good, "-o", OUT, "--frobnicate"), status: cli.ExitUsage,
			stderr: "unknown flag: --frobnicate", usage: true},
		{name: "help", args: []string{"--help", "-o", OUT}, status: cli.ExitOK,
			stdout: "Usage:\n  augpipe [flags] INPUT...\n  augpipe [flags] --files-from FILE [INPUT...]"},
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

// TestSkipExistingNewSettings is bug 8 of issue 13 at the command line:
// re-run with other settings, --skip-existing kept the outputs made with
// the old ones ("2 up to date"). It must redo them with the new settings,
// and leave them alone only on a run with the same settings again.
func TestSkipExistingNewSettings(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 640, 480, 1), "b.jpg": photo(t, 480, 640, 2)})
	width := func() int { return testimg.DecodeFile(t, filepath.Join(out, "a.jpg")).Bounds().Dx() }
	steps := []struct {
		args  []string
		want  string // part of the report
		width int    // of a.jpg's output after the run
	}{
		{[]string{"--max-size", "400"}, "files: 2 written, 0 failed\n", 400},
		{[]string{"--max-size", "400", "--skip-existing"}, "files: 0 written, 0 failed, 2 skipped (output up to date)", 400},
		{[]string{"--blur", "2", "--max-size", "100", "--skip-existing"}, "files: 2 written, 0 failed\n", 100},
		{[]string{"--blur", "2", "--max-size", "100", "--skip-existing"}, "files: 0 written, 0 failed, 2 skipped (output up to date)", 100},
	}
	for i, s := range steps {
		r := runCmd(t, append([]string{in, "-o", out, "--workers", "2"}, s.args...)...)
		if r.code != cli.ExitOK || !strings.Contains(r.stdout, s.want) {
			t.Fatalf("run %d (%s): exit %d, want 0 and %q\nstdout:\n%s\nstderr:\n%s", i+1, strings.Join(s.args, " "), r.code, s.want, r.stdout, r.stderr)
		}
		if w := width(); w != s.width {
			t.Errorf("run %d (%s): a.jpg is %d wide, want %d", i+1, strings.Join(s.args, " "), w, s.width)
		}
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

// TestInputs runs the command on each kind of input and their mixtures:
// several arguments (a file, a folder, a pattern), a list of files from
// stdin (newline- or NUL-separated) relative to --base. It checks which
// outputs are made, under which names (clashes resolved by the naming
// rule, in command-line order), the unsupported files counted and listed,
// and that the command names the inputs in its report.
func TestInputs(t *testing.T) {
	root := t.TempDir()
	testimg.WriteTree(t, root, map[string][]byte{
		"a.jpg":               photo(t, 40, 30, 1),
		"dir/a.png":           testimg.EncodePNG(t, testimg.PhotoLike(30, 40, 2)),
		"dir/b.jpg":           photo(t, 40, 30, 3),
		"dir/sub/c.jpg":       photo(t, 40, 30, 4),
		"dir/raw.NEF":         []byte("raw"),
		"shots/x.JPG":         photo(t, 40, 30, 5),
		"shots/y.JPG":         photo(t, 40, 30, 6),
		"shots/notes.txt":     []byte("notes"),
		"shots/2024/z.JPG":    photo(t, 40, 30, 7),
		"photos/p.jpg":        photo(t, 40, 30, 8),
		"photos/sub/q.png":    testimg.EncodePNG(t, testimg.PhotoLike(20, 20, 9)),
		"photos/phone.heic":   []byte("heic"),
		"photos/README.txt":   []byte("readme"),
		"photos/with\nnl.jpg": photo(t, 40, 30, 10),
	})
	t.Chdir(root)
	cases := []struct {
		name    string
		args    []string
		stdin   string
		outputs []string
		stdout  []string // parts of the report
	}{
		{name: "a file, a folder, a pattern, in command-line order",
			args:    []string{"a.jpg", "dir", "shots/*.JPG"},
			outputs: []string{"a.jpg", "a.png.jpg", "b.jpg", "x.jpg", "y.jpg"},
			stdout:  []string{"augpipe: a.jpg dir shots/*.JPG -> ", "5 written, 0 failed, 1 unsupported", "dir/raw.NEF: camera raw is not supported"}},
		{name: "recursive: sub-folders of folder arguments and of folders a pattern matches",
			args:    []string{"-r", "dir", "shots/*"},
			outputs: []string{"2024/z.jpg", "a.jpg", "b.jpg", "sub/c.jpg", "x.jpg", "y.jpg"},
			stdout:  []string{"6 written, 0 failed, 1 unsupported"}},
		{name: "list on stdin, relative to the current folder",
			args:    []string{"--files-from", "-"},
			stdin:   "photos/p.jpg\nphotos/sub/q.png\nphotos/README.txt\nphotos/phone.heic\n\nphotos\n",
			outputs: []string{"photos/p.jpg", "photos/sub/q.jpg"},
			stdout:  []string{"augpipe: 5 listed files (relative to .) -> ", "2 written, 0 failed, 1 unsupported", "photos/phone.heic: HEIC is not supported"}},
		{name: "NUL-separated list relative to --base, after an argument",
			args:    []string{"a.jpg", "--files-from", "-", "-0", "--base", "photos"},
			stdin:   "photos/p.jpg\x00photos/with\nnl.jpg\x00photos/sub/q.png\x00",
			outputs: []string{"a.jpg", "p.jpg", "sub/q.jpg", "with\nnl.jpg"},
			stdout:  []string{"augpipe: a.jpg 3 listed files (relative to photos) -> ", "4 written, 0 failed\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			stdin := filepath.Join(t.TempDir(), "stdin")
			testimg.WriteFile(t, stdin, []byte(c.stdin))
			r := runCmdStdin(t, stdin, smallArgs(append(c.args, "-o", out)...)...)
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			if outs := testimg.CompleteOutputs(t, out); strings.Join(outs, ",") != strings.Join(c.outputs, ",") {
				t.Errorf("outputs %q, want %q", outs, c.outputs)
			}
			for _, want := range c.stdout {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("report lacks %q:\n%s", want, r.stdout)
				}
			}
		})
	}
}

// runCmdStdin is runCmd with stdin read from the file at path.
func runCmdStdin(t *testing.T, path string, argv ...string) result {
	t.Helper()
	dir := t.TempDir()
	stdout, stderr := filepath.Join(dir, "stdout"), filepath.Join(dir, "stderr")
	files := make([]*os.File, 3)
	for i, name := range []string{path, stdout, stderr} {
		f, err := os.OpenFile(name, map[bool]int{true: os.O_RDONLY, false: os.O_WRONLY | os.O_CREATE}[i == 0], 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files[i] = f
	}
	c, code, ok := parse(argv, files[1], files[2])
	if ok {
		c.Stdin = files[0]
		code = c.Main(files[1], files[2])
	}
	o, _ := os.ReadFile(stdout)
	e, _ := os.ReadFile(stderr)
	return result{code, string(o), string(e)}
}

// TestDryRun checks that --dry-run lists each input with its output, the
// outputs up to date and the files skipped, with the reason; that it
// writes nothing, not even the output folder or its lock; and that the run
// after it does what it listed.
func TestDryRun(t *testing.T) {
	in := t.TempDir()
	out := filepath.Join(t.TempDir(), "out")
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 40, 30, 1), "b.png": testimg.EncodePNG(t, testimg.PhotoLike(30, 20, 2)),
		"c.heic": []byte("heic")})
	r := runCmd(t, smallArgs(in, "-o", out, "--dry-run")...)
	want := []string{
		"augpipe: dry run: " + in + " -> " + out + " (nothing is written)",
		"write  " + filepath.Join(in, "a.jpg") + "   -> " + filepath.Join(out, "a.jpg"),
		"write  " + filepath.Join(in, "b.png") + "   -> " + filepath.Join(out, "b.jpg"),
		"skip   " + filepath.Join(in, "c.heic") + "  (HEIC is not supported)",
		"would write 2, leave 0 up to date, skip 1",
	}
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, strings.Join(want, "\n")) {
		t.Errorf("exit %d, stdout:\n%s\nwant 0 and:\n%s", r.code, r.stdout, strings.Join(want, "\n"))
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the dry run made the output folder: %v", err)
	}

	if r := runCmd(t, smallArgs(in, "-o", out)...); r.code != cli.ExitOK {
		t.Fatalf("run: exit %d\n%s", r.code, r.stderr)
	}
	testimg.WriteFile(t, filepath.Join(in, "b.png"), testimg.EncodePNG(t, testimg.PhotoLike(30, 20, 3)))
	before := snapshot(t, out)
	r = runCmd(t, smallArgs(in, "-o", out, "--skip-existing", "--dry-run")...)
	for _, w := range []string{
		"up to date  " + filepath.Join(in, "a.jpg"),
		"write       " + filepath.Join(in, "b.png"),
		"would write 1, leave 1 up to date, skip 1",
	} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("dry run with --skip-existing lacks %q:\n%s", w, r.stdout)
		}
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("the dry run changed the output folder:\nbefore %s\nafter  %s", before, after)
	}
	r = runCmd(t, smallArgs(in, "-o", out, "--skip-existing")...)
	if !strings.Contains(r.stdout, "files: 1 written, 0 failed, 1 skipped (output up to date), 1 unsupported") {
		t.Errorf("the run does not do what the dry run listed:\n%s", r.stdout)
	}
	if r := runCmd(t, smallArgs(in, "-o", out, "--dry-run", "-q")...); r.code != cli.ExitOK || r.stdout != "" {
		t.Errorf("--dry-run -q: exit %d, stdout %q; want 0 and nothing", r.code, r.stdout)
	}
}

// snapshot describes every file under dir: name, size and time.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %d; ", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestNameAndFormat checks --name and --format from the command line: a
// template places the outputs, PNG outputs keep their transparency, and
// the format follows the template's extension unless --format says.
func TestNameAndFormat(t *testing.T) {
	in := t.TempDir()
	clear := image.NewNRGBA(image.Rect(0, 0, 30, 20)) // transparent
	testimg.WriteTree(t, in, map[string][]byte{"a.jpg": photo(t, 40, 30, 1), "sub/b.png": testimg.EncodePNG(t, clear)})
	cases := []struct {
		name    string
		flags   []string
		outputs []string
		png     bool
	}{
		{"default", nil, []string{"a.jpg", "sub/b.jpg"}, false},
		{"default spelt out", []string{"--name", "{dir}/{stem}.jpg", "--format", "jpeg"}, []string{"a.jpg", "sub/b.jpg"}, false},
		{"PNG by the name", []string{"--name", "small/{dir}/{stem}_{variant}.png"}, []string{"small/a_1.png", "small/sub/b_1.png"}, true},
		{"flat, with the extension", []string{"--name", "{stem}.{ext}.png"}, []string{"a.jpg.png", "b.png.png"}, true},
		{"PNG by --format", []string{"--name", "{stem}", "--format", "png"}, []string{"a", "b"}, true},
		{"PNG by --format alone: the default name with .png", []string{"--format", "png"}, []string{"a.png", "sub/b.png"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			r := runCmd(t, smallArgs(append([]string{in, "-r", "-o", out}, c.flags...)...)...)
			if r.code != cli.ExitOK {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			var outs []string
			filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && d.Name() != augment.ManifestName {
					rel, _ := filepath.Rel(out, p)
					outs = append(outs, filepath.ToSlash(rel))
				}
				return err
			})
			if strings.Join(outs, ",") != strings.Join(c.outputs, ",") {
				t.Fatalf("outputs %q, want %q", outs, c.outputs)
			}
			b, err := os.ReadFile(filepath.Join(out, c.outputs[1]))
			if err != nil {
				t.Fatal(err)
			}
			if isPNG := bytes.HasPrefix(b, []byte("\x89PNG")); isPNG != c.png {
				t.Fatalf("%s is a PNG: %v, want %v", c.outputs[1], isPNG, c.png)
			}
			img := testimg.DecodeFile(t, filepath.Join(out, c.outputs[1]))
			_, _, _, a := img.At(3, 3).RGBA()
			if transparent := a == 0; transparent != c.png {
				t.Errorf("%s: transparent %v, want %v (PNG keeps it, JPEG flattens onto white)", c.outputs[1], transparent, c.png)
			}
		})
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
		{"no argument", []string{"--log-format", "json"}, "expected an INPUT (a folder, a file or a pattern) or --files-from, got neither", true},
		{"unusable output folder", []string{good, "--log-format", "json", "-o", filepath.Join(aFile, "out")}, "output folder " + filepath.Join(aFile, "out"), false},
		{"missing input", []string{filepath.Join(good, "nope.jpg"), "--log-format", "json"}, "no such file or folder", false},
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
