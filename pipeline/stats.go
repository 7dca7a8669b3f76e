package pipeline

import (
	"sync"
	"time"
)

// StageStats is the timing of one stage, summed over its goroutines.
type StageStats struct {
	Name    string `json:"name"`
	Workers int    `json:"workers"`
	// Items is how many items the stage function was applied to.
	Items int `json:"items"`
	// Busy is the time spent inside the stage function.
	Busy time.Duration `json:"busy_ns"`
	// WaitIn is the time spent waiting for an item from upstream.
	WaitIn time.Duration `json:"wait_in_ns"`
	// WaitOut is the time spent waiting for room in the channel downstream.
	WaitOut time.Duration `json:"wait_out_ns"`
}

// Utilisation is the fraction of the stage's goroutine-time spent busy,
// measured against wall, the pipeline's elapsed time.
func (s StageStats) Utilisation(wall time.Duration) float64 {
	if wall <= 0 || s.Workers == 0 {
		return 0
	}
	return float64(s.Busy) / (float64(wall) * float64(s.Workers))
}

type workerTimes struct {
	items                 int
	busy, waitIn, waitOut time.Duration
}

type stageTimer struct {
	mu    sync.Mutex
	stats StageStats
}

func (t *stageTimer) add(w workerTimes) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stats.Items += w.items
	t.stats.Busy += w.busy
	t.stats.WaitIn += w.waitIn
	t.stats.WaitOut += w.waitOut
}

func (t *stageTimer) snapshot() StageStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}
