package cli

import (
	"strings"
	"testing"
)

// TestLogFormatIn checks that the log format is found on a command line
// that could not be parsed: the last --log-format wins, in either form,
// and nothing after "--" counts.
func TestLogFormatIn(t *testing.T) {
	cases := []struct {
		args string
		want string
	}{
		{"in --frobnicate", ""},
		{"--log-format json in --frobnicate", "json"},
		{"--frobnicate --log-format=json", "json"},
		{"--log-format json --log-format=console", "console"},
		{"in --log-format", ""},
		{"in -- --log-format json", ""},
	}
	for _, c := range cases {
		if got := LogFormatIn(strings.Fields(c.args)); got != c.want {
			t.Errorf("LogFormatIn(%s) = %q, want %q", c.args, got, c.want)
		}
	}
}

// TestFail checks the two forms of the message of an error that stops
// the command: a line beginning "augpipe: ", the hint to run --help on
// the next line after a usage error only; or, in JSON, one error event
// with the hint as a field.
func TestFail(t *testing.T) {
	cases := []struct {
		format string
		usage  bool
		want   []string
		absent []string
	}{
		{"console", true, []string{"augpipe: bad thing\n" + helpHint + "\n"}, nil},
		{"console", false, []string{"augpipe: bad thing\n"}, []string{"--help"}},
		{"xml", false, []string{"augpipe: bad thing\n"}, nil},
		{"json", true, []string{`"level":"error"`, `"message":"bad thing"`, `"hint":"` + helpHint + `"`}, []string{"augpipe:"}},
		{"json", false, []string{`"level":"error"`, `"message":"bad thing"`}, []string{"hint", "--help"}},
	}
	for _, c := range cases {
		var b strings.Builder
		Fail(&b, c.format, "bad thing", c.usage)
		for _, w := range c.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("Fail(%s, usage %v) wrote %q, lacking %q", c.format, c.usage, b.String(), w)
			}
		}
		for _, a := range c.absent {
			if strings.Contains(b.String(), a) {
				t.Errorf("Fail(%s, usage %v) wrote %q, with %q", c.format, c.usage, b.String(), a)
			}
		}
	}
}
