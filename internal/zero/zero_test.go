package zero

import (
	"fmt"
	"testing"
)

// fill returns a slice of n elements, all set to v, with cap-n more
// elements beyond its length also set to v.
func fill[T any](n, extra int, v T) []T {
	s := make([]T, n+extra)
	for i := range s {
		s[i] = v
	}
	return s[:n]
}

func check[T comparable](t *testing.T, n int, v T) {
	t.Helper()
	var zero T
	s := fill(n, 3, v)
	Clear(s)
	for i, x := range s {
		if x != zero {
			t.Fatalf("element %d of %d not cleared: %v", i, n, x)
		}
	}
	for i, x := range s[n:cap(s)] {
		if x != v {
			t.Fatalf("element %d past the end changed: %v", n+i, x)
		}
	}
}

type triple struct{ a, b, c int16 }

// TestClear checks that Clear zeroes every element, and only those, for
// lengths around and across its chunks and elements of several sizes.
func TestClear(t *testing.T) {
	for _, n := range []int{0, 1, 7, chunkBytes/8 - 1, chunkBytes / 8, chunkBytes/8 + 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3*chunkBytes + 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			check(t, n, byte(0xAB))
			check(t, n, uint64(0xDEADBEEF))
			check(t, n, triple{1, -2, 3})
			check(t, n, struct{}{})
		})
	}
}
