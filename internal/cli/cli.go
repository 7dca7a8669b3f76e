// Package cli is the augpipe command: flags become a FolderJob, and cli
// adds what only a command has: signal handling, exit statuses, a progress
// bar on a terminal, log set-up, the text report, and the words that name
// its flags.
package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"golang.org/x/term"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/io/imgfile"
)

// Exit statuses of the command.
const (
	ExitOK          = 0
	ExitSomeFailed  = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // 128 + SIGINT; SIGTERM gives 143
)

// CLI is what the command line asks for: the job and how to report on it.
type CLI struct {
	augment.FolderJob
	// ReportPath, when set, receives the JSON report; "-" is stdout.
	ReportPath string
	// LogFormat is "console" or "json".
	LogFormat string
	Verbose   bool
	Quiet     bool
	// FilesFrom, when set, names the file that lists input files ("-":
	// stdin), one a line or, with Null, each ended by a NUL byte.
	FilesFrom string
	Null      bool
	// Stdin is read for FilesFrom "-"; nil is os.Stdin.
	Stdin io.Reader
	// DryRun prints what the run would do, and does nothing.
	DryRun bool
	// RecipeFile names the recipe RecipeFlags loads.
	RecipeFile string
	// Replay, when set, names a file of manifest lines whose outputs are
	// made again (under Output), instead of a run.
	Replay string
}

// Main runs the command: it sets up logging, a progress bar when stderr is
// a terminal (but for JSON logs), and signal handling, checks that the
// JSON report can be written, runs the job, prints the text report to
// stdout (to stderr when the JSON report goes to stdout, and not at all
// if the logs there are JSON), writes the JSON report, and returns the exit
// status.
func (c CLI) Main(stdout, stderr *os.File) int {
	tty := term.IsTerminal(int(stderr.Fd()))
	line := &sharedLine{w: stderr}
	log, err := c.logger(line.logWriter(), tty)
	if err != nil {
		Fail(stderr, "console", err.Error(), true)
		return ExitUsage
	}
	if c.ReportPath != "" {
		if err := checkReport(c.ReportPath); err != nil {
			Fail(line.logWriter(), c.LogFormat, err.Error(), false)
			return ExitUsage
		}
	}
	temps := new(imgfile.Temps)
	ctx, stop, signalled := withSignals(context.Background(), temps, log)
	defer stop()

	if c.Replay != "" {
		return c.replay(ctx, c.Replay, stdout, line.logWriter())
	}
	if c.FilesFrom != "" {
		stdin := c.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		list, err := readList(ctx, c.FilesFrom, c.Null, stdin)
		switch {
		case err != nil && signalled() != 0:
			log.Warn().Msg("interrupted while reading the list of files: nothing done")
			return 128 + int(signalled())
		case err != nil:
			Fail(line.logWriter(), c.LogFormat, err.Error(), false)
			return ExitUsage
		}
		c.Files = list
	}
	if c.DryRun {
		return c.dryRun(ctx, stdout, line.logWriter(), log, signalled)
	}
	hooks := augment.Hooks{Log: log, Temps: temps, Sequential: onOneCPU, SequentialHow: "under GOMAXPROCS=1, "}
	if !c.Quiet && tty && c.LogFormat != "json" { // with json, every line on stderr is JSON
		hooks.Start, hooks.File = progressHooks(line.barWriter(), time.Now)
	}
	rep, err := augment.RunFolder(ctx, c.FolderJob, hooks)
	var start *augment.StartError
	if errors.As(err, &start) {
		// A bad setting is a usage error; an unusable folder, a locked one
		// or an output that would replace an input is not.
		var bad *augment.ConfigError
		Fail(line.logWriter(), c.LogFormat, inFlagWords(start.Err), errors.As(start.Err, &bad))
		return ExitUsage
	}
	if rep != nil {
		if rep.Files == 0 && !rep.Interrupted {
			log.Warn().Str("input", inputsText(c.FolderJob)).Msg("no images found")
		}
		switch {
		case c.Quiet:
		case c.ReportPath != stdoutReport:
			writeText(stdout, rep)
		case c.LogFormat != "json": // stdout is the JSON report's, and stderr the logs'
			writeText(line.logWriter(), rep)
		}
	}
	var status int
	switch {
	case err != nil && signalled() != 0:
		status = 128 + int(signalled())
	case err != nil:
		log.Error().Err(err).Msg("run failed")
		status = ExitSomeFailed
	case rep.Failed > 0:
		log.Error().Int("failed", rep.Failed).Int("written", rep.Written).Msg("some files failed")
		status = ExitSomeFailed
	}
	if rep != nil && c.ReportPath != "" {
		var b bytes.Buffer
		werr := rep.WriteJSON(&b)
		if werr == nil {
			werr = writeReport(c.ReportPath, b.Bytes(), stdout)
		}
		if werr != nil {
			log.Error().Err(werr).Str("file", c.ReportPath).Msg("cannot write the JSON report")
			status = max(status, ExitSomeFailed) // 0 becomes 1; an interrupted run keeps its status
		}
	}
	return status
}

// onOneCPU runs run with GOMAXPROCS at 1, so that nothing (not the image
// library's goroutines, not the garbage collector) runs in parallel
// behind the baseline's back, and restores it however run returns.
func onOneCPU(run func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	run()
}

// dryRun prints what the job would do, from augment.PlanFolder, the plan
// RunFolder follows, and returns the exit status: 0, or 2 when the job
// could not start.
func (c CLI) dryRun(ctx context.Context, stdout, stderr io.Writer, log zerolog.Logger, signalled func() syscall.Signal) int {
	plan, err := augment.PlanFolder(ctx, c.FolderJob)
	var start *augment.StartError
	switch {
	case errors.As(err, &start):
		var bad *augment.ConfigError
		Fail(stderr, c.LogFormat, inFlagWords(start.Err), errors.As(start.Err, &bad))
		return ExitUsage
	case err != nil && signalled() != 0:
		log.Warn().Msg("interrupted: nothing done")
		return 128 + int(signalled())
	case err != nil:
		log.Error().Err(err).Msg("dry run failed")
		return ExitSomeFailed
	}
	if !c.Quiet {
		writePlan(stdout, c.FolderJob, plan)
	}
	return ExitOK
}
