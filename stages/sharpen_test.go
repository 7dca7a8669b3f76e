package stages

import "testing"

// TestSharpenMatchesPillow compares Sharpen with ImageEnhance.Sharpness.
// RGBA and gray must agree to the byte, and YCbCr too, as it is converted
// to RGB first.
func TestSharpenMatchesPillow(t *testing.T) {
	var cases []opCase
	for _, f := range []float64{0, 0.5, 2.0} {
		cases = append(cases, opCase{"sharpness", f, Sharpen})
	}
	checkColour(t, cases, true)
}
