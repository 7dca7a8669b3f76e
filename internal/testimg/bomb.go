package testimg

import (
	"encoding/binary"
	"hash/crc32"
	"image"
	"testing"
)

// PNGBomb returns a decompression bomb: a 1x1 grey PNG whose header is
// patched (its CRC too) to declare w x h pixels. Any decoder that trusts
// the header before checking the pixel limit allocates w*h bytes.
func PNGBomb(t testing.TB, w, h uint32) []byte {
	t.Helper()
	p := EncodePNG(t, image.NewGray(image.Rect(0, 0, 1, 1)))
	binary.BigEndian.PutUint32(p[16:], w)
	binary.BigEndian.PutUint32(p[20:], h)
	binary.BigEndian.PutUint32(p[29:], crc32.ChecksumIEEE(p[12:29]))
	return p
}
