package pipeline

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// collect drains ch into a slice.
func collect[T any](ch <-chan T) []T {
	var out []T
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// settleGoroutines waits for the goroutine count to come back to at most
// want, and reports the last count seen.
func settleGoroutines(want int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 200 && n > want; i++ {
		time.Sleep(5 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

func TestEveryItemArrivesOnce(t *testing.T) {
	tests := []struct {
		name                      string
		items, w1, w2, w3, buffer int
	}{
		{"one goroutine each, unbuffered", 50, 1, 1, 1, 0},
		{"fan out and in", 200, 2, 8, 3, 4},
		{"more workers than items", 3, 4, 16, 4, 1},
		{"no items", 0, 2, 2, 2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := make([]int, tc.items)
			for i := range items {
				items[i] = i
			}
			p, _ := New(context.Background())
			src := From(p, tc.buffer, items)
			a := Stage(p, "a", tc.w1, tc.buffer, src, func(_ context.Context, v int) (int, error) { return v * 2, nil })
			b := Stage(p, "b", tc.w2, tc.buffer, a, func(_ context.Context, v int) (int, error) { return v + 1, nil })
			c := Stage(p, "c", tc.w3, tc.buffer, b, func(_ context.Context, v int) (int, error) { return v, nil })
			got := collect(c)
			if err := p.Wait(); err != nil {
				t.Fatalf("Wait: %v", err)
			}
			seen := make(map[int]int)
			for _, v := range got {
				seen[v]++
			}
			if len(got) != tc.items {
				t.Fatalf("got %d results, want %d", len(got), tc.items)
			}
			for i := range tc.items {
				if seen[2*i+1] != 1 {
					t.Errorf("item %d arrived %d times", i, seen[2*i+1])
				}
			}
			for _, s := range p.Stats() {
				if s.Items != tc.items {
					t.Errorf("stage %s counted %d items, want %d", s.Name, s.Items, tc.items)
				}
			}
		})
	}
}

func TestCancellationStopsAllStages(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	items := make([]int, 10000)
	p, _ := New(ctx)
	var processed atomic.Int64
	src := From(p, 2, items)
	a := Stage(p, "a", 2, 2, src, func(ctx context.Context, v int) (int, error) {
		if processed.Add(1) == 20 {
			cancel()
		}
		return v, nil
	})
	b := Stage(p, "b", 3, 2, a, func(_ context.Context, v int) (int, error) { return v, nil })
	got := collect(b) // must end: every stage closes its output on cancellation
	err := p.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	if n := processed.Load(); n >= int64(len(items)) {
		t.Errorf("all %d items processed despite cancellation", n)
	}
	if len(got) >= len(items) {
		t.Errorf("got all %d results despite cancellation", len(got))
	}
	if n := settleGoroutines(before); n > before {
		t.Errorf("goroutines: %d before, %d after: leak", before, n)
	}
}

func TestFatalErrorCancelsPipeline(t *testing.T) {
	before := runtime.NumGoroutine()
	boom := errors.New("boom")
	p, ctx := New(context.Background())
	src := From(p, 0, make([]int, 1000))
	var n atomic.Int64
	a := Stage(p, "a", 2, 0, src, func(_ context.Context, v int) (int, error) {
		if n.Add(1) == 5 {
			return 0, boom
		}
		return v, nil
	})
	// A slow consumer stage that must notice the cancellation.
	b := Stage(p, "b", 1, 0, a, func(ctx context.Context, v int) (int, error) {
		select {
		case <-ctx.Done():
		case <-time.After(time.Millisecond):
		}
		return v, nil
	})
	collect(b)
	if err := p.Wait(); !errors.Is(err, boom) {
		t.Fatalf("Wait = %v, want %v", err, boom)
	}
	if ctx.Err() == nil {
		t.Error("pipeline context not cancelled after a fatal error")
	}
	if n := settleGoroutines(before); n > before {
		t.Errorf("goroutines: %d before, %d after: leak", before, n)
	}
}

// An item-level failure travels in the item; the other items go on.
func TestItemErrorsDoNotStopOthers(t *testing.T) {
	type item struct {
		v   int
		err error
	}
	items := make([]item, 100)
	for i := range items {
		items[i].v = i
	}
	p, _ := New(context.Background())
	a := Stage(p, "a", 4, 1, From(p, 1, items), func(_ context.Context, it item) (item, error) {
		if it.v%7 == 0 {
			it.err = errors.New("bad item")
		}
		return it, nil
	})
	var ok, bad int
	for it := range a {
		if it.err != nil {
			bad++
		} else {
			ok++
		}
	}
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if ok != 85 || bad != 15 {
		t.Errorf("ok=%d bad=%d, want 85 and 15", ok, bad)
	}
}

func TestStatsMeasureBusyAndWaiting(t *testing.T) {
	const n = 10
	const d = 2 * time.Millisecond
	p, _ := New(context.Background())
	fast := Stage(p, "fast", 1, 0, From(p, 0, make([]int, n)), func(_ context.Context, v int) (int, error) { return v, nil })
	slow := Stage(p, "slow", 1, 0, fast, func(_ context.Context, v int) (int, error) {
		time.Sleep(d)
		return v, nil
	})
	collect(slow)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if len(st) != 2 || st[0].Name != "fast" || st[1].Name != "slow" {
		t.Fatalf("stats %+v: want stages fast, slow in order", st)
	}
	// The slow stage's busy time is at least the sleeps it did; the fast
	// stage, feeding it through an unbuffered channel, waits for room.
	if st[1].Busy < n*d {
		t.Errorf("slow stage busy %v, want at least %v", st[1].Busy, n*d)
	}
	if st[0].WaitOut < st[0].Busy {
		t.Errorf("fast stage waited %v for room downstream and was busy %v: want waiting to dominate", st[0].WaitOut, st[0].Busy)
	}
	if u := st[1].Utilisation(st[1].Busy); u < 0.99 || u > 1.01 {
		t.Errorf("Utilisation over its own busy time = %v, want 1", u)
	}
}
