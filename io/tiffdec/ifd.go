package tiffdec

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// Field types, as the TIFF and BigTIFF specifications number them.
const (
	typeByte   = 1
	typeASCII  = 2
	typeShort  = 3
	typeLong   = 4
	typeRat    = 5
	typeSByte  = 6
	typeUndef  = 7
	typeSShort = 8
	typeSLong  = 9
	typeSRat   = 10
	typeFloat  = 11
	typeDouble = 12
	typeIFD    = 13
	typeLong8  = 16
	typeSLong8 = 17
	typeIFD8   = 18
)

var typeSize = [...]int64{typeByte: 1, typeASCII: 1, typeShort: 2, typeLong: 4, typeRat: 8,
	typeSByte: 1, typeUndef: 1, typeSShort: 2, typeSLong: 4, typeSRat: 8, typeFloat: 4,
	typeDouble: 8, typeIFD: 4, 14: 0, 15: 0, typeLong8: 8, typeSLong8: 8, typeIFD8: 8}

// entry is one IFD entry: its type, count, and where its values are.
type entry struct {
	typ   uint16
	count uint64
	off   int64  // offset of the values in the file, when not inline
	val   []byte // the values, when they fit in the entry
	bad   error  // why the values cannot be read, reported if they are needed
}

// ifd is the first image file directory of a file.
type ifd struct {
	r       io.ReaderAt
	size    int64
	bo      binary.ByteOrder
	bigTIFF bool
	tags    map[uint16]entry
}

// maxEntries bounds the entries of an IFD read: real files have tens.
const maxEntries = 4096

// readIFD reads the header and the first IFD of the file r of size bytes.
func readIFD(r io.ReaderAt, size int64) (*ifd, error) {
	var h [16]byte
	if n, err := r.ReadAt(h[:], 0); n < 8 {
		return nil, truncated("header", err)
	}
	d := &ifd{r: r, size: size, tags: map[uint16]entry{}}
	switch string(h[:2]) {
	case "II":
		d.bo = binary.LittleEndian
	case "MM":
		d.bo = binary.BigEndian
	default:
		return nil, corruptf("not a TIFF header")
	}
	var off int64
	switch d.bo.Uint16(h[2:]) {
	case 42:
		off = int64(d.bo.Uint32(h[4:]))
	case 43:
		if size < 16 {
			return nil, truncated("BigTIFF header", io.ErrUnexpectedEOF)
		}
		if d.bo.Uint16(h[4:]) != 8 || d.bo.Uint16(h[6:]) != 0 {
			return nil, unsupportedf("BigTIFF offsets of %d bytes", d.bo.Uint16(h[4:]))
		}
		d.bigTIFF = true
		u := d.bo.Uint64(h[8:])
		if u > math.MaxInt64 {
			return nil, corruptf("IFD offset %d out of the file", u)
		}
		off = int64(u)
	default:
		return nil, corruptf("TIFF version %d", d.bo.Uint16(h[2:]))
	}
	countSize, entrySize, valSize := int64(2), int64(12), int64(4)
	if d.bigTIFF {
		countSize, entrySize, valSize = 8, 20, 8
	}
	if off < 8 || off+countSize > size {
		return nil, corruptf("IFD offset %d out of the %d-byte file", off, size)
	}
	buf := make([]byte, countSize)
	if _, err := r.ReadAt(buf, off); err != nil {
		return nil, truncated("IFD", err)
	}
	var n uint64
	if d.bigTIFF {
		n = d.bo.Uint64(buf)
	} else {
		n = uint64(d.bo.Uint16(buf))
	}
	if n == 0 || n > maxEntries || off+countSize+int64(n)*entrySize > size {
		return nil, corruptf("IFD of %d entries at offset %d in a %d-byte file", n, off, size)
	}
	buf = make([]byte, int64(n)*entrySize)
	if _, err := r.ReadAt(buf, off+countSize); err != nil {
		return nil, truncated("IFD", err)
	}
	for i := range int(n) {
		e := buf[int64(i)*entrySize:][:entrySize]
		tag, typ := d.bo.Uint16(e), d.bo.Uint16(e[2:])
		var en entry
		en.typ = typ
		var valField []byte
		if d.bigTIFF {
			en.count, valField = d.bo.Uint64(e[4:]), e[12:20]
		} else {
			en.count, valField = uint64(d.bo.Uint32(e[4:])), e[8:12]
		}
		if int(typ) >= len(typeSize) || typeSize[typ] == 0 {
			continue // an unknown type: the tag is as good as absent
		}
		if en.count > uint64(size) {
			// Reported only if the decoder needs the tag: a tag it does
			// not read does not make the image corrupt.
			en.bad = corruptf("tag %d declares %d values in a %d-byte file", tag, en.count, size)
			d.tags[tag] = en
			continue
		}
		total := int64(en.count) * typeSize[typ]
		if total <= valSize {
			en.val = valField[:total]
		} else {
			var o uint64
			if d.bigTIFF {
				o = d.bo.Uint64(valField)
			} else {
				o = uint64(d.bo.Uint32(valField))
			}
			if o > uint64(size) || int64(o)+total > size {
				en.bad = corruptf("the values of tag %d lie beyond the end of the file", tag)
			}
			en.off = int64(o)
		}
		d.tags[tag] = en
	}
	return d, nil
}

// has reports whether the IFD holds tag.
func (d *ifd) has(tag uint16) bool {
	_, ok := d.tags[tag]
	return ok
}

// raw returns the bytes of tag's values.
func (d *ifd) raw(tag uint16) ([]byte, error) {
	e, ok := d.tags[tag]
	if !ok {
		return nil, nil
	}
	if e.bad != nil {
		return nil, e.bad
	}
	if e.val != nil {
		return e.val, nil
	}
	b := make([]byte, int64(e.count)*typeSize[e.typ])
	if _, err := d.r.ReadAt(b, e.off); err != nil {
		return nil, truncated(fmt.Sprintf("values of tag %d", tag), err)
	}
	return b, nil
}

// uints returns tag's values as unsigned integers; nil when the tag is
// absent. A tag of a non-integer type is corrupt.
func (d *ifd) uints(tag uint16) ([]uint64, error) {
	e, ok := d.tags[tag]
	if !ok {
		return nil, nil
	}
	b, err := d.raw(tag)
	if err != nil {
		return nil, err
	}
	v := make([]uint64, e.count)
	for i := range v {
		switch e.typ {
		case typeByte, typeUndef:
			v[i] = uint64(b[i])
		case typeShort:
			v[i] = uint64(d.bo.Uint16(b[2*i:]))
		case typeLong, typeIFD:
			v[i] = uint64(d.bo.Uint32(b[4*i:]))
		case typeLong8, typeIFD8:
			v[i] = d.bo.Uint64(b[8*i:])
		default:
			return nil, corruptf("tag %d has values of type %d, not integers", tag, e.typ)
		}
	}
	return v, nil
}

// uint returns tag's single value, or def when the tag is absent.
func (d *ifd) uint(tag uint16, def uint64) (uint64, error) {
	v, err := d.uints(tag)
	switch {
	case err != nil:
		return 0, err
	case v == nil:
		return def, nil
	case len(v) == 0:
		return 0, corruptf("tag %d has no value", tag)
	}
	return v[0], nil
}
