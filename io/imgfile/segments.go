package imgfile

import (
	"bytes"
	"encoding/binary"
	"io"
)

// jpegSegments calls fn with the marker and payload of every marker
// segment of a JPEG file before its first scan, in order, until fn returns
// false. It stops quietly on anything malformed and never panics.
func jpegSegments(data []byte, fn func(marker byte, payload []byte) bool) {
	walkJPEG(sliceSource(data), int64(len(data)), fn)
}

// jpegSegmentsAt is jpegSegments for a file of size bytes read at offsets:
// it reads each segment's header and, for the segments wanted says it
// wants, the payload, and nothing else of the file.
func jpegSegmentsAt(r io.ReaderAt, size int64, wanted func(marker byte) bool, fn func(marker byte, payload []byte) bool) {
	walkJPEG(func(off, n int64, marker byte) ([]byte, bool) {
		if marker != 0 && !wanted(marker) {
			return nil, true
		}
		b := make([]byte, n)
		_, err := r.ReadAt(b, off)
		return b, err == nil
	}, size, func(marker byte, payload []byte) bool {
		return payload == nil || fn(marker, payload)
	})
}

// A segmentSource returns n bytes of a file from off: the marker bytes
// (marker 0) or the payload of a segment with that marker. It may return
// nil, true for a payload it skips; false means the bytes cannot be had.
type segmentSource func(off, n int64, marker byte) ([]byte, bool)

// sliceSource is the segmentSource of a file held whole.
func sliceSource(data []byte) segmentSource {
	return func(off, n int64, _ byte) ([]byte, bool) { return data[off : off+n], true }
}

// walkJPEG walks the marker segments of a JPEG file of size bytes, as
// jpegSegments describes, taking its bytes from src.
func walkJPEG(src segmentSource, size int64, fn func(marker byte, payload []byte) bool) {
	if size < 4 {
		return
	}
	if soi, ok := src(0, 2, 0); !ok || soi[0] != 0xFF || soi[1] != 0xD8 {
		return
	}
	for i := int64(2); i+4 <= size; {
		hdr, ok := src(i, 4, 0)
		if !ok || hdr[0] != 0xFF {
			return
		}
		marker := hdr[1]
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
		n := int64(binary.BigEndian.Uint16(hdr[2:]))
		if n < 2 || i+2+n > size {
			return
		}
		payload, ok := src(i+4, n-2, marker)
		if !ok || !fn(marker, payload) {
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
