//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
)

// hangAfter is how long a child may take to do what a test waits for
// before the test fails it as hung. It guards against hangs; it is no
// measure of speed.
const hangAfter = 2 * time.Minute

// child is the command running in a child process: this test binary, run
// again with childEnv set (see TestMain).
type child struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	reached        string // the file the stop step creates
	done           chan struct{}
	err            error // cmd.Wait's, once done is closed
}

// syncBuffer is a bytes.Buffer that the test can read while the child's
// output is being copied into it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startChild runs the command with spec's arguments in a child process
// whose TMPDIR is tmp, stopping at spec.StopAt's image (its Reached file
// is set here).
func startChild(t *testing.T, spec childSpec, tmp string) *child {
	t.Helper()
	ch := &child{reached: filepath.Join(t.TempDir(), "reached"), done: make(chan struct{})}
	spec.Reached = ch.reached
	js, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	ch.cmd = exec.Command(os.Args[0])
	ch.cmd.Env = append(os.Environ(), childEnv+"="+string(js), "TMPDIR="+tmp)
	ch.cmd.Stdout, ch.cmd.Stderr = &ch.stdout, &ch.stderr
	if err := ch.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		ch.err = ch.cmd.Wait()
		close(ch.done)
	}()
	t.Cleanup(func() {
		ch.cmd.Process.Kill()
		<-ch.done
	})
	return ch
}

// waitFor polls until ok holds, failing the test as hung after hangAfter
// or when the child exits first.
func (ch *child) waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(hangAfter)
	for !ok() {
		select {
		case <-ch.done:
			if ok() {
				return
			}
			t.Fatalf("the child exited (%v) before %s\nstdout:\n%s\nstderr:\n%s", ch.err, what, ch.stdout.String(), ch.stderr.String())
		case <-time.After(2 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("hung: no %s after %v\nstderr:\n%s", what, hangAfter, ch.stderr.String())
		}
	}
}

// waitReached waits until the child's run has reached its stop step.
func (ch *child) waitReached(t *testing.T) {
	t.Helper()
	ch.waitFor(t, "stop step reached", func() bool {
		_, err := os.Stat(ch.reached)
		return err == nil
	})
}

// waitStderr waits until the child's stderr holds text.
func (ch *child) waitStderr(t *testing.T, text string) {
	t.Helper()
	ch.waitFor(t, fmt.Sprintf("%q on stderr", text), func() bool { return strings.Contains(ch.stderr.String(), text) })
}

// signal sends sig to the child.
func (ch *child) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := ch.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v\nstderr:\n%s", sig, err, ch.stderr.String())
	}
}

// wait returns the child's exit status, failing the test as hung when it
// has not exited after hangAfter.
func (ch *child) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-ch.done:
	case <-time.After(hangAfter):
		t.Fatalf("hung: the child has not exited after %v\nstderr:\n%s", hangAfter, ch.stderr.String())
	}
	var ee *exec.ExitError
	switch {
	case ch.err == nil:
		return 0
	case errors.As(ch.err, &ee):
		return ee.ExitCode()
	}
	t.Fatal(ch.err)
	return -1
}

// folderOf writes n small photos to a new folder, and returns it.
func folderOf(t *testing.T, n int) string {
	t.Helper()
	in := t.TempDir()
	files := map[string][]byte{}
	for i := range n {
		files[fmt.Sprintf("img-%02d.jpg", i)] = photo(t, 64, 48, uint64(i))
	}
	testimg.WriteTree(t, in, files)
	return in
}

// noLockFile fails the test if the output folder out holds a lock file.
func noLockFile(t *testing.T, out string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(out, imgfile.LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left in the output folder: %v", err)
	}
}

