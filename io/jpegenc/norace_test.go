//go:build !race

package jpegenc_test

// raceOn says the race detector is on (see race_test.go).
const raceOn = false
