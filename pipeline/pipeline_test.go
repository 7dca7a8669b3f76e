package pipeline

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
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

// TestCancellationStopsAllStages cancels the pipeline's parent context
// midway: every stage must close its output, Wait must report the
// cancellation, and no goroutine may be left behind (synctest.Test fails
// the test when goroutines of its bubble are still blocked at the end).
func TestCancellationStopsAllStages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
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
	})
}

// TestFatalErrorCancelsPipeline has a stage fail while a slow stage
// downstream holds an item for an hour unless its context is cancelled. In
// synctest's virtual time the failure comes exactly a second after the
// start (the failing item takes that long) and the slow stage must let go
// of its item at that instant; an hour would pass if the cancellation did
// not reach the stage function. As above, synctest.Test fails the test if
// a goroutine is left blocked.
func TestFatalErrorCancelsPipeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		boom := errors.New("boom")
		p, ctx := New(context.Background())
		src := From(p, 0, make([]int, 1000))
		var n atomic.Int64
		// Of a's two workers, one hands its item to b at once; the other's
		// item, the second, fails a second later, while b holds the first.
		a := Stage(p, "a", 2, 0, src, func(_ context.Context, v int) (int, error) {
			if n.Add(1) == 2 {
				time.Sleep(time.Second)
				return 0, boom
			}
			return v, nil
		})
		var held atomic.Int64
		b := Stage(p, "b", 1, 0, a, func(ctx context.Context, v int) (int, error) {
			held.Add(1)
			select {
			case <-ctx.Done():
			case <-time.After(time.Hour):
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
		if held.Load() == 0 {
			t.Fatal("the slow stage never got an item: the test tests nothing")
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("the pipeline stopped %v after the start, want 1s, when the error came: "+
				"the slow stage did not see the cancellation", d)
		}
	})
}

// TestCancellationReleasesBlockedSenders cancels a pipeline while both
// workers of stage a are blocked handing items to stage b, whose one worker
// holds an item until the cancellation and then fails, so that nobody will
// take those items: a's workers must give up their sends. A stage "idle"
// waits on an input that never delivers and must give up its receive. In
// virtual time the cancellation comes at 1s, and the time each worker spent
// blocked until then counts as waiting.
func TestCancellationReleasesBlockedSenders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(time.Second, cancel)
		p, _ := New(ctx)
		a := Stage(p, "a", 2, 0, From(p, 0, make([]int, 10)), func(_ context.Context, v int) (int, error) { return v, nil })
		b := Stage(p, "b", 1, 0, a, func(ctx context.Context, v int) (int, error) {
			<-ctx.Done()
			return 0, ctx.Err()
		})
		idle := Stage(p, "idle", 1, 0, make(chan int), func(_ context.Context, v int) (int, error) { return v, nil })
		if got := collect(b); len(got) != 0 {
			t.Errorf("%d results from b, want none", len(got))
		}
		if got := collect(idle); len(got) != 0 {
			t.Errorf("%d results from idle, want none", len(got))
		}
		if err := p.Wait(); !errors.Is(err, context.Canceled) {
			t.Fatalf("Wait = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("the pipeline stopped %v after the start, want 1s, at the cancellation", d)
		}
		want := []StageStats{
			// One item went to b; each worker then took one more and
			// waited with it until the cancellation.
			{Name: "a", Workers: 2, Items: 3, WaitOut: 2 * time.Second},
			{Name: "b", Workers: 1, Items: 1, Busy: time.Second},
			{Name: "idle", Workers: 1, WaitIn: time.Second},
		}
		if st := p.Stats(); !slices.Equal(st, want) {
			t.Errorf("stats:\n got  %+v\n want %+v", st, want)
		}
	})
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

