package cli

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/augpipe/augpipe/augment"
	"github.com/augpipe/augpipe/internal/testimg"
	"github.com/augpipe/augpipe/io/imgfile"
	"github.com/augpipe/augpipe/pipeline"
)

// smallJob is a folder job for small, fast runs from in to out.
func smallJob(in, out string) augment.FolderJob {
	c := augment.DefaultConfig()
	c.Sigma, c.MaxSize, c.Workers, c.Buffer = 1, 32, 2, 2
	return augment.FolderJob{Inputs: []string{in}, Output: out, Config: c}
}

// runFolder runs j and returns its report; the run must end with the
// error wantErr matches (nil: no error).
func runFolder(t *testing.T, ctx context.Context, j augment.FolderJob, wantErr error) *augment.Report {
	t.Helper()
	rep, err := augment.RunFolder(ctx, j, augment.Hooks{})
	if !errors.Is(err, wantErr) || rep == nil {
		t.Fatalf("RunFolder: %v, report %v; want %v and a report", err, rep, wantErr)
	}
	return rep
}

// TestWriteText checks what the text report says of the outcomes of a run,
// on reports made by hand and by real runs of the library.
func TestWriteText(t *testing.T) {
	jpeg := testimg.EncodeJPEG(t, testimg.PhotoLike(32, 24, 1), 85)
	cases := []struct {
		name   string
		report func(t *testing.T) *augment.Report
		want   []string // parts of the text
		absent []string // not in the text
	}{
		{
			name: "all written",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Config: augment.FolderJob{Inputs: []string{"in"}, Output: "out", Config: augment.DefaultConfig()},
					Files: 3, Written: 3, Wall: 1500 * time.Millisecond, ImagesPerSec: 2,
					Steps:      []augment.StepSummary{{Step: "decode", Items: 3, Total: 30 * time.Millisecond, Mean: 10 * time.Millisecond}},
					Stages:     []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 2, Items: 3}, Utilisation: 0.9}},
					Machine:    augment.Machine{GOMAXPROCS: 2},
					Bottleneck: "process"}
			},
			want:   []string{"augpipe: in -> out  (blur sigma 15, fit-first, box 1200, quality 75)", "files: 3 written, 0 failed\n", "decode", "10.0ms", "wall 1.50s   2.00 images/s"},
			absent: []string{"not done", "skipped", "unsupported", "failed:", "baseline", "damaged"},
		},
		{
			name: "counts, failures and skipped files",
			report: func(*testing.T) *augment.Report {
				fail := func(name, step, why string) *augment.Record {
					return &augment.Record{Input: "in/" + name, Status: augment.StatusFailed, Err: &augment.StepError{Step: step, Err: errors.New(why)}}
				}
				return &augment.Report{Files: 16, Written: 12, Failed: 4, Unsupported: 1,
					Records: []*augment.Record{
						{Input: "in/good.jpg", Status: augment.StatusWritten},
						fail("empty.jpg", "read", "empty file"),
						fail("text.jpg", "decode", "not an image"),
						fail("truncated.jpg", "decode", "truncated JPEG"),
						fail("bomb.png", "decode", "60000x60000 is over the limit"),
					},
					Skipped: []imgfile.Skipped{{Path: "in/photo.heic", Reason: "HEIC is not supported", Unsupported: true}}}
			},
			want: []string{"files: 12 written, 4 failed, 1 unsupported\n",
				"\nfailed:\n  in/empty.jpg: read: empty file\n  in/text.jpg: decode: not an image\n  in/truncated.jpg: decode: truncated JPEG\n  in/bomb.png: decode: 60000x60000 is over the limit\n",
				"\nskipped:\n  in/photo.heic: HEIC is not supported\n"},
			absent: []string{"good.jpg"},
		},
		{
			name: "damaged files written (--fail-on none)",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 3, Written: 3, Damaged: 1,
					Records: []*augment.Record{
						{Input: "in/good.jpg", Status: augment.StatusWritten},
						{Input: "in/cut.png", Status: augment.StatusWritten, Damaged: "truncated PNG data"},
					}}
			},
			want: []string{"files: 3 written, 0 failed (1 of the written damaged, decoded in part)\n",
				"\ndamaged (written from the part that could be decoded):\n  in/cut.png: truncated PNG data\n"},
			absent: []string{"good.jpg", "failed:"},
		},
		{
			name: "interrupted mid-run",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 8, Written: 3, Cancelled: 5, Interrupted: true}
			},
			want: []string{"files: 3 written, 0 failed, 5 not done (interrupted)\n"},
		},
		{
			name: "no images found",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Config: augment.FolderJob{Inputs: []string{"in"}},
					Skipped: []imgfile.Skipped{{Path: "in/a.heic", Reason: "HEIC is not supported", Unsupported: true}}, Unsupported: 1}
			},
			want:   []string{"no images found in in (sub-folders are searched with -r)\n", "\nskipped:\n  in/a.heic: HEIC is not supported\n"},
			absent: []string{"files:", "step", "wall"},
		},
		{
			name: "no images found, recursive",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Config: augment.FolderJob{Inputs: []string{"in"}, Recursive: true}}
			},
			want:   []string{"no images found in in\n"},
			absent: []string{"-r", "skipped"},
		},
		{
			name: "baseline",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 3, Written: 3, Wall: time.Second, Baseline: &augment.BaselineReport{
					How: "sequential: one goroutine", Wall: 2 * time.Second, Written: 3, Speedup: 2, Workers: 2, CPUs: 2,
					WorkerEfficiency: 1, CPUEfficiency: 1, Compared: 3, Identical: 3}}
			},
			want: []string{"\nbaseline: sequential: one goroutine\n",
				"baseline wall 2.00s, pipeline wall 1.00s: speedup 2.00x with 2 workers on 2 CPUs, parallel efficiency 100%\n",
				"outputs byte-identical to the baseline's: 3 of 3\n"},
			absent: []string{"per worker"},
		},
		{
			// Bug 9: one worker on two CPUs was said to be "52% efficient".
			name: "baseline, one worker on two CPUs",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 3, Written: 3, Wall: time.Second, Baseline: &augment.BaselineReport{
					Wall: 1040 * time.Millisecond, Written: 3, Speedup: 1.04, Workers: 1, CPUs: 2,
					WorkerEfficiency: 1.04, CPUEfficiency: 0.52, Compared: 3, Identical: 3}}
			},
			want: []string{"speedup 1.04x with 1 worker on 2 CPUs, parallel efficiency 104% per worker, 52% per CPU\n"},
		},
		{
			// Bug 5: Ctrl-C during the baseline printed "pipeline wall 0:
			// speedup 0.00x on 0 CPUs, parallel efficiency 0%" and empty
			// tables.
			name: "interrupted during the baseline",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 5, Cancelled: 5, Interrupted: true, Stages: zeroStages(),
					Baseline: &augment.BaselineReport{How: "sequential", Wall: 1500 * time.Millisecond, Interrupted: true, Written: 2}}
			},
			want: []string{"files: 0 written, 0 failed, 5 not done (interrupted)\n",
				"nothing to measure: the run was interrupted during the baseline, before the pipeline started\n",
				"baseline interrupted after 1.50s, 2 of 5 files done (2 written, 0 failed; its outputs removed): the pipeline did not run, no comparison\n"},
			absent: []string{"speedup", "efficiency", "pipeline wall", "step", "stage", "bottleneck", "byte-identical"},
		},
		{
			name: "interrupted during the pipeline, after the baseline",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 5, Written: 1, Cancelled: 4, Interrupted: true, Bottleneck: "process",
					Stages:   []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 2, Items: 1}, Utilisation: 0.5}},
					Baseline: &augment.BaselineReport{How: "sequential", Wall: 3 * time.Second, Written: 5, Compared: 1, Identical: 1}}
			},
			want: []string{"baseline wall 3.00s (5 written, 0 failed); the pipeline was interrupted: no speedup\n",
				"outputs byte-identical to the baseline's: 1 of 1\n"},
			absent: []string{"speedup 0", "efficiency"},
		},
		{
			name: "CPU-bound",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 30, Written: 30, Machine: augment.Machine{GOMAXPROCS: 2}, Bottleneck: "process",
					Stages: []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 2, Items: 30}, Utilisation: 0.95}}}
			},
			want: []string{"bottleneck: process. The workers, one per CPU, were busy 95% of the time: the run is CPU-bound, as it should be.\n"},
		},
		{
			// Bug 4: "there is one per CPU" with 4 workers on 2 CPUs.
			name: "more workers than CPUs",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 80, Written: 80, Machine: augment.Machine{GOMAXPROCS: 2}, Bottleneck: "process",
					Stages: []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 4, Items: 80}, Utilisation: 0.97}}}
			},
			want:   []string{"bottleneck: process. The 4 workers were busy 97% of the time on 2 CPUs: the run is CPU-bound; workers beyond one per CPU add memory, not speed.\n"},
			absent: []string{"one per CPU,"},
		},
		{
			name: "fewer workers than CPUs",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 80, Written: 80, Machine: augment.Machine{GOMAXPROCS: 4}, Bottleneck: "process",
					Stages: []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 1, Items: 80}, Utilisation: 0.99}}}
			},
			want: []string{"bottleneck: process. The one worker was busy 99% of the time, with 4 CPUs usable: more --workers (up to 4) would help.\n"},
		},
		{
			// Bug 4: failed files and workers 61% busy were "CPU-bound".
			name: "workers not saturated, few files",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 13, Written: 5, Failed: 8, Machine: augment.Machine{GOMAXPROCS: 2}, Bottleneck: "process",
					Stages: []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 2, Items: 13}, Utilisation: 0.61}}}
			},
			want: []string{"bottleneck: none. No stage was saturated (the busiest, process, was busy 61% of the time): " +
				"with 13 files for 2 workers, the start and end of the run, when some workers have no file, weigh heavily.\n"},
			absent: []string{"CPU-bound"},
		},
		{
			name: "workers not saturated, many files",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 500, Written: 500, Machine: augment.Machine{GOMAXPROCS: 2}, Bottleneck: "process",
					Stages: []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "process", Workers: 2, Items: 500}, Utilisation: 0.5}}}
			},
			want:   []string{"bottleneck: none. No stage was saturated (the busiest, process, was busy 50% of the time): they waited on each other or on something outside augpipe"},
			absent: []string{"CPU-bound"},
		},
		{
			name: "too few writers",
			report: func(*testing.T) *augment.Report {
				return &augment.Report{Files: 3, Written: 3, Machine: augment.Machine{GOMAXPROCS: 2}, Bottleneck: "write",
					Stages: []augment.StageSummary{{StageStats: pipeline.StageStats{Name: "write", Workers: 1, Items: 3}, Utilisation: 0.9}}}
			},
			want: []string{"bottleneck: write. The write stage was busy 90% of the time: give it more goroutines (--writers).\n"},
		},
		{
			name: "a run with a failure and an unsupported file",
			report: func(t *testing.T) *augment.Report {
				in := t.TempDir()
				testimg.WriteTree(t, in, map[string][]byte{"good.jpg": jpeg, "text.jpg": []byte("I am not a picture.\n"), "photo.heic": []byte("x")})
				return runFolder(t, context.Background(), smallJob(in, t.TempDir()), nil)
			},
			want: []string{"files: 1 written, 1 failed, 1 unsupported\n", "\nfailed:\n  ", string(filepath.Separator) + "text.jpg: ",
				"photo.heic: HEIC is not supported\n"},
		},
		{
			name: "a skip-existing run",
			report: func(t *testing.T) *augment.Report {
				in := t.TempDir()
				testimg.WriteTree(t, in, map[string][]byte{"a.jpg": jpeg})
				j := smallJob(in, t.TempDir())
				runFolder(t, context.Background(), j, nil)
				j.SkipExisting = true
				return runFolder(t, context.Background(), j, nil)
			},
			// Bug 4: empty tables and "bottleneck: read" when every
			// output was up to date.
			want:   []string{"files: 0 written, 0 failed, 1 skipped (output up to date)\n\nnothing to measure: every output was up to date\n"},
			absent: []string{"step", "stage", "bottleneck", "wall"},
		},
		{
			name: "a run cancelled while listing",
			report: func(t *testing.T) *augment.Report {
				in := t.TempDir()
				testimg.WriteTree(t, in, map[string][]byte{"a.jpg": jpeg})
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return runFolder(t, ctx, smallJob(in, t.TempDir()), context.Canceled)
			},
			want:   []string{"interrupted while listing the files in ", ": nothing done\n"},
			absent: []string{"no images found", "files:"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			if err := writeText(&b, c.report(t)); err != nil {
				t.Fatal(err)
			}
			text := b.String()
			for _, want := range c.want {
				if !strings.Contains(text, want) {
					t.Errorf("report lacks %q:\n%s", want, text)
				}
			}
			for _, not := range c.absent {
				if strings.Contains(text, not) {
					t.Errorf("report has %q:\n%s", not, text)
				}
			}
		})
	}
}

// zeroStages are the stages of a pipeline that processed nothing.
func zeroStages() []augment.StageSummary {
	var st []augment.StageSummary
	for _, name := range []string{"read", "process", "write"} {
		st = append(st, augment.StageSummary{StageStats: pipeline.StageStats{Name: name, Workers: 1}})
	}
	return st
}
