package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Version says what build of augpipe this is, from its build information
// (runtime/debug.ReadBuildInfo's results): the module's version, the VCS
// revision and its time, whether the tree had uncommitted changes, and the
// Go release and platform. What the build did not record is said to be
// unknown: `go install module@version` records the version and no
// revision, `go build` in a clone both, `go run` neither.
func Version(bi *debug.BuildInfo, ok bool) string {
	version, revision, at, modified := "unknown", "", "", false
	goVersion := runtime.Version()
	if ok && bi != nil {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "augpipe %s, ", version)
	if revision == "" {
		b.WriteString("revision unknown")
	} else {
		fmt.Fprintf(&b, "revision %s", revision)
		if at != "" {
			fmt.Fprintf(&b, " (%s)", at)
		}
		if modified {
			b.WriteString(" with uncommitted changes")
		}
	}
	fmt.Fprintf(&b, ", built with %s for %s/%s", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
