package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/augpipe/augpipe/internal/cli"
	"github.com/augpipe/augpipe/internal/testimg"
)

// TestSizeFlags runs the command with each way of sizing outputs and
// checks the outputs' sizes, and that a size it cannot use is a usage
// error (exit 2) that writes nothing.
func TestSizeFlags(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"wide.jpg": photo(t, 300, 200, 1), "small.jpg": photo(t, 40, 30, 2)})
	cases := []struct {
		name  string
		flags []string
		sizes map[string][2]int // output -> size
	}{
		{"default square box", []string{"--max-size", "100"}, map[string][2]int{"wide.jpg": {100, 67}, "small.jpg": {40, 30}}},
		{"box", []string{"--size", "100x50"}, map[string][2]int{"wide.jpg": {75, 50}, "small.jpg": {40, 30}}},
		{"width only", []string{"--size", "60x"}, map[string][2]int{"wide.jpg": {60, 40}, "small.jpg": {40, 30}}},
		{"height only", []string{"--size", "x20"}, map[string][2]int{"wide.jpg": {30, 20}, "small.jpg": {27, 20}}},
		{"N is NxN", []string{"--size", "60"}, map[string][2]int{"wide.jpg": {60, 40}, "small.jpg": {40, 30}}},
		{"upscale", []string{"--size", "80x80", "--upscale"}, map[string][2]int{"wide.jpg": {80, 53}, "small.jpg": {80, 60}}},
		{"crop centre", []string{"--size", "50x50", "--crop", "centre"}, map[string][2]int{"wide.jpg": {50, 50}, "small.jpg": {40, 30}}},
		{"crop attention, upscale", []string{"--size", "90x20", "--crop", "attention", "--upscale"}, map[string][2]int{"wide.jpg": {90, 20}, "small.jpg": {90, 20}}},
		{"crop in the square box", []string{"--max-size", "25", "--crop", "centre"}, map[string][2]int{"wide.jpg": {25, 25}, "small.jpg": {25, 25}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			r := runCmd(t, append([]string{in, "-o", out, "--blur", "2", "-q"}, c.flags...)...)
			if r.code != cli.ExitOK {
				t.Fatalf("exit status %d:\n%s", r.code, r.stderr)
			}
			for name, want := range c.sizes {
				b := testimg.DecodeFile(t, filepath.Join(out, name)).Bounds()
				if b.Dx() != want[0] || b.Dy() != want[1] {
					t.Errorf("%s: %dx%d, want %dx%d", name, b.Dx(), b.Dy(), want[0], want[1])
				}
			}
		})
	}
	for _, c := range []struct {
		name   string
		flags  []string
		stderr string
	}{
		{"no side", []string{"--size", "x"}, `invalid argument "x" for "--size" flag`},
		{"zero side", []string{"--size", "0x50"}, `"0" is not a side`},
		{"negative side", []string{"--size", "-5x50"}, `"-5" is not a side`},
		{"huge side", []string{"--size", "65536x1"}, "each side from 1 to 65535"},
		{"not a number", []string{"--size", "1e3x5"}, `"1e3" is not a side`},
		{"both box flags", []string{"--size", "50x50", "--max-size", "40"}, "--size and --max-size both set the box"},
		{"unknown crop", []string{"--size", "50x50", "--crop", "center"}, `--crop "center": must be none, centre or attention`},
		{"crop with a free side", []string{"--size", "50x", "--crop", "attention"}, `--crop "attention": needs a box of two sides`},
		{"huge max-size", []string{"--max-size", "70000"}, "--max-size 70000: must be from 1 to 65535"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			r := runCmd(t, append([]string{in, "-o", out}, c.flags...)...)
			if r.code != cli.ExitUsage || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("exit status %d, stderr:\n%s\nwant %d and %q", r.code, r.stderr, cli.ExitUsage, c.stderr)
			}
			if m, _ := filepath.Glob(filepath.Join(out, "*.jpg")); len(m) > 0 {
				t.Errorf("outputs written: %v", m)
			}
		})
	}
}

// TestKeepMetadataFlag runs the command on a photo with EXIF, XMP and IPTC:
// without --keep-metadata the output has none, with it all three.
func TestKeepMetadataFlag(t *testing.T) {
	in := t.TempDir()
	testimg.WriteTree(t, in, map[string][]byte{"meta.jpg": testimg.Testdata(t, "quad-meta.jpg")})
	for _, keep := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "out")
		args := []string{in, "-o", out, "-q"}
		if keep {
			args = append(args, "--keep-metadata")
		}
		if r := runCmd(t, args...); r.code != cli.ExitOK {
			t.Fatalf("exit status %d:\n%s", r.code, r.stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "meta.jpg"))
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{"Exif\x00\x00", "Four quadrants", "A test picture"} {
			if strings.Contains(string(data), part) != keep {
				t.Errorf("--keep-metadata %v: %q in the output: %v", keep, part, !keep)
			}
		}
	}
}
