//go:build !amd64 || purego

package jpegdec

// idct4Func returns the 1/2 scale inverse DCT: idct4, the only one on this
// architecture or under the purego build tag.
func idct4Func() func(*[64]int32, []byte, int) { return idct4 }
