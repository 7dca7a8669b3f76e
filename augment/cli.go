package augment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/augpipe/augpipe/io/imgfile"
)

// Exit statuses of the command.
const (
	ExitOK          = 0
	ExitSomeFailed  = 1
	ExitUsage       = 2
	ExitInterrupted = 130 // 128 + SIGINT; SIGTERM gives 143
)

// CLI is what the command line asks for: the job's Config and how to
// report on it.
type CLI struct {
	Config
	// ReportPath, when set, receives the JSON report.
	ReportPath string
	// LogFormat is "console" or "json".
	LogFormat string
	Verbose   bool
	Quiet     bool
}

// Main runs the command: it sets up logging, a progress bar when stderr is
// a terminal, and signal handling, runs the job, prints the report to
// stdout, and returns the exit status.
func (c CLI) Main(stdout, stderr *os.File) int {
	tty := term.IsTerminal(int(stderr.Fd()))
	line := &sharedLine{w: stderr}
	log, err := c.logger(line.logWriter(), tty)
	if err != nil {
		fmt.Fprintf(stderr, "augpipe: %v\n", err)
		return ExitUsage
	}
	temps := new(imgfile.Temps)
	ctx, stop, signalled := withSignals(context.Background(), temps, log)
	defer stop()

	hooks := Hooks{Log: log, Temps: temps}
	if !c.Quiet && tty {
		hooks.Start, hooks.File = progressHooks(line.barWriter())
	}
	rep, err := Run(ctx, c.Config, hooks)
	var usage *UsageError
	if errors.As(err, &usage) {
		log.Error().Msg(usage.Error())
		fmt.Fprintf(stderr, "Run 'augpipe --help' for usage.\n")
		return ExitUsage
	}
	if rep != nil {
		if rep.Files == 0 && !rep.Interrupted {
			log.Warn().Str("folder", c.Input).Msg("no images found")
		}
		if !c.Quiet {
			rep.WriteText(stdout)
		}
		if c.ReportPath != "" {
			if werr := rep.WriteJSON(c.ReportPath); werr != nil {
				log.Error().Err(werr).Str("file", c.ReportPath).Msg("cannot write the JSON report")
			}
		}
	}
	switch {
	case err != nil && signalled() != 0:
		return 128 + int(signalled())
	case err != nil:
		log.Error().Err(err).Msg("run failed")
		return ExitSomeFailed
	case rep.Failed > 0:
		log.Error().Int("failed", rep.Failed).Int("written", rep.Written).Msg("some files failed")
	}
	return rep.ExitCode()
}

// logger returns the run's logger, writing to stderr, in colour when tty
// says stderr is a terminal.
func (c CLI) logger(stderr io.Writer, tty bool) (zerolog.Logger, error) {
	var w io.Writer
	switch c.LogFormat {
	case "json":
		w = stderr
	case "console", "":
		w = zerolog.ConsoleWriter{Out: stderr, TimeFormat: time.TimeOnly, NoColor: !tty}
	default:
		return zerolog.Nop(), fmt.Errorf("--log-format %q: must be console or json", c.LogFormat)
	}
	level := zerolog.InfoLevel
	switch {
	case c.Quiet:
		level = zerolog.ErrorLevel
	case c.Verbose:
		level = zerolog.DebugLevel
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger(), nil
}

// withSignals returns a context cancelled by the first SIGINT or SIGTERM:
// the pipeline then takes no new file and the files in flight are finished
// or abandoned. A second SIGINT or SIGTERM removes the temporary files
// being written (temps.Abort: outputs already renamed into place are
// complete, the others never appear) and exits at once with 128 + its
// number. signalled reports the first signal's number, or 0.
func withSignals(parent context.Context, temps *imgfile.Temps, log zerolog.Logger) (ctx context.Context, stop func(), signalled func() syscall.Signal) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	got := make(chan syscall.Signal, 1)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			sig := s.(syscall.Signal)
			got <- sig
			log.Warn().Str("signal", sig.String()).Msg("stopping: finishing the files in flight (press Ctrl-C again to quit at once)")
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-ch:
			log.Warn().Str("signal", s.String()).Int("temporary_files_removed", temps.Abort()).Msg("quitting at once")
			os.Exit(128 + int(s.(syscall.Signal)))
		case <-done:
		}
	}()
	var first syscall.Signal
	return ctx, func() {
			signal.Stop(ch)
			close(done)
			cancel()
		}, func() syscall.Signal {
			if first == 0 {
				select {
				case first = <-got:
				default:
				}
			}
			return first
		}
}

// progressHooks draws a progress bar on stderr for each phase.
func progressHooks(stderr io.Writer) (func(string, int), func(string, *FileRecord)) {
	var bar *progressbar.ProgressBar
	start := func(phase string, total int) {
		if bar != nil {
			bar.Finish()
		}
		bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription(phase),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("img"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionOnCompletion(func() { fmt.Fprint(stderr, "\r\033[K") }),
		)
	}
	file := func(string, *FileRecord) {
		if bar != nil {
			bar.Add(1)
		}
	}
	return start, file
}
