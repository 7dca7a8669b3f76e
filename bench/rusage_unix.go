//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSSKB is a finished child's peak resident set size in KiB, from the
// rusage that wait4 returned for it (for a child with children of its own,
// the largest of its and its waited-for children's peaks, not their sum).
func peakRSSKB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) / 1024 // bytes there, KiB on Linux and the BSDs
	}
	return int64(ru.Maxrss)
}