// TestSignals interrupts a run, held at its third image, with SIGINT or
// SIGTERM once an output exists (of one folder, or of the same files given
// as a file, a pattern and a list): the run finishes the file in flight and
// exits with 128 + the signal's number, printing the partial report; every
// output is a complete JPEG, no temporary or lock file remains, and the
// report's count of written files is what is on disk.
func TestSignals(t *testing.T) {
	const files = 8
	in := folderOf(t, files)
	// The same files as a file, a pattern and a list relative to in.
	list := filepath.Join(t.TempDir(), "list")
	var listed []string
	for i := 4; i < files; i++ {
		listed = append(listed, filepath.Join(in, fmt.Sprintf("img-%02d.jpg", i)))
	}
	testimg.WriteFile(t, list, []byte(strings.Join(listed, "\x00")))
	several := []string{filepath.Join(in, "img-00.jpg"), filepath.Join(in, "img-0[123].jpg"), "--files-from", list, "-0", "--base", in}
	cases := []struct {
		name   string
		inputs []string
		signal syscall.Signal
		status int
	}{
		{"SIGINT", []string{in}, syscall.SIGINT, 130},
		{"SIGTERM", []string{in}, syscall.SIGTERM, 143},
		{"SIGINT, several inputs and a list", several, syscall.SIGINT, 130},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			args := smallArgs(append(c.inputs, "-o", out, "--workers", "1", "--log-format", "json")...)
			ch := startChild(t, childSpec{Args: args, StopAt: 3}, t.TempDir())
			ch.waitReached(t)
			ch.waitFor(t, "first output", func() bool {
				m, _ := filepath.Glob(filepath.Join(out, "*.jpg"))
				return len(m) > 0
			})
			ch.signal(t, c.signal)
			if got := ch.wait(t); got != c.status {
				t.Errorf("exit status %d, want %d; stderr:\n%s", got, c.status, ch.stderr.String())
			}
			if !strings.Contains(ch.stderr.String(), `"signal":"`+c.signal.String()+`"`) || !strings.Contains(ch.stderr.String(), "stopping") {
				t.Errorf("stderr does not say it is stopping on %v:\n%s", c.signal, ch.stderr.String())
			}
			noLockFile(t, out)
			outs := testimg.CompleteOutputs(t, out)
			if len(outs) == 0 || len(outs) > 2 {
				t.Errorf("outputs %q, want one or two: the run was held at its third image", outs)
			}
			want := fmt.Sprintf("files: %d written, 0 failed, %d not done (interrupted)", len(outs), files-len(outs))
			if !strings.Contains(ch.stdout.String(), want) {
				t.Errorf("partial report lacks %q; stdout:\n%s", want, ch.stdout.String())
			}
		})
	}
}

// TestSIGINTDuringBaseline interrupts a --baseline run during its
// baseline, held at its second image: the command exits 130 and its report
// says what the baseline did and that nothing was compared (it used to
// print "pipeline wall 0: speedup 0.00x on 0 CPUs, parallel efficiency 0%"
// and empty tables); the JSON report says so too. No output is written,
// and the baseline's temporary folder is removed.
func TestSIGINTDuringBaseline(t *testing.T) {
	const files = 4
	in := folderOf(t, files)
	out, tmp := t.TempDir(), t.TempDir()
	report := filepath.Join(t.TempDir(), "report.json")
	ch := startChild(t, childSpec{Args: smallArgs(in, "-o", out, "--workers", "1", "--baseline", "--report", report), StopAt: 2}, tmp)
	ch.waitReached(t)
	ch.signal(t, syscall.SIGINT)
	if got := ch.wait(t); got != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", got, ch.stderr.String())
	}
	stdout := ch.stdout.String()
	for _, want := range []string{
		fmt.Sprintf("files: 0 written, 0 failed, %d not done (interrupted)\n", files),
		"nothing to measure: the run was interrupted during the baseline, before the pipeline started\n",
		fmt.Sprintf(", 1 of %d files done (1 written, 0 failed; its outputs removed): the pipeline did not run, no comparison\n", files),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	for _, not := range []string{"speedup", "efficiency", "pipeline wall", "bottleneck", "busy %"} {
		if strings.Contains(stdout, not) {
			t.Errorf("report has %q:\n%s", not, stdout)
		}
	}
	var rep struct {
		NotDone  int `json:"not_done"`
		Baseline struct {
			Interrupted bool     `json:"interrupted"`
			Written     int      `json:"written"`
			Speedup     *float64 `json:"speedup"`
		} `json:"baseline"`
	}
	if data, err := os.ReadFile(report); err != nil || json.Unmarshal(data, &rep) != nil {
		t.Fatalf("JSON report: %v\n%s", err, data)
	}
	if rep.NotDone != files || !rep.Baseline.Interrupted || rep.Baseline.Written != 1 || rep.Baseline.Speedup != nil {
		t.Errorf("JSON report: %+v; want %d not done, the baseline interrupted after 1 written, no speedup", rep, files)
	}
	noLockFile(t, out)
	if outs := testimg.CompleteOutputs(t, out); len(outs) != 0 {
		t.Errorf("outputs %q, want none", outs)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left in the temporary folder: %q", left)
	}
}

