package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/augpipe/augpipe/augment"
)

// Results is everything one benchmark run measured and concluded: what
// results.json holds.
type Results struct {
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	// Command is the command line that produced the results.
	Command []string    `json:"command"`
	Machine MachineInfo `json:"machine"`
	Corpus  Corpus      `json:"corpus"`
	Set     string      `json:"set"`
	Repeat  int         `json:"repeat"`
	// Notes are caveats worth reading with the figures.
	Notes      []string       `json:"notes"`
	Configs    []ConfigResult `json:"configs"`
	Headlines  []Headline     `json:"headlines"`
	Projection *Projection    `json:"projection,omitempty"`
}

// MachineInfo is where the benchmark ran.
type MachineInfo struct {
	augment.Machine
	// LoadAvg is /proc/loadavg when the benchmark started: a shared,
	// busy machine shows here.
	LoadAvg string `json:"loadavg,omitempty"`
	// LoadAvgEnd is /proc/loadavg when the last configuration had run.
	LoadAvgEnd string `json:"loadavg_end,omitempty"`
	// Python and Pillow are the interpreter and Pillow version used, empty
	// when Pillow was not found.
	Python string `json:"python,omitempty"`
	Pillow string `json:"pillow,omitempty"`
}

// ConfigResult is one configuration: its every run and their summary.
type ConfigResult struct {
	Spec
	Runs    []*Measure `json:"runs"`
	Summary Summary    `json:"summary"`
	// Error is why the configuration failed (its runs are then partial or none).
	Error string `json:"error,omitempty"`
}

// Stat is the median, minimum and maximum of a figure over the repeats.
type Stat struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summary is a configuration's figures over its runs. Rates and ratios use
// median wall times; stage and step figures come from the run whose wall
// time is the median (the lower middle one for an even count).
type Summary struct {
	WallS Stat `json:"wall_s"`
	CPUS  Stat `json:"cpu_s"`
	// ImagesPerS and MpixPerS are throughput at the median wall time.
	ImagesPerS float64 `json:"images_per_s"`
	MpixPerS   float64 `json:"input_mpix_per_s"`
	// CPUPerImageS is the median CPU time (user + system) per image.
	CPUPerImageS float64 `json:"cpu_per_image_s"`
	// Speedup is the sequential baseline's median wall over this one's.
	Speedup float64 `json:"speedup"`
	// VsPillowSeed and VsPillowFit are this configuration's images/s over
	// Pillow's at PillowWorkers (the pool of that size, or Pillow's plain
	// loop for one worker when there is no pool of one); 0 when not measured.
	VsPillowSeed  float64 `json:"vs_pillow_seed,omitempty"`
	VsPillowFit   float64 `json:"vs_pillow_fit_first,omitempty"`
	PillowWorkers int     `json:"pillow_workers,omitempty"`
	// Efficiency is the speedup over the same family's sequential run (Go's
	// baseline for Go strategies, Pillow's loop in the same order for
	// Pillow's pools) divided by CPUs.
	Efficiency float64 `json:"parallel_efficiency,omitempty"`
	// CPUs is min(GOMAXPROCS, goroutines or processes doing CPU work).
	CPUs int `json:"cpus"`
	// PeakRSSMB is the largest peak RSS over the runs, in MiB.
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// StepsMsPerImage is the time per image in each step (Go strategies).
	StepsMsPerImage map[string]float64 `json:"steps_ms_per_image,omitempty"`
	// Stages is the pipeline's per-stage split (pipeline configurations).
	Stages []StageSplit `json:"stages,omitempty"`
}

// StageSplit is how one pipeline stage's goroutines spent the run.
type StageSplit struct {
	Name       string `json:"name"`
	Goroutines int    `json:"goroutines"`
	// BusyS, WaitInS and WaitOutS are summed over the stage's goroutines.
	BusyS    float64 `json:"busy_s"`
	WaitInS  float64 `json:"wait_in_s"`
	WaitOutS float64 `json:"wait_out_s"`
	// MeanBusyMs is the stage's service time: busy time per image.
	MeanBusyMs float64 `json:"mean_busy_ms"`
	// Busy and Wait are the fractions of the stage's goroutine-time
	// (wall x goroutines) spent busy and waiting (for input or for room).
	Busy float64 `json:"busy_fraction"`
	Wait float64 `json:"wait_fraction"`
}

// Headline is one of the performance targets and how this run measured.
type Headline struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Target string  `json:"target"`
	// Met is whether Value meets Target; Skipped says why there is no value.
	Met     bool   `json:"met"`
	Skipped string `json:"skipped,omitempty"`
	// How says which configurations the ratio divides.
	How string `json:"how"`
}

// writeJSON writes r, indented, to path.
func (r *Results) writeJSON(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("results.json: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("results.json: %w", err)
	}
	return nil
}
