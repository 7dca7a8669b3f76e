package cli

import (
	"strings"
	"testing"
	"time"
)

// TestRateText checks that the progress bar shows a rate, and the time
// left at that rate, only once enough files are done and enough time has
// passed for it to mean something (the bar's own rate was 25,175 img/s
// after one file).
func TestRateText(t *testing.T) {
	cases := []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{1, 14, 40 * time.Microsecond, ""},
		{1, 14, 3 * time.Second, ""},
		{5, 14, 500 * time.Millisecond, ""},
		{2, 14, time.Second, "2.0 img/s, 6s left"},
		{7, 14, 2 * time.Second, "3.5 img/s, 2s left"},
		{300, 1000, 10 * time.Second, "30 img/s, 23s left"},
		{14, 14, 4 * time.Second, "3.5 img/s, 0s left"},
	}
	for _, c := range cases {
		if got := rateText(c.done, c.total, c.elapsed); got != c.want {
			t.Errorf("rateText(%d, %d, %v) = %q, want %q", c.done, c.total, c.elapsed, got, c.want)
		}
	}
}

// TestProgressFirstFile draws the bar for a file done a few microseconds
// into the phase: no rate and no time left, only the count.
func TestProgressFirstFile(t *testing.T) {
	var b strings.Builder
	clock := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	start, file := progressHooks(&b, func() time.Time { return clock })
	start("pipeline", 14)
	clock = clock.Add(40 * time.Microsecond)
	file("pipeline", nil)
	if got := b.String(); !strings.Contains(got, "1/14") || strings.Contains(got, "/s") || strings.Contains(got, "left") {
		t.Errorf("bar after one file: %q, want the count and no rate", got)
	}
}
