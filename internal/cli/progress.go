package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/augpipe/augpipe/augment"
)

// progressHooks draws a progress bar on stderr for each phase.
func progressHooks(stderr io.Writer) (func(string, int), func(string, *augment.Record)) {
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
	file := func(string, *augment.Record) {
		if bar != nil {
			bar.Add(1)
		}
	}
	return start, file
}
