package imgfile

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// EXIF tags RewriteEXIF reads or writes.
const (
	tagOrientation     = 0x0112
	tagExifIFD         = 0x8769
	tagGPSIFD          = 0x8825
	tagInteropIFD      = 0xA005
	tagSubIFDs         = 0x014A
	tagExifVersion     = 0x9000
	tagPixelXDimension = 0xA002
	tagPixelYDimension = 0xA003
	tagThumbOffset     = 0x0201 // JPEGInterchangeFormat
	tagThumbLength     = 0x0202 // JPEGInterchangeFormatLength
	tagStripOffsets    = 0x0111
	tagStripByteCounts = 0x0117
)

// maxIFDEntries bounds the entries of one IFD RewriteEXIF accepts: an EXIF
// block is at most 64 KiB, 12 bytes an entry.
const maxIFDEntries = 65536 / 12

// tiffTypeSize is the size in bytes of one value of each TIFF field type
// (0 for types it does not know).
var tiffTypeSize = [...]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

// ifdEntry is one 12-byte entry of an IFD, as stored, with where it is.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    [4]byte // the value, or the offset of the values
	pos      int     // offset of the entry in the TIFF structure
}

// span is a range [start, end) of bytes of the TIFF structure.
type span struct{ start, end int }

// tiffReader reads a TIFF structure without trusting it: every offset is
// checked against its length, and what cannot be read is an error (ok
// false), never a panic.
type tiffReader struct {
	t  []byte
	bo byteOrder
}

// byteOrder reads and appends in one byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func newTIFFReader(t []byte) (tiffReader, int, bool) {
	if len(t) < 8 {
		return tiffReader{}, 0, false
	}
	var bo byteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return tiffReader{}, 0, false
	}
	if bo.Uint16(t[2:]) != 42 {
		return tiffReader{}, 0, false
	}
	return tiffReader{t, bo}, int(bo.Uint32(t[4:])), true
}

// ifd reads the IFD at off: its entries and the offset of the next IFD.
func (r tiffReader) ifd(off int) (entries []ifdEntry, next int, ok bool) {
	if off < 8 || off+2 > len(r.t) {
		return nil, 0, false
	}
	n := int(r.bo.Uint16(r.t[off:]))
	end := off + 2 + 12*n + 4
	if n > maxIFDEntries || end > len(r.t) {
		return nil, 0, false
	}
	entries = make([]ifdEntry, n)
	for i := range entries {
		p := off + 2 + 12*i
		e := &entries[i]
		e.tag, e.typ, e.count, e.pos = r.bo.Uint16(r.t[p:]), r.bo.Uint16(r.t[p+2:]), r.bo.Uint32(r.t[p+4:]), p
		copy(e.value[:], r.t[p+8:p+12])
	}
	return entries, int(r.bo.Uint32(r.t[end-4:])), true
}

// tableSpan is the bytes of the IFD at off of n entries.
func tableSpan(off, n int) span { return span{off, off + 2 + 12*n + 4} }

// values returns the span of e's values when they are stored out of the
// entry, and whether they are (and lie inside the structure).
func (r tiffReader) values(e ifdEntry) (span, bool) {
	if int(e.typ) >= len(tiffTypeSize) || tiffTypeSize[e.typ] == 0 {
		return span{}, false
	}
	size := uint64(e.count) * tiffTypeSize[e.typ]
	if size <= 4 {
		return span{}, false
	}
	off := uint64(r.bo.Uint32(e.value[:]))
	if off+size > uint64(len(r.t)) {
		return span{}, false
	}
	return span{int(off), int(off + size)}, true
}

// uints returns the values of a SHORT or LONG entry (at most 1024), or nil.
func (r tiffReader) uints(e ifdEntry) []uint64 {
	if (e.typ != 3 && e.typ != 4) || e.count == 0 || e.count > 1024 {
		return nil
	}
	size := int(tiffTypeSize[e.typ])
	data := e.value[:]
	if s, ok := r.values(e); ok {
		data = r.t[s.start:s.end]
	} else if int(e.count)*size > 4 {
		return nil
	}
	out := make([]uint64, e.count)
	for i := range out {
		if size == 2 {
			out[i] = uint64(r.bo.Uint16(data[2*i:]))
		} else {
			out[i] = uint64(r.bo.Uint32(data[4*i:]))
		}
	}
	return out
}

