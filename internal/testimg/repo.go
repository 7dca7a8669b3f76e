package testimg

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// ModulePath is the module path of the augpipe repository's root go.mod.
const ModulePath = "github.com/augpipe/augpipe"

// The environment variables the Pillow helpers read.
const (
	// EnvPython names the interpreter that has Pillow (default DefaultPython).
	EnvPython = "AUGPIPE_PYTHON"
	// EnvSeedScript names the Pillow reference script (default
	// ../shared/reference/seed_augment.py beside the repository).
	EnvSeedScript = "AUGPIPE_SEED_SCRIPT"
	// EnvRequirePillow set to 1 turns a missing Pillow or reference script
	// from a skip into a failure, as CI wants.
	EnvRequirePillow = "AUGPIPE_REQUIRE_PILLOW"
)

// DefaultPython is Debian's python3, which python3-pil installs Pillow for.
const DefaultPython = "/usr/bin/python3"

// RepoRoot returns the root of the augpipe repository: the nearest folder,
// from the test's working directory up, whose go.mod declares ModulePath.
// go.mod files of other modules (a nested module, say) are passed over.
// It fails the test when there is none.
func RepoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := findRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// findRoot walks up from dir to the folder whose go.mod declares ModulePath.
func findRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && modulePath(data) == ModulePath {
			return d, nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("looking for the augpipe repository: %w", err)
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod of module %s in %s or any folder above it", ModulePath, dir)
		}
	}
}

// modulePath is the path a go.mod's module directive declares, or "".
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		f := strings.Fields(line)
		if len(f) != 2 || f[0] != "module" {
			continue
		}
		if p, err := strconv.Unquote(f[1]); err == nil {
			return p
		}
		return f[1]
	}
	return ""
}

// PillowPython returns the interpreter that has Pillow, for tests that
// compare with Pillow through their own Python snippets: $AUGPIPE_PYTHON,
// or DefaultPython. When it cannot import PIL the test is skipped with a
// message that says what is missing and how to install it, or fails with
// that message when AUGPIPE_REQUIRE_PILLOW=1.
//
// The check runs on every call rather than once per test binary: it is one
// short python3 start, a handful of tests call it, and a cached answer would
// be package-level state that a test setting AUGPIPE_PYTHON could not change.
func PillowPython(t testing.TB) string {
	t.Helper()
	python := pythonPath()
	requirePillow(t, pillowProblems(python, "", ""))
	return python
}

// Pillow returns the interpreter that has Pillow (as PillowPython) and the
// Pillow reference script: $AUGPIPE_SEED_SCRIPT, or
// RepoRoot/../shared/reference/seed_augment.py. When either is missing the
// test is skipped with a message that says what is missing and how to get
// it, or fails with that message when AUGPIPE_REQUIRE_PILLOW=1.
func Pillow(t testing.TB) (python, script string) {
	t.Helper()
	python = pythonPath()
	script, from := os.Getenv(EnvSeedScript), EnvSeedScript
	if script == "" {
		script, from = filepath.Join(filepath.Dir(RepoRoot(t)), "shared", "reference", "seed_augment.py"), ""
	} else if abs, err := filepath.Abs(script); err == nil {
		script = abs
	}
	requirePillow(t, pillowProblems(python, script, from))
	return python, script
}

func pythonPath() string {
	if p := os.Getenv(EnvPython); p != "" {
		return p
	}
	return DefaultPython
}

// pillowProblems says what is missing to run Pillow comparisons: Pillow for
// python and, when script is not "", the script (named by the variable
// from, or found beside the repository when from is "").
func pillowProblems(python, script, from string) []string {
	var problems []string
	if out, err := exec.Command(python, "-c", "import PIL").CombinedOutput(); err != nil {
		detail := err.Error()
		if o := strings.TrimSpace(string(out)); o != "" {
			lines := strings.Split(o, "\n")
			detail += ": " + lines[len(lines)-1]
		}
		problems = append(problems, fmt.Sprintf("%s cannot import PIL (%s): install Pillow with `apt-get install python3-pil`, "+
			"or set %s to a python3 that has it", python, detail, EnvPython))
	}
	if script != "" {
		if _, err := os.Stat(script); err != nil {
			if from != "" {
				problems = append(problems, fmt.Sprintf("%s names the reference script %s, which cannot be read (%v): "+
					"point it at seed_augment.py, or unset it to use ../shared beside the repository", from, script, err))
			} else {
				problems = append(problems, fmt.Sprintf("the reference script %s is missing (%v): put the project's shared "+
					"folder beside the repository clone, as ../shared, or set %s to seed_augment.py", script, err, EnvSeedScript))
			}
		}
	}
	return problems
}

// requirePillow skips the test, or fails it under AUGPIPE_REQUIRE_PILLOW=1,
// when there are problems; an AUGPIPE_REQUIRE_PILLOW other than 1, 0 or
// unset fails the test, so that a misspelt setting cannot let skips through.
func requirePillow(t testing.TB, problems []string) {
	t.Helper()
	req := os.Getenv(EnvRequirePillow)
	if req != "" && req != "0" && req != "1" {
		t.Fatalf("%s=%q: want 1 (a missing Pillow fails the test), 0 or unset (it skips the test)", EnvRequirePillow, req)
	}
	if len(problems) == 0 {
		return
	}
	msg := "the comparison with Pillow cannot run: " + strings.Join(problems, "; and ")
	if req == "1" {
		t.Fatalf("%s (%s=1, so this is a failure, not a skip)", msg, EnvRequirePillow)
	}
	t.Skipf("skipping: %s (set %s=1 to make this a failure)", msg, EnvRequirePillow)
}
