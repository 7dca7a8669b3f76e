package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Each configuration runs in its own process so that its peak RSS and CPU
// time are its own. The bench binary re-executes itself (os.Executable)
// with the hidden flag --worker-mode naming the strategy and --worker-job
// holding the job as JSON; the child runs the strategy in-process through
// augpipe's own packages and prints a Measure as JSON on stdout. This needs
// no build step and no temporary binary, and it times exactly the code that
// augpipe runs (the pipeline configurations call augment.RunFolder, as the
// command does).

// workerFlag is the hidden flag that puts the binary in worker mode.
const workerFlag = "--worker-mode"

// workerJob is what a child is told to do.
type workerJob struct {
	Spec   Spec   `json:"spec"`
	Corpus string `json:"corpus"`
	Out    string `json:"out"`
}

// workerArgs returns the command-line arguments that run job in a child.
func workerArgs(job workerJob) ([]string, error) {
	data, err := json.Marshal(job)
	if err != nil {
		return nil, fmt.Errorf("encode job: %w", err)
	}
	return []string{workerFlag + "=" + string(job.Spec.Kind), "--worker-job=" + string(data)}, nil
}

// workerMain runs the job given as JSON in the child and writes the Measure
// to stdout. It returns the process exit status.
func workerMain(kind, jobJSON string, stdout, stderr io.Writer) int {
	var job workerJob
	if err := json.Unmarshal([]byte(jobJSON), &job); err != nil {
		fmt.Fprintf(stderr, "bench worker: bad --worker-job: %v\n", err)
		return 2
	}
	if string(job.Spec.Kind) != kind {
		fmt.Fprintf(stderr, "bench worker: --worker-mode %s does not match the job's %s\n", kind, job.Spec.Kind)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m, err := runStrategy(ctx, job.Spec, job.Corpus, job.Out)
	if err != nil {
		fmt.Fprintf(stderr, "bench worker %s: %v\n", job.Spec.Name, err)
		return 1
	}
	if err := json.NewEncoder(stdout).Encode(m); err != nil {
		fmt.Fprintf(stderr, "bench worker: %v\n", err)
		return 1
	}
	return 0
}
