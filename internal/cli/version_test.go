package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestVersion checks the version line made from each kind of build
// information: go install at a version (no revision), go build in a clone
// (a pseudo-version and a revision, clean or modified), go run or no
// information at all (unknown).
func TestVersion(t *testing.T) {
	platform := ", built with go1.26.8 for " + runtime.GOOS + "/" + runtime.GOARCH
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"go install at a version", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.3.0"}},
			true, "augpipe v1.3.0, revision unknown" + platform},
		{"go build in a clean clone", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Version: "v0.0.0-20261129101500-f48260f1a2b3"}, Settings: vcs("f48260f1a2b3c4d5", "2026-11-29T10:15:00Z", "false")},
			true, "augpipe v0.0.0-20261129101500-f48260f1a2b3, revision f48260f1a2b3c4d5 (2026-11-29T10:15:00Z)" + platform},
		{"go build with changes", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Version: "v0.0.0-20261129101500-f48260f1a2b3+dirty"}, Settings: vcs("f48260f1a2b3c4d5", "2026-11-29T10:15:00Z", "true")},
			true, "augpipe v0.0.0-20261129101500-f48260f1a2b3+dirty, revision f48260f1a2b3c4d5 (2026-11-29T10:15:00Z) with uncommitted changes" + platform},
		{"go run", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			true, "augpipe (devel), revision unknown" + platform},
	}
	for _, c := range cases {
		if got := Version(c.bi, c.ok); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	if got, want := Version(nil, false), "augpipe unknown, revision unknown, built with "+runtime.Version(); got[:len(want)] != want {
		t.Errorf("no build information: %q, want it to begin %q", got, want)
	}
}
