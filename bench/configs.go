package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/augpipe/augpipe/augment"
)

// The sets of configurations --quick, the default and --full run.
const (
	SetQuick   = "quick"
	SetDefault = "default"
	SetFull    = "full"
)

// configSet returns the configurations of a set for a machine with procs
// usable CPUs (GOMAXPROCS); withPillow says whether Pillow is available.
//
//   - quick: one of each strategy at procs workers, for smoke tests;
//   - default: adds the pipeline at 1, 2, 4 ... 2 x procs workers and one
//     reader/writer split, Pillow sequential and pooled at procs;
//   - full: adds the pool and Pillow's pool at every worker count, and more
//     reader, writer and buffer splits.
func configSet(set string, procs int, withPillow bool) ([]Spec, error) {
	def := augment.DefaultConfig()
	def.Workers, def.Buffer = procs, procs
	pipe := func(workers, readers, writers, buffer int) Spec {
		s := Spec{Kind: KindPipeline, Workers: workers, Readers: readers, Writers: writers, Buffer: buffer}
		s.Default = workers == def.Workers && readers == def.Readers && writers == def.Writers && buffer == def.Buffer
		s.Name = fmt.Sprintf("pipeline w=%d r=%d wr=%d buf=%d", workers, readers, writers, buffer)
		if s.Default {
			s.Name += " (default)"
		}
		return s
	}
	pool := func(n int) Spec { return Spec{Name: fmt.Sprintf("pool w=%d", n), Kind: KindPool, Workers: n} }
	pillow := func(order string, n int) Spec {
		s := Spec{Kind: KindPillow, Workers: n, Order: order}
		short := map[string]string{OrderBlurFirst: "seed", OrderFitFirst: "fit-first"}[order]
		if n == 0 {
			s.Name = "pillow " + short + " sequential"
		} else {
			s.Name = fmt.Sprintf("pillow %s pool=%d", short, n)
		}
		return s
	}
	var counts []int // 1, 2, 4, ... up to 2 x procs, with procs itself
	for n := 1; n < 2*procs; n *= 2 {
		counts = append(counts, n)
	}
	counts = appendUnique(appendUnique(counts, procs), 2*procs)
	slices.Sort(counts)

	specs := []Spec{
		{Name: string(KindDecode), Kind: KindDecode},
		{Name: string(KindDecodeOwn), Kind: KindDecodeOwn},
		{Name: string(KindSequential), Kind: KindSequential, Workers: 1},
		{Name: string(KindGoroutines), Kind: KindGoroutines},
	}
	switch set {
	case SetQuick:
		specs = append(specs, pool(procs), pipe(procs, def.Readers, def.Writers, def.Buffer))
	case SetDefault, SetFull:
		if set == SetFull {
			for _, n := range counts {
				specs = append(specs, pool(n))
			}
		} else {
			specs = append(specs, pool(procs))
		}
		for _, n := range counts {
			specs = append(specs, pipe(n, def.Readers, def.Writers, def.Buffer))
		}
		specs = append(specs, pipe(procs, 2, 2, procs))
		if set == SetFull {
			specs = append(specs,
				pipe(procs, 1, 2, procs),
				pipe(procs, 2, 1, procs),
				pipe(procs, 1, 1, 0),
				pipe(procs, 1, 1, 1),
				pipe(procs, 1, 1, 4*procs),
				pipe(2*procs, 2, 2, 2*procs),
			)
		}
	default:
		return nil, fmt.Errorf("unknown configuration set %q", set)
	}
	if set != SetQuick {
		s := pipe(1, def.Readers, def.Writers, def.Buffer)
		s.Order, s.Default = OrderBlurFirst, false
		s.Name = strings.Replace(s.Name, "pipeline", "pipeline blur-first", 1)
		specs = append(specs, s)
	}
	if withPillow {
		pools := []int{procs}
		if set == SetFull {
			pools = counts
		}
		for _, order := range []string{OrderBlurFirst, OrderFitFirst} {
			specs = append(specs, pillow(order, 0))
			for _, n := range pools {
				specs = append(specs, pillow(order, n))
			}
		}
	}
	return specs, nil
}

func appendUnique(xs []int, x int) []int {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// filterSpecs keeps the configurations whose names contain one of the
// comma-separated substrings in only (all of them when only is empty).
func filterSpecs(specs []Spec, only string) []Spec {
	if strings.TrimSpace(only) == "" {
		return specs
	}
	var out []Spec
	for _, s := range specs {
		for _, part := range strings.Split(only, ",") {
			if part = strings.TrimSpace(part); part != "" && strings.Contains(s.Name, part) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}