// TestSecondSIGINT sends a second SIGINT to a run that the first one cannot
// end, its worker being stuck in a step that ignores cancellation: the
// command quits at once with 130, saying so, prints no report, and leaves
// no temporary file, no lock file, and no baseline folder when it was
// running the baseline.
func TestSecondSIGINT(t *testing.T) {
	const files = 4
	in := folderOf(t, files)
	cases := []struct {
		name  string
		flags []string
		// atStop checks the run, stuck at its second image, before the
		// signals.
		atStop func(t *testing.T, out, tmp string)
	}{
		{name: "pipeline"},
		{name: "baseline", flags: []string{"--baseline"}, atStop: func(t *testing.T, out, tmp string) {
			if m, _ := filepath.Glob(filepath.Join(tmp, "augpipe-baseline-*", "*.jpg")); len(m) != 1 {
				t.Fatalf("baseline outputs %q, want the first image's", m)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, tmp := t.TempDir(), t.TempDir()
			ch := startChild(t, childSpec{Args: smallArgs(append([]string{in, "-o", out, "--workers", "1"}, c.flags...)...), StopAt: 2, Block: true}, tmp)
			ch.waitReached(t)
			if c.atStop != nil {
				c.atStop(t, out, tmp)
			}
			ch.signal(t, syscall.SIGINT)
			// Signals of one kind do not queue: wait until the child took
			// the first before sending the second.
			ch.waitStderr(t, "stopping")
			select {
			case <-ch.done:
				t.Fatalf("the run ended on the first SIGINT (%v): its stop step should hold it\nstderr:\n%s", ch.err, ch.stderr.String())
			default:
			}
			ch.signal(t, syscall.SIGINT)
			if got := ch.wait(t); got != 130 {
				t.Errorf("exit status %d, want 130; stderr:\n%s", got, ch.stderr.String())
			}
			if !strings.Contains(ch.stderr.String(), "quitting at once") {
				t.Errorf("stderr does not say it is quitting at once:\n%s", ch.stderr.String())
			}
			if ch.stdout.String() != "" {
				t.Errorf("a report after the second SIGINT:\n%s", ch.stdout.String())
			}
			noLockFile(t, out)
			if outs := testimg.CompleteOutputs(t, out); len(outs) > 1 {
				t.Errorf("outputs %q, want the first image's at most", outs)
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
				t.Errorf("left in the temporary folder: %q", left)
			}
		})
	}
}

// TestResumeAfterSIGKILL kills a run outright, held at its third image:
// what it leaves is complete outputs and, at worst, augpipe's temporary
// files and its lock file. The next run, with --skip-existing, removes
// those temporary files (and nothing else), keeps the outputs already made,
// writes the rest, and says so.
func TestResumeAfterSIGKILL(t *testing.T) {
	const files = 8
	in, out := folderOf(t, files), t.TempDir()
	ch := startChild(t, childSpec{Args: smallArgs(in, "-o", out, "--workers", "1"), StopAt: 3}, t.TempDir())
	ch.waitReached(t)
	ch.waitFor(t, "first output", func() bool {
		m, _ := filepath.Glob(filepath.Join(out, "*.jpg"))
		return len(m) > 0
	})
	ch.signal(t, syscall.SIGKILL)
	if got := ch.wait(t); got != -1 {
		t.Fatalf("exit status %d after SIGKILL, want -1 (killed)", got)
	}
	done, _ := filepath.Glob(filepath.Join(out, "*.jpg"))
	if len(done) == 0 || len(done) > 2 {
		t.Fatalf("outputs %q after the kill, want one or two", done)
	}
	// What a kill during a write leaves, and files that are not ours.
	testimg.WriteTree(t, out, map[string][]byte{
		imgfile.TempPrefix + "123456":        []byte("half a JPEG"),
		"sub/" + imgfile.TempPrefix + "7890": []byte("half another"),
		"notes.txt":                          []byte("keep me"),
		".augpipe-notes":                     []byte("keep me too"),
	})

	temps := 0 // ours, and any the kill left
	filepath.WalkDir(out, func(_ string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), imgfile.TempPrefix) {
			temps++
		}
		return err
	})

	// The resumed run has the stop step too, never reached: the names of
	// a run's steps are part of the settings an output is made with.
	again := startChild(t, childSpec{Args: smallArgs(in, "-o", out, "--skip-existing"), StopAt: 1 << 30}, t.TempDir())
	r := result{code: again.wait(t), stdout: again.stdout.String(), stderr: again.stderr.String()}
	if r.code != 0 {
		t.Fatalf("second run: exit status %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	want := fmt.Sprintf("files: %d written, 0 failed, %d skipped (output up to date)", files-len(done), len(done))
	if !strings.Contains(r.stdout, want) {
		t.Errorf("second run's report lacks %q:\n%s", want, r.stdout)
	}
	if !strings.Contains(r.stderr, "removed temporary files left by an earlier, interrupted run") || !strings.Contains(r.stderr, fmt.Sprintf("files=%d ", temps)) {
		t.Errorf("second run does not say it removed the %d temporary files:\n%s", temps, r.stderr)
	}
	for name, data := range map[string]string{"notes.txt": "keep me", ".augpipe-notes": "keep me too"} {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(got) != data {
			t.Errorf("%s: %q, %v; want it kept as it was", name, got, err)
		}
		os.Remove(filepath.Join(out, name))
	}
	noLockFile(t, out)
	if outs := testimg.CompleteOutputs(t, out); len(outs) != files {
		t.Errorf("%d outputs, want %d: %q", len(outs), files, outs)
	}
}