// pointer returns the offset an IFD-pointer entry holds, or false.
func (r tiffReader) pointer(e ifdEntry) (int, bool) {
	if (e.typ != 4 && e.typ != 13) || e.count != 1 {
		return 0, false
	}
	return int(r.bo.Uint32(e.value[:])), true
}

// walk reads the IFD at off and the sub-IFDs it points to (Exif, GPS,
// Interop, SubIFDs, and any entry of type IFD), adding the spans of their
// tables and values to kept. It returns IFD off's entries, or false when
// that IFD cannot be read; a sub-IFD that cannot be read is skipped. Each
// IFD is read once (seen), to a depth of 4.
func (r tiffReader) walk(off int, kept *[]span, seen map[int]bool, depth int) ([]ifdEntry, bool) {
	entries, _, ok := r.ifd(off)
	if !ok || depth > 4 || seen[off] {
		return nil, false
	}
	seen[off] = true
	*kept = append(*kept, tableSpan(off, len(entries)))
	for _, e := range entries {
		if s, ok := r.values(e); ok {
			*kept = append(*kept, s)
		}
		switch {
		case e.tag == tagExifIFD || e.tag == tagGPSIFD || e.tag == tagInteropIFD || e.typ == 13:
			if p, ok := r.pointer(e); ok {
				r.walk(p, kept, seen, depth+1)
			}
		case e.tag == tagSubIFDs:
			for _, p := range r.uints(e) {
				r.walk(int(p), kept, seen, depth+1)
			}
		}
	}
	return entries, true
}

// RewriteEXIF returns the EXIF TIFF structure t (what follows "Exif\0\0"
// in a JPEG's APP1 segment) made true of an upright w x h output: the
// orientation is 1, PixelXDimension and PixelYDimension in the Exif IFD
// are w and h (added when missing, with an Exif IFD when there is none),
// and IFD1, with the thumbnail it holds (an unblurred preview of the
// photo), is gone: its bytes are cut off when they come last, as they do
// in camera files, and zeroed otherwise.
//
// Everything else is kept where it was, maker notes included, whose
// offsets a move would break; changed IFDs are written anew at the end.
// t is not modified. A structure that cannot be read (no TIFF header, an
// IFD0 or Exif IFD out of bounds) gives nil: the caller drops the EXIF.
// It never panics.
func RewriteEXIF(t []byte, w, h int) []byte {
	r, off0, ok := newTIFFReader(t)
	if !ok {
		return nil
	}
	kept := []span{{0, 8}} // the header
	ifd0, ok := r.walk(off0, &kept, map[int]bool{}, 0)
	if !ok {
		return nil
	}
	_, next0, _ := r.ifd(off0)
	out := bytes.Clone(t)
	bo := r.bo
	put := func(e ifdEntry, typ uint16, v uint32) {
		bo.PutUint16(out[e.pos+2:], typ)
		bo.PutUint32(out[e.pos+4:], 1)
		if typ == 3 {
			bo.PutUint16(out[e.pos+8:], uint16(v))
			bo.PutUint16(out[e.pos+10:], 0)
		} else {
			bo.PutUint32(out[e.pos+8:], v)
		}
	}

	// The thumbnail: IFD1's table, values and image data go.
	var gone []span
	if e1, _, ok := r.ifd(next0); ok && next0 != off0 {
		gone = append(gone, tableSpan(next0, len(e1)))
		var offs, lens []uint64
		for _, e := range e1 {
			if s, ok := r.values(e); ok {
				gone = append(gone, s)
			}
			switch e.tag {
			case tagThumbOffset, tagStripOffsets:
				offs = append(offs, r.uints(e)...)
			case tagThumbLength, tagStripByteCounts:
				lens = append(lens, r.uints(e)...)
			}
		}
		for i := range min(len(offs), len(lens)) {
			if o, n := offs[i], lens[i]; o < uint64(len(t)) && n <= uint64(len(t))-o {
				gone = append(gone, span{int(o), int(o + n)})
			}
		}
	}
	for _, g := range gone {
		if !overlapsAny(g, kept) {
			clear(out[g.start:g.end])
		}
	}
	if len(gone) > 0 {
		start := slices.MinFunc(gone, func(a, b span) int { return a.start - b.start }).start
		end := 0
		for _, k := range kept {
			end = max(end, k.end)
		}
		if start >= end {
			out = out[:start]
		}
	}

	// Orientation 1, in place.
	exifAt := -1
	for _, e := range ifd0 {
		switch e.tag {
		case tagOrientation:
			put(e, 3, 1)
		case tagExifIFD:
			if p, ok := r.pointer(e); ok {
				if _, _, ok := r.ifd(p); ok {
					exifAt = p
				}
			}
		}
	}

	// The pixel dimensions, in place when both are there, else in a new
	// Exif IFD at the end (and then a new IFD0 pointing to it).
	var exif []ifdEntry
	if exifAt >= 0 {
		exif, _, _ = r.ifd(exifAt)
	}
	var haveX, haveY bool
	for _, e := range exif {
		switch e.tag {
		case tagPixelXDimension:
			put(e, 4, uint32(w))
			haveX = true
		case tagPixelYDimension:
			put(e, 4, uint32(h))
			haveY = true
		}
	}
	ifd0At := off0
	if !haveX || !haveY {
		var add []ifdEntry
		if exifAt < 0 {
			add = append(add, rawEntry(bo, tagExifVersion, 7, 4, []byte("0232")))
		}
		if !haveX {
			add = append(add, rawEntry(bo, tagPixelXDimension, 4, 1, bo.AppendUint32(nil, uint32(w))))
		}
		if !haveY {
			add = append(add, rawEntry(bo, tagPixelYDimension, 4, 1, bo.AppendUint32(nil, uint32(h))))
		}
		// The entries as they are now in out (orientation and dimensions
		// set in place).
		exif = reread(out, bo, exif)
		var newExif int
		out, newExif = appendIFD(out, bo, append(exif, add...))
		ifd0 = reread(out, bo, ifd0)
		ptr := rawEntry(bo, tagExifIFD, 4, 1, bo.AppendUint32(nil, uint32(newExif)))
		ifd0 = slices.DeleteFunc(ifd0, func(e ifdEntry) bool { return e.tag == tagExifIFD })
		out, ifd0At = appendIFD(out, bo, append(ifd0, ptr))
		bo.PutUint32(out[4:], uint32(ifd0At))
	}
	// No IFD1.
	bo.PutUint32(out[ifd0At+2+12*int(bo.Uint16(out[ifd0At:])):], 0)
	return out
}

