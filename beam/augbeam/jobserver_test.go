package augbeam_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/beam/augbeam"
	"github.com/augpipe/augpipe/internal/testimg"
)

// build builds the main package pkg into a temporary folder and returns
// the binary's path; it skips the test when there is no go command.
func build(t *testing.T, pkg string) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build %s: %v", pkg, err)
	}
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	cmd := exec.Command(goCmd, "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// freePort returns a TCP port nothing listens on at the moment.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startJobServer starts a Prism job server as its own process and
// returns its job endpoint once it accepts connections.
func startJobServer(t *testing.T) string {
	t.Helper()
	prism := build(t, "github.com/apache/beam/sdks/v2/go/cmd/prism")
	port := freePort(t)
	var logs bytes.Buffer
	cmd := exec.Command(prism, fmt.Sprintf("--job_port=%d", port), "--serve_http=false")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("job server's log:\n%s", logs.String())
		}
	})
	endpoint := fmt.Sprintf("localhost:%d", port)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		c, err := net.Dial("tcp", endpoint)
		if err == nil {
			c.Close()
			return endpoint
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job server did not listen on %s: %v", endpoint, err)
		}
	}
}

// TestJobServer submits the job through the portable job service, the
// path Flink and Spark take: the augpipe-beam command, with --runner
// universal and --environment_type LOOPBACK, against a Prism job server
// running as its own process. The outputs are the command's, to the byte;
// a failing file makes the command exit 1, naming _failed.jsonl.
func TestJobServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Prism's job server and the command (-short)")
	}
	endpoint := startJobServer(t)
	bin := build(t, "github.com/augpipe/augpipe/beam/cmd/augpipe-beam")

	samples := filepath.Join(testimg.RepoRoot(t), "samples")
	in := t.TempDir()
	entries, err := os.ReadDir(samples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".jpg") {
			data, err := os.ReadFile(filepath.Join(samples, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			testimg.WriteFile(t, filepath.Join(in, e.Name()), data)
		}
	}
	testimg.WriteFile(t, filepath.Join(in, "broken.jpg"), []byte("not a JPEG"))
	want, _ := commandRun(t, in, augment.DefaultConfig())

	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--input", in, "--output", out,
		"--runner", "universal", "--endpoint", endpoint, "--environment_type", "LOOPBACK")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), augbeam.FailedName) {
		t.Fatalf("exit %v, want status 1 naming %s\nstdout:\n%s\nstderr:\n%s", err, augbeam.FailedName, stdout.String(), stderr.String())
	}
	sameOutputs(t, outputs(t, want), outputs(t, out))
	data, err := os.ReadFile(filepath.Join(out, augbeam.FailedName))
	if err != nil {
		t.Fatal(err)
	}
	if ins, _ := failedInputs(t, data); len(ins) != 1 || filepath.Base(ins[0]) != "broken.jpg" {
		t.Errorf("%s holds %q, want broken.jpg alone", augbeam.FailedName, ins)
	}
	if !strings.Contains(stdout.String(), "ms/MP") {
		t.Errorf("no ms/MP table on stdout:\n%s", stdout.String())
	}
}
