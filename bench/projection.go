package main

import "math"

// Projection estimates throughput past this machine's cores from measured
// per-stage service times.
type Projection struct {
	Model   string `json:"model"`
	Ignores string `json:"ignores"`
	// Source names the configuration whose per-step times give the service
	// times: the sequential baseline, one image at a time on one CPU.
	Source string `json:"source"`
	// ReadMs, ProcessMs and WriteMs are the service times per image of
	// the read, process (decode + blur + thumbnail + encode) and write stages.
	ReadMs    float64 `json:"read_ms"`
	ProcessMs float64 `json:"process_ms"`
	WriteMs   float64 `json:"write_ms"`
	Readers   int     `json:"readers"`
	Writers   int     `json:"writers"`
	// SeqMsPerImage is the sequential baseline's wall time per image, the
	// speedups' reference.
	SeqMsPerImage float64           `json:"sequential_ms_per_image"`
	Points        []ProjectionPoint `json:"points"`
}

// ProjectionPoint is the projected throughput at a number of cores.
type ProjectionPoint struct {
	Cores      int     `json:"cores"`
	ImagesPerS float64 `json:"images_per_s"`
	Speedup    float64 `json:"speedup"`
	// Bound is the stage that limits throughput there.
	Bound string `json:"bound"`
}

// project builds the projection from the sequential baseline's step times,
// with readers and writers as in augpipe's default configuration. It
// returns nil when the baseline was not run.
func project(configs []ConfigResult, readers, writers int) *Projection {
	var seq *ConfigResult
	for i := range configs {
		if configs[i].Kind == KindSequential && configs[i].Summary.ImagesPerS > 0 {
			seq = &configs[i]
		}
	}
	if seq == nil || len(seq.Summary.StepsMsPerImage) == 0 {
		return nil
	}
	st := seq.Summary.StepsMsPerImage
	p := &Projection{
		Model: "throughput = min over stages of goroutines / service time, with workers = cores and " +
			"the default readers and writers; speedup = throughput x the sequential baseline's time per image",
		Ignores: "memory bandwidth and cache sharing, turbo clocks falling as more cores are busy, SMT siblings " +
			"sharing a core, storage and page-cache limits on read and write (fsync), and garbage collection",
		Source:        seq.Name,
		ReadMs:        st["read"],
		ProcessMs:     st["decode"] + st["blur"] + st["thumbnail"] + st["encode"],
		WriteMs:       st["write"],
		Readers:       readers,
		Writers:       writers,
		SeqMsPerImage: 1000 / seq.Summary.ImagesPerS,
	}
	for _, c := range []int{1, 2, 4, 8, 16, 32, 64} {
		p.Points = append(p.Points, p.at(c))
	}
	return p
}

// at is the model's throughput at cores cores.
func (p *Projection) at(cores int) ProjectionPoint {
	pt := ProjectionPoint{Cores: cores, ImagesPerS: math.Inf(1)}
	for _, s := range []struct {
		name       string
		goroutines int
		ms         float64
	}{{"read", p.Readers, p.ReadMs}, {"process", cores, p.ProcessMs}, {"write", p.Writers, p.WriteMs}} {
		if s.ms <= 0 {
			continue
		}
		if r := float64(s.goroutines) * 1000 / s.ms; r < pt.ImagesPerS {
			pt.ImagesPerS, pt.Bound = r, s.name
		}
	}
	if math.IsInf(pt.ImagesPerS, 1) {
		pt.ImagesPerS = 0
	}
	pt.Speedup = pt.ImagesPerS * p.SeqMsPerImage / 1000
	return pt
}
