package imgfile

import (
	"bytes"
	"io"
)

// orientationOf returns the EXIF orientation (1..8) stored in an image file
// of the given format ("jpeg", "png", "webp", "tiff"), or 1 when there is
// none, it is out of range or cannot be read. It never panics on malformed
// data.
func orientationOf(format string, data []byte) int {
	o := 0
	switch format {
	case "jpeg":
		return jpegOrientation(data)
	case "png":
		pngChunks(data, func(typ string, p []byte) bool {
			if typ == "eXIf" {
				o = tiffOrientation(p)
				return false
			}
			return true
		})
	case "webp":
		webpChunks(data, func(fourcc string, p []byte) bool {
			if fourcc == "EXIF" {
				// Some writers keep the JPEG APP1 prefix.
				o = tiffOrientation(bytes.TrimPrefix(p, []byte("Exif\x00\x00")))
				return false
			}
			return true
		})
	case "tiff":
		o = tiffOrientation(data)
	}
	if o == 0 {
		return 1
	}
	return o
}

// jpegOrientation returns the EXIF orientation tag (1..8) of a JPEG file's
// APP1 segment, or 1 when there is none or it cannot be read. It reads the
// markers before the first scan and never panics on malformed data.
func jpegOrientation(data []byte) int {
	o := 1
	jpegSegments(data, exifOrientationOf(&o))
	return o
}

// jpegOrientationAt is jpegOrientation for a JPEG file of size bytes read
// at offsets: it reads the segments' headers and the APP1 segments alone.
func jpegOrientationAt(r io.ReaderAt, size int64) int {
	o := 1
	jpegSegmentsAt(r, size, func(marker byte) bool { return marker == 0xE1 }, exifOrientationOf(&o))
	return o
}

// exifOrientationOf returns a jpegSegments callback that sets *o to the
// orientation of the first Exif APP1 segment that holds one.
func exifOrientationOf(o *int) func(marker byte, seg []byte) bool {
	return func(marker byte, seg []byte) bool {
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			if v := tiffOrientation(seg[6:]); v != 0 {
				*o = v
				return false
			}
		}
		return true
	}
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure, or 0.
func tiffOrientation(t []byte) int {
	r, ifd0, ok := newTIFFReader(t)
	if !ok {
		return 0
	}
	bo, off := r.bo, int64(ifd0)
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	count := int64(bo.Uint16(t[off:]))
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		var v int64
		switch bo.Uint16(t[e+2:]) { // type
		case 3: // SHORT
			v = int64(bo.Uint16(t[e+8:]))
		case 4: // LONG
			v = int64(bo.Uint32(t[e+8:]))
		default:
			return 0
		}
		if v >= 1 && v <= 8 {
			return int(v)
		}
		return 0
	}
	return 0
}
