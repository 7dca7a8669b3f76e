package augment

import (
	"bytes"
	"context"
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

	"github.com/augpipe/augpipe/io/imgfile"
)

// childEnv carries, as JSON, the CLI that TestChildCLI runs.
const childEnv = "AUGPIPE_TEST_CHILD_CLI"

// TestChildCLI is not a test of its own: it is the augpipe command that
// the interruption tests run as a child process, by running this test
// binary again with only this test selected and the CLI in childEnv.
func TestChildCLI(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		t.Skip("runs only as the child process of the interruption tests")
	}
	var c CLI
	if err := json.Unmarshal([]byte(spec), &c); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(99)
	}
	os.Exit(c.Main(os.Stdout, os.Stderr))
}

// child is augpipe running in a child process.
type child struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
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

func startChild(t *testing.T, c CLI, env ...string) *child {
	t.Helper()
	spec, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	ch := &child{cmd: exec.Command(os.Args[0], "-test.run=^TestChildCLI$")}
	ch.cmd.Env = append(append(os.Environ(), env...), childEnv+"="+string(spec))
	ch.cmd.Stdout, ch.cmd.Stderr = &ch.stdout, &ch.stderr
	if err := ch.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ch.cmd.Process.Kill() })
	return ch
}

// wait returns the child's exit status.
func (ch *child) wait(t *testing.T) int {
	t.Helper()
	err := ch.cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// waitForOutput polls out until a finished output (not a temporary file)
// appears there, or fails the test after a minute.
func waitForOutput(t *testing.T, ch *child, out string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(out, "*.jpg")); len(m) > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no output appeared; stderr:\n%s", ch.stderr.String())
}

// waitForStderr polls the child's stderr until it holds text, or fails
// the test after a minute.
func waitForStderr(t *testing.T, ch *child, text string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if strings.Contains(ch.stderr.String(), text) {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("stderr never said %q:\n%s", text, ch.stderr.String())
}

// slowFolder writes n copies of a photo big enough that a run over all of
// them takes far longer than reaching the first output does.
func slowFolder(t *testing.T, n int) string {
	t.Helper()
	in := t.TempDir()
	data := encodeJPEGBytes(t, detailedPhoto(480, 360))
	files := map[string][]byte{}
	for i := range n {
		files[fmt.Sprintf("img-%03d.jpg", i)] = data
	}
	writeTree(t, in, files)
	return in
}

func slowCLI(in, out string) CLI {
	cfg := DefaultConfig()
	cfg.Input, cfg.Output = in, out
	cfg.Sigma, cfg.MaxSize = 6, 1200
	cfg.Workers, cfg.Buffer = 1, 1
	return CLI{Config: cfg, LogFormat: "json"}
}

// TestSignals interrupts a run once the first output exists: the exit
// status is 128 + the signal, the partial report is printed, every output
// is a complete JPEG and no temporary file remains.
func TestSignals(t *testing.T) {
	const files = 60
	in := slowFolder(t, files)
	cases := []struct {
		name   string
		signal syscall.Signal
		status int
	}{
		{"SIGINT", syscall.SIGINT, 130},
		{"SIGTERM", syscall.SIGTERM, 143},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			ch := startChild(t, slowCLI(in, out))
			waitForOutput(t, ch, out)
			if err := ch.cmd.Process.Signal(c.signal); err != nil {
				t.Fatal(err)
			}
			if got := ch.wait(t); got != c.status {
				t.Errorf("exit status %d, want %d; stderr:\n%s", got, c.status, ch.stderr.String())
			}
			outs := assertCompleteOutputs(t, out)
			if len(outs) == 0 || len(outs) >= files {
				t.Errorf("%d outputs of %d: the run was not interrupted mid-way", len(outs), files)
			}
			if !strings.Contains(ch.stdout.String(), "not done (interrupted)") {
				t.Errorf("no partial report; stdout:\n%s", ch.stdout.String())
			}
		})
	}
}

