package tiffdec

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"

	"golang.org/x/image/ccitt"
	"golang.org/x/image/tiff/lzw"
)

// samples holds every sample of the image, spp a pixel, row by row: in b8
// when the samples are unsigned of at most 8 bits, as stored (a grey
// level of 4 bits is 0 to 15); otherwise in b16, scaled to 16 bits.
type samples struct {
	w, h, spp int
	b8        []uint8
	b16       []uint16
}

// blockReader reads the stored bytes of the blocks. In a valid file the
// blocks do not overlap; in a hostile one, many blocks may count the same
// megabytes. So a block's bytes end where the next block (by offset)
// starts, and the bytes at an offset that several blocks share are read
// once: reading all the blocks costs no more than the file's size.
type blockReader struct {
	r      io.ReaderAt
	size   int64
	starts []uint64                // the blocks' offsets, sorted, each once
	shared map[uint64]*sharedBytes // the offsets of more than one block
}

// sharedBytes are the bytes at an offset that several blocks share.
type sharedBytes struct {
	count uint64 // the largest of their byte counts
	raw   []byte // nil until read
}

// newBlockReader returns the blockReader of the image's blocks in the file
// r of size bytes.
func (l *layout) newBlockReader(r io.ReaderAt, size int64) *blockReader {
	n := l.across * l.down
	if l.planar {
		n *= l.spp
	}
	br := &blockReader{r: r, size: size, starts: slices.Sorted(slices.Values(l.offsets[:n]))}
	for i := 1; i < len(br.starts); i++ {
		if br.starts[i] == br.starts[i-1] {
			br.shared = map[uint64]*sharedBytes{}
			break
		}
	}
	br.starts = slices.Compact(br.starts)
	if br.shared != nil {
		seen := make(map[uint64]uint64, len(br.starts)) // offset: a count
		for i, off := range l.offsets[:n] {
			if c, ok := seen[off]; ok {
				sb := br.shared[off]
				if sb == nil {
					sb = &sharedBytes{count: c}
					br.shared[off] = sb
				}
				sb.count = max(sb.count, l.counts[i])
			}
			seen[off] = l.counts[i]
		}
	}
	return br
}

// readBlock returns the stored bytes of block i, bits reversed in each
// byte for FillOrder 2, and whether other blocks share them (they must
// not be changed then). Bytes counted past the end of the file are left
// for the decompressor to miss.
func (l *layout) readBlock(br *blockReader, i int) ([]byte, bool, error) {
	off, n := l.offsets[i], l.counts[i]
	if off >= uint64(br.size) {
		return nil, false, truncated(fmt.Sprintf("strip or tile %d at offset %d of a %d-byte file", i, off, br.size), nil)
	}
	sb := br.shared[off]
	if sb != nil && sb.raw != nil {
		return sb.raw[:min(uint64(len(sb.raw)), n)], true, nil
	}
	read := n
	if sb != nil {
		read = sb.count
	}
	read = min(read, uint64(br.size)-off)
	if j, _ := slices.BinarySearch(br.starts, off); j+1 < len(br.starts) {
		read = min(read, br.starts[j+1]-off)
	}
	raw := make([]byte, read)
	if _, err := br.r.ReadAt(raw, int64(off)); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, truncated(fmt.Sprintf("strip or tile %d", i), err)
	}
	if l.fillOrder2 {
		for j, b := range raw {
			raw[j] = bits.Reverse8(b)
		}
	}
	if sb == nil {
		return raw, false, nil
	}
	sb.raw = raw
	return raw[:min(uint64(len(raw)), n)], true, nil
}

