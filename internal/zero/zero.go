// Package zero clears large buffers in steps that the Go scheduler can
// preempt.
package zero

import "unsafe"

// chunkBytes is how much Clear clears in one step: 64 pages.
const chunkBytes = 256 << 10

// Clear sets every element of s to its zero value, as clear(s) does, a
// chunk at a time. The runtime clears memory in code it cannot preempt:
// one clear of tens of megabytes of memory not yet mapped, where the kernel
// faults in every page, would hold up for milliseconds a garbage
// collection waiting to scan the goroutine's stack, and with it the
// collector's worker on another CPU. Between chunks the goroutine can be
// preempted.
func Clear[T any](s []T) {
	var t T
	n := max(chunkBytes/max(int(unsafe.Sizeof(t)), 1), 1)
	for len(s) > n {
		clear(s[:n])
		s = s[n:]
	}
	clear(s)
}
