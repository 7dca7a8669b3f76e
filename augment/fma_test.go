package augment

import (
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"testing"
)

// TestNoFusedMultiplyAdd compiles the package for the architectures where
// Go fuses x*y+z into one instruction (arm64, ppc64le, s390x, and amd64
// from GOAMD64=v3) and fails naming any fused instruction in its code:
// one would round a variant's draws differently from amd64's v1, and the
// explicit conversions that prevent it must stay.
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package four times")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to compile with")
	}
	fused := regexp.MustCompile(`\s(FMADDD|FMSUBD|FNMADDD|FNMSUBD|FMADD|FMSUB|FNMADD|FNMSUB|WFMADB|WFMSDB|VFN?M(ADD|SUB)\d+SD)\s`)
	own := regexp.MustCompile(`augment/[a-z_]+\.go:`)
	for _, target := range [][]string{{"GOARCH=arm64"}, {"GOARCH=ppc64le"}, {"GOARCH=s390x"}, {"GOARCH=amd64", "GOAMD64=v3"}} {
		cmd := exec.Command(goTool, "build", "-gcflags=-S", "-o", os.DevNull, ".")
		cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0"), target...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", target, err, out)
		}
		for _, line := range regexp.MustCompile(`(?m)^.*$`).FindAll(out, -1) {
			if own.Match(line) && fused.Match(line) {
				t.Errorf("%v: a fused multiply-add: %s", target, line)
			}
		}
	}
}

// TestDetMath checks detExp and detLog against math.Exp and math.Log:
// within a few units in the last place (math.Exp is assembly here, another
// algorithm) over the range the draws use, and
// exact at the points where the result is exact.
func TestDetMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 100000 {
		x := -5 + 10*rng.Float64()
		if e, want := detExp(x), math.Exp(x); math.Abs(e-want) > math.Abs(want)*0x1p-50 {
			t.Fatalf("detExp(%v) = %v, math.Exp %v", x, e, want)
		}
		y := math.Exp(x)
		if l, want := detLog(y), math.Log(y); math.Abs(l-want) > 0x1p-50*max(1, math.Abs(want)) {
			t.Fatalf("detLog(%v) = %v, math.Log %v", y, l, want)
		}
	}
	if detExp(0) != 1 || detLog(1) != 0 || !math.IsNaN(detExp(math.NaN())) || !math.IsInf(detLog(0), -1) {
		t.Error("detExp(0), detLog(1), NaN or log(0) wrong")
	}
}
