package tiffdec

import (
	"encoding/binary"
	"slices"
)

// field is one IFD entry of a test file: integers (of type typ) or raw
// bytes (typeUndef).
type field struct {
	tag  uint16
	typ  uint16
	vals []uint64
	raw  []byte
}

func short(tag uint16, v ...uint64) field { return field{tag: tag, typ: typeShort, vals: v} }
func long(tag uint16, v ...uint64) field  { return field{tag: tag, typ: typeLong, vals: v} }

// byteOrder is binary.LittleEndian or binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// file is a TIFF file under construction.
type file struct {
	bo      byteOrder
	bigTIFF bool
	fields  []field
	blocks  [][]byte // strips or tiles, in order
	tiled   bool
}

// bytes lays the file out: header, blocks, IFD, out-of-line values. The
// offsets and byte counts of the blocks are filled in.
func (f file) bytes() []byte {
	var bo byteOrder = binary.LittleEndian
	if f.bo != nil {
		bo = f.bo
	}
	hdr := 8
	if f.bigTIFF {
		hdr = 16
	}
	var out []byte
	out = append(out, make([]byte, hdr)...)
	var offs, counts []uint64
	for _, b := range f.blocks {
		offs = append(offs, uint64(len(out)))
		counts = append(counts, uint64(len(b)))
		out = append(out, b...)
	}
	fields := slices.Clone(f.fields)
	offTag, countTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if f.tiled {
		offTag, countTag = tagTileOffsets, tagTileByteCounts
	}
	if f.blocks != nil {
		fields = append(fields, long(offTag, offs...), long(countTag, counts...))
	}
	slices.SortFunc(fields, func(a, b field) int { return int(a.tag) - int(b.tag) })
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	ifdOff := len(out)
	if f.bigTIFF {
		copy(out, "II+\x00\x08\x00\x00\x00")
		if bo == byteOrder(binary.BigEndian) {
			copy(out, "MM\x00+\x00\x08\x00\x00")
		}
		bo.PutUint64(out[8:], uint64(ifdOff))
	} else {
		copy(out, "II*\x00")
		if bo == byteOrder(binary.BigEndian) {
			copy(out, "MM\x00*")
		}
		bo.PutUint32(out[4:], uint32(ifdOff))
	}
	countSize, entrySize, valSize := 2, 12, 4
	if f.bigTIFF {
		countSize, entrySize, valSize = 8, 20, 8
	}
	valuesOff := ifdOff + countSize + len(fields)*entrySize + valSize
	ifd := make([]byte, valuesOff-ifdOff)
	if f.bigTIFF {
		bo.PutUint64(ifd, uint64(len(fields)))
	} else {
		bo.PutUint16(ifd, uint16(len(fields)))
	}
	var values []byte
	for i, fd := range fields {
		e := ifd[countSize+i*entrySize:]
		bo.PutUint16(e, fd.tag)
		bo.PutUint16(e[2:], fd.typ)
		data := fd.raw
		n := len(fd.raw)
		if fd.raw == nil {
			n = len(fd.vals)
			for _, v := range fd.vals {
				switch fd.typ {
				case typeByte:
					data = append(data, byte(v))
				case typeShort:
					data = bo.AppendUint16(data, uint16(v))
				case typeLong:
					data = bo.AppendUint32(data, uint32(v))
				}
			}
		}
		var at []byte
		if f.bigTIFF {
			bo.PutUint64(e[4:], uint64(n))
			at = e[12:20]
		} else {
			bo.PutUint32(e[4:], uint32(n))
			at = e[8:12]
		}
		if len(data) <= valSize {
			copy(at, data)
			continue
		}
		o := uint64(valuesOff + len(values))
		if f.bigTIFF {
			bo.PutUint64(at, o)
		} else {
			bo.PutUint32(at, uint32(o))
		}
		values = append(values, data...)
		if len(values)%2 == 1 {
			values = append(values, 0)
		}
	}
	out = append(out, ifd...)
	return append(out, values...)
}

// basic returns the fields of a w x h image of spp samples of bps bits
// with the given photometric interpretation, uncompressed.
func basic(w, h, photometric, spp, bps int) []field {
	bpsv := make([]uint64, spp)
	for i := range bpsv {
		bpsv[i] = uint64(bps)
	}
	return []field{
		long(tagImageWidth, uint64(w)), long(tagImageLength, uint64(h)),
		short(tagBitsPerSample, bpsv...), short(tagCompression, compNone),
		short(tagPhotometric, uint64(photometric)), short(tagSamplesPerPixel, uint64(spp)),
		long(tagRowsPerStrip, uint64(h)),
	}
}

// with returns fields with f replacing the field of its tag, or added.
func with(fields []field, fs ...field) []field {
	out := slices.Clone(fields)
	for _, f := range fs {
		i := slices.IndexFunc(out, func(g field) bool { return g.tag == f.tag })
		if i >= 0 {
			out[i] = f
		} else {
			out = append(out, f)
		}
	}
	return out
}
