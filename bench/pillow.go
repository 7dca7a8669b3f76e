package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// pillowScript is the Pillow reference with resource reporting; it is
// written to a temporary file for each benchmark.
//
//go:embed pillow_bench.py
var pillowScript []byte

// Pillow is a Python interpreter that has Pillow, ready to run the script.
type Pillow struct {
	Python  string `json:"python"`
	Version string `json:"pillow_version"`
	script  string
}

// findPillow returns the first candidate interpreter that can import PIL,
// with the script written into dir, or nil and why none could.
func findPillow(ctx context.Context, candidates []string, dir string) (*Pillow, string) {
	script := filepath.Join(dir, "pillow_bench.py")
	if err := os.WriteFile(script, pillowScript, 0o644); err != nil {
		return nil, fmt.Sprintf("cannot write the Pillow script: %v", err)
	}
	var tried []string
	for _, py := range candidates {
		if py == "" {
			continue
		}
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		out, err := exec.CommandContext(ctx, py, script, "--version").Output()
		cancel()
		if err == nil {
			return &Pillow{Python: py, Version: strings.TrimSpace(string(out)), script: script}, ""
		}
		tried = append(tried, py)
	}
	return nil, "Pillow not found (tried " + strings.Join(tried, ", ") + "; Debian: apt-get install python3-pil): Pillow configurations skipped"
}

// pillowResult is what pillow_bench.py prints.
type pillowResult struct {
	Files    int     `json:"files"`
	Seconds  float64 `json:"seconds"`
	Pixels   float64 `json:"pixels"`
	PeakSum  int64   `json:"peak_rss_sum_kb"`
	Self     usage   `json:"self"`
	Children usage   `json:"children"`
}

type usage struct {
	User   float64 `json:"user_s"`
	Sys    float64 `json:"sys_s"`
	MaxRSS int64   `json:"maxrss_kb"`
}

// command returns the command that runs spec on corpus into out.
func (p *Pillow) command(ctx context.Context, spec Spec, corpus, out string) *exec.Cmd {
	args := []string{p.script, "--order", spec.Order}
	if spec.Workers > 0 {
		args = append(args, "--mode", "pool", "--workers", strconv.Itoa(spec.Workers))
	} else {
		args = append(args, "--mode", "sequential")
	}
	return exec.CommandContext(ctx, p.Python, append(args, corpus, out)...)
}

// parse reads the script's output into a Measure.
func (p *Pillow) parse(stdout []byte, spec Spec) (*Measure, error) {
	var r pillowResult
	if err := json.Unmarshal(lastLine(stdout), &r); err != nil {
		return nil, fmt.Errorf("pillow output %q: %w", stdout, err)
	}
	m := &Measure{
		Wall:       time.Duration(r.Seconds * float64(time.Second)),
		Images:     r.Files,
		Megapixels: r.Pixels / 1e6,
	}
	if spec.Workers > 0 {
		m.PeakRSSKB = r.PeakSum
		m.RSSNote = "sum of the parent's and each pool worker's own peak: an upper bound"
	}
	return m, nil
}

func lastLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}
