package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// timeFormat is the logs' timestamp: RFC 3339 to the millisecond.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

// consoleTimeFormat is the timestamp of a console log line.
const consoleTimeFormat = "15:04:05.000"

// helpHint follows a usage error.
const helpHint = "Run 'augpipe --help' for usage."

// msTimestamp stamps each event with the time to the millisecond. It does
// what zerolog's Context.Timestamp does, but that one formats with the
// package-level zerolog.TimeFieldFormat, which a program would have to set
// for every logger in the process; this hook belongs to one logger.
type msTimestamp struct{}

func (msTimestamp) Run(e *zerolog.Event, _ zerolog.Level, _ string) {
	e.Str(zerolog.TimestampFieldName, time.Now().Format(timeFormat))
}

// logger returns the run's logger, writing to stderr, in colour when tty
// says stderr is a terminal.
func (c CLI) logger(stderr io.Writer, tty bool) (zerolog.Logger, error) {
	level := zerolog.InfoLevel
	switch {
	case c.Quiet:
		level = zerolog.ErrorLevel
	case c.Verbose:
		level = zerolog.DebugLevel
	}
	return newLogger(stderr, c.LogFormat, tty, level)
}

// newLogger returns a logger writing to w in format ("console", the
// default, or "json") at level and above.
func newLogger(w io.Writer, format string, tty bool, level zerolog.Level) (zerolog.Logger, error) {
	switch format {
	case "json":
	case "console", "":
		w = zerolog.ConsoleWriter{Out: w, NoColor: !tty, FormatTimestamp: consoleTime(tty)}
	default:
		return zerolog.Nop(), fmt.Errorf("--log-format %q: must be console or json", format)
	}
	return zerolog.New(w).Level(level).Hook(msTimestamp{}), nil
}

// consoleTime shows an event's timestamp as the time of day to the
// millisecond, grey on a terminal.
func consoleTime(tty bool) zerolog.Formatter {
	return func(v any) string {
		s := fmt.Sprint(v)
		if t, err := time.Parse(timeFormat, s); err == nil {
			s = t.Format(consoleTimeFormat)
		}
		if tty {
			s = "\x1b[90m" + s + "\x1b[0m"
		}
		return s
	}
}

// Fail says why the command stops without doing its work: "augpipe: " and
// msg on a line or, with logFormat json, a JSON error event. After a usage
// error (a bad flag, a bad value, wrong arguments) it adds how to get help:
// a line, or the event's "hint". An unknown logFormat is taken as console.
func Fail(w io.Writer, logFormat, msg string, usage bool) {
	if logFormat == "json" {
		log, _ := newLogger(w, "json", false, zerolog.ErrorLevel)
		e := log.Error()
		if usage {
			e = e.Str("hint", helpHint)
		}
		e.Msg(msg)
		return
	}
	fmt.Fprintf(w, "augpipe: %s\n", msg)
	if usage {
		fmt.Fprintln(w, helpHint)
	}
}

// LogFormatIn returns the value of the last --log-format on the command
// line args, or "": what Fail needs when the command line could not be
// parsed.
func LogFormatIn(args []string) string {
	format := ""
	for i, a := range args {
		switch {
		case a == "--":
			return format
		case a == "--log-format" && i+1 < len(args):
			format = args[i+1]
		default:
			if v, ok := strings.CutPrefix(a, "--log-format="); ok {
				format = v
			}
		}
	}
	return format
}
