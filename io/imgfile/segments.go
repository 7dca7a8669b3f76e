package imgfile

import (
	"bytes"
	"encoding/binary"
)

// jpegSegments calls fn with the marker and payload of every marker
// segment of a JPEG file before its first scan, in order, until fn returns
// false. It stops quietly on anything malformed and never panics.
func jpegSegments(data []byte, fn func(marker byte, payload []byte) bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return
		}
		if !fn(marker, data[i+4:i+2+n]) {
			return
		}
		i += 2 + n
	}
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// pngChunks calls fn with the type and data of every chunk of a PNG file
// before its first IDAT, until fn returns false. CRCs are not checked (the
// decoder does). It stops quietly on anything malformed.
func pngChunks(data []byte, fn func(typ string, payload []byte) bool) {
	if !bytes.HasPrefix(data, []byte(pngSignature)) {
		return
	}
	for i := len(pngSignature); i+8 <= len(data); {
		n := binary.BigEndian.Uint32(data[i:])
		typ := string(data[i+4 : i+8])
		if typ == "IDAT" || typ == "IEND" || uint64(n) > uint64(len(data)-i-8) {
			return
		}
		if !fn(typ, data[i+8:i+8+int(n)]) {
			return
		}
		i += 8 + int(n) + 4 // length, type, data, CRC
	}
}

// webpChunks calls fn with the FourCC and data of every chunk of a WebP
// (RIFF) file, until fn returns false. It stops quietly on anything
// malformed.
func webpChunks(data []byte, fn func(fourcc string, payload []byte) bool) {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return
	}
	for i := 12; i+8 <= len(data); {
		n := binary.LittleEndian.Uint32(data[i+4:])
		if uint64(n) > uint64(len(data)-i-8) {
			return
		}
		if !fn(string(data[i:i+4]), data[i+8:i+8+int(n)]) {
			return
		}
		i += 8 + int(n) + int(n&1) // chunks are padded to an even size
	}
}