// overlapsAny reports whether s shares a byte with any of spans.
func overlapsAny(s span, spans []span) bool {
	for _, k := range spans {
		if s.start < k.end && k.start < s.end {
			return true
		}
	}
	return false
}

// rawEntry is an entry of one value that fits in the entry (4 bytes).
func rawEntry(bo byteOrder, tag, typ uint16, count uint32, value []byte) ifdEntry {
	e := ifdEntry{tag: tag, typ: typ, count: count}
	copy(e.value[:], value)
	return e
}

// reread returns entries with their contents as they now are in t.
func reread(t []byte, bo byteOrder, entries []ifdEntry) []ifdEntry {
	out := make([]ifdEntry, len(entries))
	for i, e := range entries {
		p := e.pos
		out[i] = ifdEntry{tag: bo.Uint16(t[p:]), typ: bo.Uint16(t[p+2:]), count: bo.Uint32(t[p+4:]), pos: p}
		copy(out[i].value[:], t[p+8:p+12])
	}
	return out
}

// appendIFD appends an IFD of entries, sorted by tag, with no next IFD, at
// an even offset of t, and returns t and that offset.
func appendIFD(t []byte, bo byteOrder, entries []ifdEntry) ([]byte, int) {
	slices.SortStableFunc(entries, func(a, b ifdEntry) int { return int(a.tag) - int(b.tag) })
	if len(t)%2 != 0 {
		t = append(t, 0)
	}
	off := len(t)
	t = bo.AppendUint16(t, uint16(len(entries)))
	for _, e := range entries {
		t = bo.AppendUint16(t, e.tag)
		t = bo.AppendUint16(t, e.typ)
		t = bo.AppendUint32(t, e.count)
		t = append(t, e.value[:]...)
	}
	return bo.AppendUint32(t, 0), off
}
