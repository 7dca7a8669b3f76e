package main

import "fmt"

// headlines computes each performance target's measured value from the
// summaries, and whether it is met.
func headlines(configs []ConfigResult, procs int) []Headline {
	find := func(match func(Spec) bool) *ConfigResult {
		for i := range configs {
			if match(configs[i].Spec) && configs[i].Summary.ImagesPerS > 0 {
				return &configs[i]
			}
		}
		return nil
	}
	def := find(func(s Spec) bool { return s.Default })
	pillowPool := func(order string) *ConfigResult {
		return find(func(s Spec) bool { return s.Kind == KindPillow && s.Order == order && s.Workers == procs })
	}
	decode := find(func(s Spec) bool { return s.Kind == KindDecode })
	var out []Headline

	rateVs := func(name string, target float64, a, b *ConfigResult, missing string) Headline {
		h := Headline{Name: name, Target: fmt.Sprintf(">= %.1fx", target)}
		if a == nil || b == nil {
			h.Skipped = missing
			return h
		}
		h.Value = a.Summary.ImagesPerS / b.Summary.ImagesPerS
		h.Met = h.Value >= target
		h.How = fmt.Sprintf("images/s of %q / %q", a.Name, b.Name)
		return h
	}
	noPillow := "Pillow was not run"
	out = append(out,
		rateVs("default augpipe vs Pillow pool, seed order", 2, def, pillowPool(OrderBlurFirst), noPillow),
		rateVs("default augpipe vs Pillow pool, fit-first", 0.8, def, pillowPool(OrderFitFirst), noPillow),
		rateVs("default augpipe vs Pillow pool, seed order, stricter target", 3, def, pillowPool(OrderBlurFirst), noPillow),
		rateVs("default augpipe vs Pillow pool, fit-first, stricter target", 1.2, def, pillowPool(OrderFitFirst), noPillow),
		rateVs("full-size decode, jpegdec vs image/jpeg", 1.5,
			find(func(s Spec) bool { return s.Kind == KindDecodeOwn }), decode, "a decode-only configuration was not run"))

	cpu := Headline{Name: "CPU time per image / decode-only CPU time per image", Target: "<= 1.3x"}
	if def != nil && decode != nil && decode.Summary.CPUPerImageS > 0 {
		cpu.Value = def.Summary.CPUPerImageS / decode.Summary.CPUPerImageS
		cpu.Met = cpu.Value <= 1.3
		cpu.How = fmt.Sprintf("CPU s per image of %q / %q", def.Name, decode.Name)
	} else {
		cpu.Skipped = "the default configuration or decode-only was not run"
	}
	out = append(out, cpu)

	blurFirst := find(func(s Spec) bool { return s.Kind == KindPipeline && s.Order == OrderBlurFirst && s.Workers == 1 })
	pillowSeq := find(func(s Spec) bool { return s.Kind == KindPillow && s.Order == OrderBlurFirst && s.Workers == 0 })
	out = append(out, rateVs("blur-first order, 1 worker vs Pillow seed sequential", 1.3, blurFirst, pillowSeq, noPillow))

	pipe := func(workers int) *ConfigResult {
		return find(func(s Spec) bool {
			return s.Kind == KindPipeline && s.Workers == workers && s.Order == "" && s.Readers == 1 && s.Writers == 1
		})
	}
	seq := find(func(s Spec) bool { return s.Kind == KindSequential })
	two := pipe(2)
	eff := Headline{Name: "parallel efficiency at 2 workers", Target: ">= 90%"}
	effBase := Headline{Name: "parallel efficiency at 2 workers, against the sequential baseline", Target: ">= 90%"}
	switch {
	case procs < 2:
		eff.Skipped, effBase.Skipped = "fewer than 2 CPUs", "fewer than 2 CPUs"
	case two == nil:
		eff.Skipped, effBase.Skipped = "the 2-worker pipeline was not run", "the 2-worker pipeline was not run"
	default:
		eff = pairedEfficiency(eff, pipe(1), two, "the 1-worker pipeline was not run")
		effBase = pairedEfficiency(effBase, seq, two, "the sequential baseline was not run")
	}
	return append(out, eff, effBase)
}

// pairedEfficiency sets h to the parallel efficiency of two (2 workers)
// over one (1 worker or the sequential baseline): in each round, one's wall
// time over twice two's, then the median over the rounds. Rounds run every
// configuration once, one after the other, so each pair ran seconds apart:
// the ratio of a pair is steadier than the ratio of medians when the
// machine's speed drifts during the benchmark.
func pairedEfficiency(h Headline, one, two *ConfigResult, missing string) Headline {
	if one == nil {
		h.Skipped = missing
		return h
	}
	var ratios []float64
	for i := range min(len(one.Runs), len(two.Runs)) {
		if w := two.Runs[i].Wall.Seconds(); w > 0 {
			ratios = append(ratios, one.Runs[i].Wall.Seconds()/(2*w))
		}
	}
	if len(ratios) == 0 {
		h.Skipped = missing
		return h
	}
	st := stat(ratios)
	h.Value = st.Median
	h.Met = h.Value >= 0.9
	h.How = fmt.Sprintf("wall of %q / (2 x wall of %q), median of %d rounds (%.0f%%-%.0f%%)",
		one.Name, two.Name, len(ratios), 100*st.Min, 100*st.Max)
	return h
}
