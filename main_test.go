package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/internal/cli"
)

// childEnv holds, as JSON, the childSpec of a test binary run as the
// augpipe command by a test that needs signals (startChild).
const childEnv = "AUGPIPE_TEST_CHILD"

// childSpec is what a child process runs: the command line, and where
// the run is to stop, for the signal tests to interrupt it at a known
// point rather than race with it.
type childSpec struct {
	// Args is the command line, without the program name.
	Args []string `json:"args"`
	// StopAt, when above 0, adds a step that stops at the StopAt-th image
	// it is given (counting the baseline's too): it creates the file
	// Reached, then waits for the run's context to be cancelled (a first
	// signal) or, with Block, forever, ignoring the context, so that only
	// a second signal can end the run.
	StopAt  int    `json:"stop_at,omitempty"`
	Block   bool   `json:"block,omitempty"`
	Reached string `json:"reached,omitempty"`
}

// TestMain runs the tests, or, in a child process started by startChild,
// the command itself.
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(runChild(spec))
	}
	os.Exit(m.Run())
}

// runChild runs the command as spec says, as run does, and returns its
// exit status.
func runChild(spec string) int {
	var s childSpec
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", childEnv, err)
		return 99
	}
	c, status, ok := parse(s.Args, os.Stdout, os.Stderr)
	if !ok {
		return status
	}
	if s.StopAt > 0 {
		c.Steps = append(c.Steps, stopStep(s))
	}
	return c.Main(os.Stdout, os.Stderr)
}

// stopStep is the step that stops a child's run at its StopAt-th image.
func stopStep(s childSpec) augment.Step {
	var n atomic.Int64
	return augment.Step{Name: "test-stop", Apply: func(ctx context.Context, _ *augment.Frame) error {
		if n.Add(1) != int64(s.StopAt) {
			return nil
		}
		if err := os.WriteFile(s.Reached, nil, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "test-stop: %v\n", err)
		}
		if s.Block {
			select {} // only a second signal ends the run now
		}
		<-ctx.Done()
		return nil // the run cancels the image after this step
	}}
}

// result is what a run of the command did.
type result struct {
	code           int
	stdout, stderr string
}

// runCmd runs the command in-process with argv, its stdout and stderr
// going to files under a test folder.
func runCmd(t *testing.T, argv ...string) result {
	t.Helper()
	return runCmdWith(t, nil, argv...)
}

// runCmdWith is runCmd with the command, once parsed, changed by change
// before it runs (a test adds a step of its own); nil changes nothing.
func runCmdWith(t *testing.T, change func(*cli.CLI), argv ...string) result {
	t.Helper()
	dir := t.TempDir()
	create := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	stdout, stderr := create("stdout"), create("stderr")
	var code int
	if change == nil {
		code = run(argv, stdout, stderr)
	} else {
		c, status, ok := parse(argv, stdout, stderr)
		if ok {
			change(&c)
			status = c.Main(stdout, stderr)
		}
		code = status
	}
	o, err := os.ReadFile(stdout.Name())
	if err != nil {
		t.Fatal(err)
	}
	e, err := os.ReadFile(stderr.Name())
	if err != nil {
		t.Fatal(err)
	}
	return result{code, string(o), string(e)}
}

// small are the flags of a small, fast run.
var small = []string{"--blur", "1", "--max-size", "32", "--workers", "2", "--buffer", "2"}

// smallArgs returns small with more flags and arguments after it.
func smallArgs(more ...string) []string {
	return append(append([]string{}, small...), more...)
}
