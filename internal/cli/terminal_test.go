package cli

import (
	"io"
	"strings"
	"testing"
)

// TestSharedLine checks that a log line never runs into the progress bar's
// line: it erases the bar's line first when the bar has drawn since the
// last log line, and is written as is otherwise.
func TestSharedLine(t *testing.T) {
	type write struct {
		bar  bool
		text string
	}
	cases := []struct {
		name   string
		writes []write
		want   string
	}{
		{"log only", []write{{false, "a\n"}, {false, "b\n"}}, "a\nb\n"},
		{"log after the bar", []write{{true, "\r[##  ] 1/2"}, {false, "WRN stopping\n"}},
			"\r[##  ] 1/2" + clearLine + "WRN stopping\n"},
		{"two log lines after the bar: one erase", []write{{true, "\r[##  ] 1/2"}, {false, "a\n"}, {false, "b\n"}},
			"\r[##  ] 1/2" + clearLine + "a\nb\n"},
		{"the bar again", []write{{true, "\r[#   ] 1/4"}, {false, "a\n"}, {true, "\r[##  ] 2/4"}, {false, "b\n"}},
			"\r[#   ] 1/4" + clearLine + "a\n\r[##  ] 2/4" + clearLine + "b\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			s := &sharedLine{w: &out}
			for _, w := range c.writes {
				dst := s.logWriter()
				if w.bar {
					dst = s.barWriter()
				}
				if _, err := io.WriteString(dst, w.text); err != nil {
					t.Fatal(err)
				}
			}
			if out.String() != c.want {
				t.Errorf("terminal got %q, want %q", out.String(), c.want)
			}
		})
	}
}
