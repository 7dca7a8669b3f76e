package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/rs/zerolog"
)

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
