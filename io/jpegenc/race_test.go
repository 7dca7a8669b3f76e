//go:build race

package jpegenc_test

// raceOn says the race detector is on: the slowest tests do less, as what
// it checks does not depend on how much they do.
const raceOn = true