// decompress returns one block's first rows rows, decompressed:
// l.rowBytes() bytes a row.
func (l *layout) decompress(raw []byte, rows int) ([]byte, error) {
	want := l.rowBytes() * rows
	var src io.Reader
	switch l.compression {
	case compNone:
		if len(raw) < want {
			return nil, truncated("uncompressed strip or tile", nil)
		}
		return raw[:want], nil
	case compPackBits:
		return unpackBits(raw, want)
	case compLZW:
		src = lzw.NewReader(bytes.NewReader(raw), lzw.MSB, 8)
	case compDeflate, compDeflateOld:
		z, err := zlib.NewReader(bytes.NewReader(raw))
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, truncated("Deflate stream", err)
		} else if err != nil {
			return nil, corruptf("Deflate stream: %v", err)
		}
		src = z
	case compLZMA:
		x, err := xzReader(raw, want)
		if err != nil {
			return nil, err
		}
		src = x
	case compRLE:
		return decodeMH(raw, l.blockW, rows, l.photometric == pWhiteIsZero)
	case compG3, compG4:
		sf := ccitt.Group3
		if l.compression == compG4 {
			sf = ccitt.Group4
		}
		if l.compression == compG3 && l.t4Options&4 != 0 {
			raw = dropFillBits(raw)
		}
		opts := &ccitt.Options{Invert: l.photometric == pWhiteIsZero}
		src = ccitt.NewReader(bytes.NewReader(raw), ccitt.MSB, sf, l.blockW, rows, opts)
	default:
		return nil, unsupportedf("compression %d", l.compression)
	}
	out := make([]byte, want)
	if _, err := io.ReadFull(src, out); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, truncated("compressed strip or tile", err)
		}
		return nil, corruptf("compressed strip or tile: %v", err)
	}
	return out, nil
}

// dropFillBits returns Group 3 data with the fill bits before each EOL
// removed: every run of more than 11 zero bits followed by a one becomes
// the EOL code itself, 11 zeros and a one, which is all
// golang.org/x/image/ccitt takes. No code word holds 11 zeros in a row.
func dropFillBits(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	var acc byte
	n := 0
	put := func(bit byte) {
		acc = acc<<1 | bit
		if n++; n == 8 {
			out, acc, n = append(out, acc), 0, 0
		}
	}
	zeros := 0
	for _, b := range raw {
		for i := 7; i >= 0; i-- {
			if b>>i&1 == 0 {
				zeros++
				continue
			}
			for range min(zeros, 11) {
				put(0)
			}
			zeros = 0
			put(1)
		}
	}
	for range zeros {
		put(0)
	}
	if n > 0 {
		out = append(out, acc<<(8-n))
	}
	return out
}

// unpackBits decodes PackBits data into want bytes.
func unpackBits(raw []byte, want int) ([]byte, error) {
	out := make([]byte, 0, want)
	for i := 0; len(out) < want; {
		if i >= len(raw) {
			return nil, truncated("PackBits strip or tile", nil)
		}
		n := int(int8(raw[i]))
		i++
		switch {
		case n >= 0:
			if i+n+1 > len(raw) {
				return nil, truncated("PackBits strip or tile", nil)
			}
			out = append(out, raw[i:i+n+1]...)
			i += n + 1
		case n != -128:
			if i >= len(raw) {
				return nil, truncated("PackBits strip or tile", nil)
			}
			for range 1 - n {
				out = append(out, raw[i])
			}
			i++
		}
	}
	return out[:want], nil
}

// unpredict undoes the predictor on a block's rows, in place, and returns
// the byte order its samples are then in.
func (l *layout) unpredict(b []byte, rows int, bo binary.ByteOrder) binary.ByteOrder {
	rb := l.rowBytes()
	n := l.samplesPerPlane()
	switch l.predictor {
	case 2:
		for y := range rows {
			row := b[y*rb : (y+1)*rb]
			switch l.bps {
			case 8:
				for i := n; i < len(row); i++ {
					row[i] += row[i-n]
				}
			case 16:
				for i := 2 * n; i+1 < len(row); i += 2 {
					bo.PutUint16(row[i:], bo.Uint16(row[i:])+bo.Uint16(row[i-2*n:]))
				}
			case 32:
				for i := 4 * n; i+3 < len(row); i += 4 {
					bo.PutUint32(row[i:], bo.Uint32(row[i:])+bo.Uint32(row[i-4*n:]))
				}
			}
		}
	case 3:
		// Bytes differenced across the row, most significant bytes of all
		// samples first: undone, the samples are big-endian.
		bps := l.bps / 8
		wc := l.blockW * n
		tmp := make([]byte, wc*bps)
		for y := range rows {
			row := b[y*rb:][:wc*bps]
			for i := n; i < len(row); i++ {
				row[i] += row[i-n]
			}
			copy(tmp, row)
			for c := range wc {
				for j := range bps {
					row[c*bps+j] = tmp[j*wc+c]
				}
			}
		}
		return binary.BigEndian
	}
	return bo
}
