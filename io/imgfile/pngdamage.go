package imgfile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
)

// damagedPNG returns what can be decoded of a PNG whose pixel data is
// truncated or damaged part-way: the rows that inflate whole, and below
// them copies of the last of them (each missing row is stored as filter
// Up with zero differences, which repeats the row above exactly, at any
// bit depth). It returns nil for an interlaced PNG (its passes spread the
// rows that could be decoded over the whole image), a PNG with no whole
// row, or one whose header cannot be read. The chunks before the first
// IDAT are kept, so the palette and transparency are the file's.
func damagedPNG(data []byte) image.Image {
	const sig = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(data, []byte(sig)) {
		return nil
	}
	var head, idat []byte
	var w, h, rowBytes int
	for p := len(sig); p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		end := p + 12 + n
		if n < 0 || end > len(data) || end < p {
			if typ == "IDAT" && p+8 < len(data) {
				idat = append(idat, data[p+8:min(len(data), p+8+n)]...) // a truncated IDAT
			}
			break
		}
		switch typ {
		case "IHDR":
			if n < 13 {
				return nil
			}
			c := data[p+8 : p+8+13]
			w, h = int(binary.BigEndian.Uint32(c)), int(binary.BigEndian.Uint32(c[4:]))
			if c[12] != 0 || w <= 0 || h <= 0 { // interlaced, or no pixels
				return nil
			}
			channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[c[9]]
			if channels == 0 {
				return nil
			}
			rowBytes = (w*channels*int(c[8]) + 7) / 8
			head = append(head, data[p:end]...)
		case "IDAT":
			idat = append(idat, data[p+8:p+8+n]...)
		case "IEND":
		default:
			if idat == nil {
				head = append(head, data[p:end]...)
			}
		}
		p = end
	}
	if rowBytes == 0 || rowBytes > 1<<28 || len(head) == 0 {
		return nil
	}
	stride := rowBytes + 1
	raw := make([]byte, 0, min(h*stride, 64<<20))
	if zr, err := zlib.NewReader(bytes.NewReader(idat)); err == nil {
		buf := make([]byte, 32<<10)
		for len(raw) < h*stride {
			k, err := zr.Read(buf[:min(len(buf), h*stride-len(raw))])
			raw = append(raw, buf[:k]...)
			if err != nil {
				break
			}
		}
	}
	rows := len(raw) / stride
	for y := range rows {
		if raw[y*stride] > 4 { // no such filter: the data is damaged from here
			rows = y
			break
		}
	}
	if rows == 0 {
		return nil
	}
	raw = raw[:rows*stride]
	up := make([]byte, stride)
	up[0] = 2 // filter Up, no differences: the row above
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zw.Write(raw)
	for range h - rows {
		zw.Write(up)
	}
	zw.Close()
	var out bytes.Buffer
	out.WriteString(sig)
	out.Write(head)
	writeChunk(&out, "IDAT", z.Bytes())
	writeChunk(&out, "IEND", nil)
	img, err := png.Decode(&out)
	if err != nil {
		return nil
	}
	return img
}

// writeChunk writes a PNG chunk.
func writeChunk(w io.Writer, typ string, p []byte) {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(p)))
	copy(hdr[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(p)
	w.Write(hdr[:])
	w.Write(p)
	binary.Write(w, binary.BigEndian, crc.Sum32())
}
