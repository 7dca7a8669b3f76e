package main

import (
	"cmp"
	"slices"
	"time"
)

// stat returns the median, minimum and maximum of xs (zeros when empty).
func stat(xs []float64) Stat {
	if len(xs) == 0 {
		return Stat{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Stat{Median: med, Min: s[0], Max: s[len(s)-1]}
}

// medianRun returns the run whose wall time is the median (the lower
// middle one for an even count).
func medianRun(runs []*Measure) *Measure {
	if len(runs) == 0 {
		return nil
	}
	s := slices.Clone(runs)
	slices.SortFunc(s, func(a, b *Measure) int { return cmp.Compare(a.Wall, b.Wall) })
	return s[(len(s)-1)/2]
}

// summarise fills in every configuration's Summary. procs is GOMAXPROCS,
// the CPUs a configuration can use.
func summarise(configs []ConfigResult, procs int) {
	for i := range configs {
		summariseOne(&configs[i], procs)
	}
	seqWall := func(kind Kind, order string) float64 {
		for _, c := range configs {
			if c.Kind == kind && (kind != KindPillow || (c.Workers == 0 && c.Order == order)) {
				return c.Summary.WallS.Median
			}
		}
		return 0
	}
	goSeq := seqWall(KindSequential, "")
	for i := range configs {
		c := &configs[i]
		s := &c.Summary
		if s.WallS.Median <= 0 {
			continue
		}
		if goSeq > 0 && !c.Kind.decodeOnly() {
			s.Speedup = goSeq / s.WallS.Median
		}
		own := goSeq
		if c.Kind == KindPillow {
			own = seqWall(KindPillow, c.Order)
		}
		if own > 0 && !c.Kind.decodeOnly() {
			s.Efficiency = own / s.WallS.Median / float64(s.CPUs)
		}
		if n := comparedWorkers(c.Spec, procs); n > 0 && c.Kind != KindPillow {
			s.PillowWorkers = n
			s.VsPillowSeed = ratio(s.ImagesPerS, pillowRate(configs, OrderBlurFirst, n))
			s.VsPillowFit = ratio(s.ImagesPerS, pillowRate(configs, OrderFitFirst, n))
			if s.VsPillowSeed == 0 && s.VsPillowFit == 0 {
				s.PillowWorkers = 0
			}
		}
	}
}

func summariseOne(c *ConfigResult, procs int) {
	if c.Error != "" {
		return
	}
	s := &c.Summary
	var walls, cpus []float64
	var peak int64
	for _, m := range c.Runs {
		walls = append(walls, m.Wall.Seconds())
		cpus = append(cpus, m.CPU().Seconds())
		peak = max(peak, m.PeakRSSKB)
	}
	s.WallS, s.CPUS = stat(walls), stat(cpus)
	s.PeakRSSMB = float64(peak) / 1024
	med := medianRun(c.Runs)
	if med == nil || med.Images == 0 {
		return
	}
	s.CPUs = min(procs, c.Parallelism(med.Images))
	if s.WallS.Median > 0 {
		s.ImagesPerS = float64(med.Images) / s.WallS.Median
		s.MpixPerS = med.Megapixels / s.WallS.Median
	}
	s.CPUPerImageS = s.CPUS.Median / float64(med.Images)
	if len(med.Steps) > 0 {
		s.StepsMsPerImage = map[string]float64{}
		for k, v := range med.Steps {
			s.StepsMsPerImage[k] = v / float64(med.Images)
		}
	}
	for _, st := range med.Stages {
		sp := StageSplit{
			Name: st.Name, Goroutines: st.Workers,
			BusyS: st.Busy.Seconds(), WaitInS: st.WaitIn.Seconds(), WaitOutS: st.WaitOut.Seconds(),
		}
		if st.Items > 0 {
			sp.MeanBusyMs = float64(st.Busy/time.Duration(st.Items)) / 1e6
		}
		if med.Wall > 0 && st.Workers > 0 {
			gt := med.Wall.Seconds() * float64(st.Workers)
			sp.Busy, sp.Wait = sp.BusyS/gt, (sp.WaitInS+sp.WaitOutS)/gt
		}
		s.Stages = append(s.Stages, sp)
	}
}

// comparedWorkers is the worker count at which a configuration is set
// against Pillow: its workers, all CPUs for one goroutine per image, one
// for the sequential baseline, none for decode-only.
func comparedWorkers(s Spec, procs int) int {
	switch s.Kind {
	case KindDecode, KindDecodeOwn:
		return 0
	case KindSequential:
		return 1
	case KindGoroutines:
		return procs
	}
	return s.Workers
}

// pillowRate is Pillow's images/s in order with a pool of n processes, or
// for n == 1 without a pool of one, its plain loop; 0 when not measured.
func pillowRate(configs []ConfigResult, order string, n int) float64 {
	var seq float64
	for _, c := range configs {
		if c.Kind != KindPillow || c.Order != order {
			continue
		}
		if c.Workers == n {
			return c.Summary.ImagesPerS
		}
		if c.Workers == 0 {
			seq = c.Summary.ImagesPerS
		}
	}
	if n == 1 {
		return seq
	}
	return 0
}

func ratio(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return a / b
}
