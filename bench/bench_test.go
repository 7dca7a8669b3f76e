package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the bench binary: the
// benchmark re-executes os.Executable() in worker mode, which under go test
// is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], workerFlag) {
		os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestBenchEndToEnd runs the benchmark's quick set on two tiny synthetic
// images, once each, and checks what it wrote.
func TestBenchEndToEnd(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results")
	var stdout, stderr bytes.Buffer
	code := realMain([]string{"--synthetic", "2", "--size", "96x64", "--repeat", "1", "--quick", "--out", out}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit status %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}

	data, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res Results
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("results.json: %v", err)
	}
	want, err := configSet(SetQuick, runtime.GOMAXPROCS(0), res.Machine.Pillow != "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Configs) != len(want) {
		t.Fatalf("results.json holds %d configurations, want %d", len(res.Configs), len(want))
	}
	for i, c := range res.Configs {
		if c.Name != want[i].Name {
			t.Errorf("configuration %d is %q, want %q", i, c.Name, want[i].Name)
		}
		if len(c.Runs) != 1 || c.Runs[0].Images != 2 || c.Runs[0].Wall <= 0 {
			t.Errorf("%s: runs %+v, want one run of 2 images", c.Name, c.Runs)
		}
		if c.Summary.ImagesPerS <= 0 {
			t.Errorf("%s: no throughput in the summary", c.Name)
		}
		if c.Kind == KindPipeline && len(c.Summary.Stages) != 3 {
			t.Errorf("%s: %d stages in the summary, want 3", c.Name, len(c.Summary.Stages))
		}
		if !strings.Contains(stdout.String(), c.Name) {
			t.Errorf("the table does not show %s", c.Name)
		}
	}
	if res.Projection == nil || len(res.Projection.Points) == 0 {
		t.Error("no projection in results.json")
	}

	svgs, _ := filepath.Glob(filepath.Join(out, "*.svg"))
	if len(svgs) < 3 {
		t.Errorf("%d SVG charts, want 3: %v", len(svgs), svgs)
	}
	for _, path := range svgs {
		checkXML(t, path)
	}
	if st, err := os.Stat(filepath.Join(out, "summary.md")); err != nil || st.Size() == 0 {
		t.Errorf("summary.md missing or empty: %v", err)
	}
}

// checkXML fails the test unless path is well-formed XML with an svg root.
func checkXML(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			return
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element %q, want svg", filepath.Base(path), root)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--repeat", "0"},
		{"--size", "3000"},
		{"--synthetic", "-1"},
		{"--full", "--quick"},
		{"extra-argument"},
		{"--no-such-flag"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := realMain(args, &stdout, &stderr); code != 2 {
				t.Errorf("exit status %d, want 2 (stderr %q)", code, stderr.String())
			}
		})
	}
}

func TestHelpNamesEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	for _, flag := range []string{"--corpus", "--synthetic", "--size", "--seed", "--repeat", "--full", "--quick", "--only", "--out", "--python", "--no-pillow"} {
		if !strings.Contains(stdout.String(), flag) {
			t.Errorf("--help does not explain %s", flag)
		}
	}
	if strings.Contains(stdout.String(), "worker-mode") {
		t.Error("--help shows the hidden --worker-mode")
	}
}
