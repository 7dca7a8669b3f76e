package augment

import (
	"context"
	"errors"
	"testing"
)

func TestOrderValidated(t *testing.T) {
	for _, c := range []struct {
		order string
		ok    bool
	}{{OrderFitFirst, true}, {OrderBlurFirst, true}, {"", false}, {"sideways", false}, {"Fit-First", false}} {
		cfg := DefaultConfig()
		cfg.Order = c.order
		err := cfg.Validate()
		var ce *ConfigError
		if c.ok && err != nil || !c.ok && !(errors.As(err, &ce) && ce.Field == "Order") {
			t.Errorf("Order %q: Validate() = %v, want ok=%v (a *ConfigError naming Order otherwise)", c.order, err, c.ok)
		}
	}
	if DefaultConfig().Order != OrderFitFirst {
		t.Errorf("default order %q, want %q", DefaultConfig().Order, OrderFitFirst)
	}
}

// TestPipelineMatchesBaseline checks that the parallel pipeline, whose
// workers each reuse their own scratch buffers, writes the same bytes as
// the sequential baseline under GOMAXPROCS(1), in both orders.
func TestPipelineMatchesBaseline(t *testing.T) {
	for _, order := range []string{OrderFitFirst, OrderBlurFirst} {
		cfg := FolderJob{Config: DefaultConfig()}
		cfg.Inputs, cfg.Output, cfg.Order = []string{"../samples"}, t.TempDir(), order
		cfg.Workers, cfg.Baseline = 3, true
		rep, err := RunFolder(context.Background(), cfg, Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		b := rep.Baseline
		if rep.Written == 0 || b.Compared != rep.Written || b.Identical != b.Compared {
			t.Errorf("%s: %d written, %d compared with the baseline, %d identical (differing: %v)",
				order, rep.Written, b.Compared, b.Identical, b.Differing)
		}
	}
}