// TestSecondSIGINT sends a second SIGINT while the file in flight after
// the first is a large one: augpipe quits at once, without waiting for it
// or printing a report, and leaves no temporary file and no partial output.
// The pipeline takes the costliest photo first, here the largest: the
// first output is the largest photo's, and the second largest is in flight
// when the signals arrive.
func TestSecondSIGINT(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	writeTree(t, in, map[string][]byte{
		"1-larger.jpg": encodeJPEGBytes(t, detailedPhoto(1800, 1350)),
		"2-large.jpg":  encodeJPEGBytes(t, detailedPhoto(1600, 1200)),
		"3-small.jpg":  encodeJPEGBytes(t, detailedPhoto(64, 48)),
	})
	c := slowCLI(in, out)
	c.Sigma = 20
	ch := startChild(t, c)
	waitForOutput(t, ch, out)
	for range 2 {
		err := ch.cmd.Process.Signal(syscall.SIGINT)
		if errors.Is(err, os.ErrProcessDone) {
			break // the run ended on the first signal: see below
		}
		if err != nil {
			t.Fatal(err)
		}
		// Signals of one kind do not queue: wait until the child took this
		// one before sending the next.
		waitForStderr(t, ch, "stopping")
	}
	if got := ch.wait(t); got != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", got, ch.stderr.String())
	}
	if outs := assertCompleteOutputs(t, out); len(outs) != 1 {
		t.Errorf("outputs %q, want only the largest file's", outs)
	}
	// Should the large file be abandoned before the second signal lands
	// (once the blur checks the context), the run ends on the first one and
	// prints its report: then the second had nothing left to stop.
	if strings.Contains(ch.stdout.String(), "not done (interrupted)") {
		t.Log("the run ended on the first SIGINT before the second arrived")
	} else if !strings.Contains(ch.stderr.String(), "quitting at once") {
		t.Errorf("neither a report nor the second signal's message; stderr:\n%s", ch.stderr.String())
	}
}

// TestSecondSIGINTDuringBaseline interrupts a run twice while --baseline
// is writing its outputs to a temporary folder: that folder is removed,
// and the output folder holds no lock file, whichever signal ends the run.
func TestSecondSIGINTDuringBaseline(t *testing.T) {
	in, out, tmp := t.TempDir(), t.TempDir(), t.TempDir()
	writeTree(t, in, map[string][]byte{
		"1-larger.jpg": encodeJPEGBytes(t, detailedPhoto(1800, 1350)),
		"2-large.jpg":  encodeJPEGBytes(t, detailedPhoto(1600, 1200)),
		"3-small.jpg":  encodeJPEGBytes(t, detailedPhoto(64, 48)),
	})
	c := slowCLI(in, out)
	c.Sigma, c.Baseline = 20, true
	ch := startChild(t, c, "TMPDIR="+tmp)
	waitForOutput(t, ch, filepath.Join(tmp, "augpipe-baseline-*"))
	for range 2 {
		err := ch.cmd.Process.Signal(syscall.SIGINT)
		if errors.Is(err, os.ErrProcessDone) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		waitForStderr(t, ch, "stopping")
	}
	if got := ch.wait(t); got != 130 {
		t.Errorf("exit status %d, want 130; stderr:\n%s", got, ch.stderr.String())
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "augpipe-baseline-*")); len(left) > 0 {
		t.Errorf("baseline folder left behind: %q", left)
	}
	if _, err := os.Stat(filepath.Join(out, imgfile.LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left in the output folder: %v", err)
	}
}

// TestCancelWhileListing cancels a run before it has listed its inputs:
// Run returns an empty report marked interrupted and the context's error,
// and nothing is written.
func TestCancelWhileListing(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	writeTree(t, in, map[string][]byte{"a.jpg": encodeJPEGBytes(t, detailedPhoto(32, 24))})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := Run(ctx, smallRunConfig(in, out), Hooks{})
	if !errors.Is(err, context.Canceled) || rep == nil || !rep.Interrupted || rep.Files != 0 {
		t.Fatalf("Run: %v, report %+v; want context.Canceled and an empty interrupted report", err, rep)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output folder: %v, want none made", err)
	}
	var text strings.Builder
	rep.WriteText(&text)
	if !strings.Contains(text.String(), "interrupted while listing") || strings.Contains(text.String(), "no images found") {
		t.Errorf("report says:\n%s\nwant that the listing was interrupted", text.String())
	}
}

// TestCancelMidRun cancels a run in-process after its first file: Run
// returns the partial report marked interrupted, and the output folder
// holds only complete JPEGs and no temporary file.
func TestCancelMidRun(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := map[string][]byte{}
	data := encodeJPEGBytes(t, detailedPhoto(320, 240))
	for i := range 40 {
		files[fmt.Sprintf("d%d/img-%02d.jpg", i%3, i)] = data
	}
	writeTree(t, in, files)
	cfg := smallRunConfig(in, out)
	cfg.Recursive, cfg.Sigma = true, 4
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := Run(ctx, cfg, Hooks{File: func(string, *FileRecord) { cancel() }})
	if !errors.Is(err, context.Canceled) || rep == nil || !rep.Interrupted {
		t.Fatalf("Run: %v, report %v; want context.Canceled and an interrupted report", err, rep)
	}
	if rep.Cancelled == 0 || rep.Written+rep.Failed+rep.Cancelled != 40 || rep.Failed != 0 {
		t.Errorf("written %d, failed %d, cancelled %d of 40", rep.Written, rep.Failed, rep.Cancelled)
	}
	if outs := assertCompleteOutputs(t, out); len(outs) != rep.Written {
		t.Errorf("%d outputs on disk, report says %d written", len(outs), rep.Written)
	}
}
