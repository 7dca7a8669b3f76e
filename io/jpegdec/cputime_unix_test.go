//go:build unix

package jpegdec

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) used by the process so
// far: on a shared machine it is steadier than wall-clock time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