// TestStatsAreExact runs two-stage pipelines in synctest's virtual time,
// where channel operations take no time and a sleep exactly what it asks,
// so that every stage's busy and waiting times are known to the
// nanosecond: source -> first (one worker) -> second -> a consumer, all
// channels unbuffered, each stage sleeping a set time per item and the
// consumer sleeping after each item it takes.
func TestStatsAreExact(t *testing.T) {
	const n = 10
	const d = 3 * time.Millisecond
	sleep := func(d time.Duration) func(context.Context, int) (int, error) {
		return func(_ context.Context, v int) (int, error) {
			time.Sleep(d)
			return v, nil
		}
	}
	stats := func(name string, workers int, busy, waitIn, waitOut time.Duration) StageStats {
		return StageStats{Name: name, Workers: workers, Items: n, Busy: busy, WaitIn: waitIn, WaitOut: waitOut}
	}
	cases := []struct {
		name           string
		first, second  time.Duration // each stage's time per item
		workers        int           // the second stage's
		consume        time.Duration // the consumer's time per item
		wall           time.Duration
		wantFirst      StageStats
		wantSecond     StageStats
		wantSecondUtil float64 // over wall
	}{
		// first hands item 1 over at once, then waits d for second to
		// take each of the other n-1.
		{"slow downstream", 0, d, 1, 0, n * d,
			stats("first", 1, 0, 0, (n-1)*d), stats("second", 1, n*d, 0, 0), 1},
		// second waits d for each item, and is never busy.
		{"slow upstream", d, 0, 1, 0, n * d,
			stats("first", 1, n*d, 0, 0), stats("second", 1, 0, n*d, 0), 0},
		// The consumer takes an item every d. second waits d to hand over
		// each item but the first; first, one item further back, each
		// but the first two.
		{"slow consumer", 0, 0, 1, d, n * d,
			stats("first", 1, 0, 0, (n-2)*d), stats("second", 1, 0, 0, (n-1)*d), 0},
		// Two workers take two items every d; first waits d to hand over
		// the first of each pair after the first pair.
		{"two slow workers", 0, d, 2, 0, n / 2 * d,
			stats("first", 1, 0, 0, (n/2-1)*d), stats("second", 2, n*d, 0, 0), 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				p, _ := New(context.Background())
				first := Stage(p, "first", 1, 0, From(p, 0, make([]int, n)), sleep(c.first))
				second := Stage(p, "second", c.workers, 0, first, sleep(c.second))
				for range second {
					time.Sleep(c.consume)
				}
				if err := p.Wait(); err != nil {
					t.Fatal(err)
				}
				if wall := time.Since(start); wall != c.wall {
					t.Errorf("the pipeline took %v, want %v", wall, c.wall)
				}
				st := p.Stats()
				if len(st) != 2 {
					t.Fatalf("stats of %d stages, want 2: %+v", len(st), st)
				}
				if st[0] != c.wantFirst {
					t.Errorf("first stage:\n got  %+v\n want %+v", st[0], c.wantFirst)
				}
				if st[1] != c.wantSecond {
					t.Errorf("second stage:\n got  %+v\n want %+v", st[1], c.wantSecond)
				}
				if u := st[1].Utilisation(c.wall); u != c.wantSecondUtil {
					t.Errorf("second stage's utilisation over %v: %v, want %v", c.wall, u, c.wantSecondUtil)
				}
			})
		})
	}
}

func TestUtilisation(t *testing.T) {
	for _, c := range []struct {
		s    StageStats
		wall time.Duration
		want float64
	}{
		{StageStats{Workers: 1, Busy: time.Second}, time.Second, 1},
		{StageStats{Workers: 4, Busy: time.Second}, time.Second, 0.25},
		{StageStats{Workers: 2, Busy: 3 * time.Second}, 2 * time.Second, 0.75},
		{StageStats{Workers: 1}, time.Second, 0},
		{StageStats{Workers: 1, Busy: time.Second}, 0, 0},  // no wall time: no ratio
		{StageStats{Workers: 1, Busy: time.Second}, -1, 0}, // nor a negative one
		{StageStats{Workers: 0, Busy: time.Second}, time.Second, 0},
	} {
		if got := c.s.Utilisation(c.wall); got != c.want {
			t.Errorf("%+v over %v: %v, want %v", c.s, c.wall, got, c.want)
		}
	}
}
