package stages

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// fusedOp matches the fused multiply-add instructions of Go's assemblers:
// FMADDD, FNMSUBD (arm64, riscv64, loong64), FMADD, FMSUBS (ppc64le,
// s390x), VFMADD231SD (amd64 with GOAMD64=v3).
var fusedOp = regexp.MustCompile(`^V?FN?M(ADD|SUB)`)

// TestNoFusedMultiplyAdd compiles the package for the architectures on
// which Go fuses x*y+z into one instruction (arm64, ppc64le, s390x, and
// amd64 from GOAMD64=v3) and fails for every fused instruction the
// compiler emits, naming its source line. A fused product is not rounded
// before the sum, so a byte computed from it could differ from the one
// amd64 (GOAMD64=v1, as released) and Pillow compute: every product in
// stages is rounded explicitly (float64(x*y) + z), or done in integers, so
// that an augmentation gives the same bytes on every architecture. The
// compiler's listing is the evidence, without an arm64 machine to run on.
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short: compiles the package for four architectures")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
			t.Skipf("skipping: no go command on PATH or in GOROOT to compile the package with (%v)", err)
		}
	}
	for _, target := range [][]string{
		{"GOARCH=arm64"}, {"GOARCH=ppc64le"}, {"GOARCH=s390x"}, {"GOARCH=amd64", "GOAMD64=v3"},
	} {
		name := strings.Join(target, " ")
		cmd := exec.Command(goBin, "build", "-gcflags=-S", "-o", os.DevNull, ".")
		cmd.Env = append(append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0"), target...)
		var listing bytes.Buffer
		cmd.Stdout, cmd.Stderr = &listing, &listing
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: go build -gcflags=-S: %v\n%s", name, err, tail(listing.String(), 2000))
		}
		fused, instructions := fusedLines(listing.Bytes())
		if instructions == 0 {
			t.Fatalf("%s: the compiler's listing holds no instructions (%d bytes): nothing checked", name, listing.Len())
		}
		for _, f := range fused {
			t.Errorf("%s: fused multiply-add %s", name, f)
		}
	}
}

// fusedLines returns, from a -gcflags=-S listing, the fused instructions
// as "MNEMONIC at file:line in function", and how many instructions the
// listing holds.
func fusedLines(listing []byte) (fused []string, instructions int) {
	seen := map[string]bool{}
	fn := ""
	sc := bufio.NewScanner(bytes.NewReader(listing))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) > 1 && f[1] == "STEXT" {
			fn = f[0]
			continue
		}
		// "\t0x001c 00028 (/path/file.go:120)\tFMADDD\tF3, F1, F4, F1"
		parts := strings.Split(line, "\t")
		if len(parts) < 3 || !strings.HasPrefix(parts[1], "0x") {
			continue
		}
		instructions++
		if !fusedOp.MatchString(parts[2]) {
			continue
		}
		src := parts[1]
		if i := strings.LastIndex(src, "("); i >= 0 {
			src = filepath.Base(strings.TrimSuffix(src[i+1:], ")"))
		}
		key := parts[2] + " at " + src + " in " + fn
		if !seen[key] {
			seen[key] = true
			fused = append(fused, key)
		}
	}
	return fused, instructions
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
