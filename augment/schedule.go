package augment

import (
	"cmp"
	"slices"
)

// largestFirst returns the tasks in the order the pipeline hands them to
// its workers: largest input file first, ties in the order found.
//
// With a pool of workers the run ends when its last image does. Taken in
// the order found, a folder can end with one worker busy on a big photo
// while the others have nothing left to do; taken largest first, the last
// images are the small ones and the workers finish close together (the
// longest-processing-time-first rule of list scheduling). A file's size is
// known from finding it, costs nothing more to read, and follows the cost
// of decoding, the largest step, closely enough to order by.
func largestFirst(tasks []*task) []*task {
	out := slices.Clone(tasks)
	slices.SortStableFunc(out, func(a, b *task) int { return cmp.Compare(b.in.Size, a.in.Size) })
	return out
}
