package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/augpipe/augpipe/augment"
)

// progressHooks draws a progress bar on stderr for each phase, with the
// rate and the time left once they mean something (see rateText); now is
// the clock.
//
// The bar's own rate is not shown: it counts from the first file done, so
// that after one file it is that file over a few microseconds (25,175
// img/s), and its time left follows from it.
func progressHooks(stderr io.Writer, now func() time.Time) (func(string, int), func(string, *augment.Record)) {
	var bar *progressbar.ProgressBar
	var phase string
	var began time.Time
	var done, total int
	start := func(ph string, n int) {
		if bar != nil {
			bar.Finish()
		}
		phase, began, done, total = ph, now(), 0, n
		bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription(phase),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionOnCompletion(func() { fmt.Fprint(stderr, clearLine) }),
		)
	}
	file := func(string, *augment.Record) {
		if bar == nil {
			return
		}
		done++
		if rate := rateText(done, total, now().Sub(began)); rate != "" {
			bar.Describe(phase + " " + rate)
		}
		bar.Add(1)
	}
	return start, file
}

// A rate is shown once at least minRateFiles files are done and
// minRateTime has passed since the phase began: before that, it is the
// time of one file, or of the first files that finish together.
const (
	minRateFiles = 2
	minRateTime  = time.Second
)

// rateText is the rate of a phase done files into total, elapsed since it
// began, and the time left at that rate; "" until it means something.
func rateText(done, total int, elapsed time.Duration) string {
	if done < minRateFiles || elapsed < minRateTime {
		return ""
	}
	rate := float64(done) / elapsed.Seconds()
	left := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
	format := "%.1f img/s, %v left"
	if rate >= 10 {
		format = "%.0f img/s, %v left"
	}
	return fmt.Sprintf(format, rate, left)
}
