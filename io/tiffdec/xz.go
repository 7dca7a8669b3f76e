package tiffdec

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/ulikunitz/xz/lzma"
)

// xzReader returns a reader of the first block of an xz stream, as
// libtiff's LZMA codec writes one a strip or tile: LZMA2, after a delta
// filter or not (github.com/ulikunitz/xz's own xz reader does not take a
// delta filter). want is how many bytes the block holds: the dictionary
// is no larger, whatever the stream declares.
func xzReader(raw []byte, want int) (io.Reader, error) {
	if len(raw) < 12 || !bytes.HasPrefix(raw, []byte("\xfd7zXZ\x00")) {
		return nil, corruptf("LZMA strip or tile without an xz stream header")
	}
	b := raw[12:]
	if len(b) < 1 || b[0] == 0 {
		return nil, corruptf("xz stream without a block")
	}
	size := (int(b[0]) + 1) * 4
	if len(b) < size {
		return nil, truncated("xz block header", nil)
	}
	h := b[1:size]
	flags := h[0]
	h = h[1:]
	vli := func() uint64 {
		v, n := binary.Uvarint(h)
		if n <= 0 {
			h = nil
			return 0
		}
		h = h[n:]
		return v
	}
	if flags&0x40 != 0 {
		vli()
	}
	if flags&0x80 != 0 {
		vli()
	}
	// The filters: a delta filter or none, then LZMA2, the last.
	delta := 0
	last := int(flags & 3)
	for i := range last + 1 {
		id, n := vli(), vli()
		if h == nil || uint64(len(h)) < n {
			return nil, corruptf("xz filter flags")
		}
		props := h[:n]
		h = h[n:]
		switch {
		case id == 3 && n == 1 && i < last && delta == 0:
			delta = int(props[0]) + 1
		case id == 0x21 && n == 1 && i == last:
			if props[0] > 40 {
				return nil, corruptf("xz LZMA2 dictionary size %d", props[0])
			}
		default:
			return nil, unsupportedf("LZMA filter %#x", id)
		}
	}
	cfg := lzma.Reader2Config{DictCap: max(want, lzma.MinDictCap)}
	r, err := cfg.NewReader2(bytes.NewReader(b[size:]))
	if err != nil {
		return nil, corruptf("LZMA2 stream: %v", err)
	}
	if delta == 0 {
		return r, nil
	}
	return &deltaReader{r: r, dist: delta, hist: make([]byte, delta)}, nil
}

// deltaReader undoes xz's delta filter of distance dist.
type deltaReader struct {
	r    io.Reader
	dist int
	hist []byte // the last dist bytes out, in a ring
	pos  int
}

func (d *deltaReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	for i := range p[:n] {
		j := d.pos % d.dist
		p[i] += d.hist[j]
		d.hist[j] = p[i]
		d.pos++
	}
	return n, err
}
