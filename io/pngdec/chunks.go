package pngdec

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/color"
)

const signature = "\x89PNG\r\n\x1a\n"

// Decoding stages: the chunks seen so far, in the order the PNG
// specification requires (IHDR, PLTE, tRNS, IDAT..., IEND), as image/png
// counts them.
const (
	stStart = iota
	stIHDR
	stPLTE
	stTRNS
	stIDAT
	stIEND
)

// chunks walks data's chunks up to IEND, checking each one's CRC and the
// order image/png requires, fills in h from IHDR, PLTE and tRNS, and
// returns the zlib stream: the data of the first run of consecutive IDAT
// chunks (later IDAT chunks are ignored, as image/png ignores them).
func (d *Decoder) chunks(data []byte, h *header) ([]byte, error) {
	if len(data) < len(signature) || string(data[:len(signature)]) != signature {
		return nil, formatError("not a PNG file")
	}
	p := data[len(signature):]
	stage := stStart
	var z []byte
	nIDAT := 0
	d.idat = d.idat[:0]
	inRun := false // the previous chunk was an IDAT of the first run
	for stage != stIEND {
		if len(p) < 8 {
			return nil, formatError("truncated PNG file: chunk header missing")
		}
		length := binary.BigEndian.Uint32(p)
		typ := string(p[4:8])
		if length > 0x7fffffff {
			return nil, formatError(fmt.Sprintf("chunk %q of length %d", typ, length))
		}
		if int64(len(p)) < 12+int64(length) {
			return nil, formatError(fmt.Sprintf("truncated PNG file: chunk %q cut short", typ))
		}
		body := p[8 : 8+length]
		if crc32.ChecksumIEEE(p[4:8+length]) != binary.BigEndian.Uint32(p[8+length:]) {
			return nil, formatError(fmt.Sprintf("chunk %q: invalid checksum", typ))
		}
		p = p[12+length:]
		wasRun := inRun
		inRun = false
		switch typ {
		case "IHDR":
			if stage != stStart {
				return nil, formatError("chunk out of order: IHDR")
			}
			stage = stIHDR
			if err := parseIHDR(body, h); err != nil {
				return nil, err
			}
		case "PLTE":
			if stage != stIHDR {
				return nil, formatError("chunk out of order: PLTE")
			}
			stage = stPLTE
			if err := parsePLTE(body, h); err != nil {
				return nil, err
			}
		case "tRNS":
			switch {
			case h.colorType == ctPaletted && stage >= stIHDR:
				if stage != stPLTE {
					return nil, formatError("chunk out of order: tRNS")
				}
			case h.colorType == ctTrueColor && stage >= stIHDR:
				if stage != stIHDR && stage != stPLTE {
					return nil, formatError("chunk out of order: tRNS")
				}
			default:
				if stage != stIHDR {
					return nil, formatError("chunk out of order: tRNS")
				}
			}
			stage = stTRNS
			if err := parseTRNS(body, h); err != nil {
				return nil, err
			}
		case "IDAT":
			if stage < stIHDR || (stage == stIHDR && h.colorType == ctPaletted) {
				return nil, formatError("chunk out of order: IDAT")
			}
			if stage == stIDAT && !wasRun {
				break // a later run: ignored
			}
			stage = stIDAT
			inRun = true
			nIDAT++
			if nIDAT == 1 {
				z = body
			} else {
				if nIDAT == 2 {
					d.idat = append(d.idat, z...)
				}
				d.idat = append(d.idat, body...)
				z = d.idat
			}
		case "IEND":
			if stage != stIDAT {
				return nil, formatError("chunk out of order: IEND")
			}
			if length != 0 {
				return nil, formatError("bad IEND length")
			}
			stage = stIEND
		}
	}
	return z, nil
}

// parseIHDR reads the header chunk as image/png does.
func parseIHDR(b []byte, h *header) error {
	if len(b) != 13 {
		return formatError("bad IHDR length")
	}
	if b[10] != 0 {
		return formatError("unsupported compression method")
	}
	if b[11] != 0 {
		return formatError("unsupported filter method")
	}
	if b[12] > 1 {
		return formatError("invalid interlace method")
	}
	w := int32(binary.BigEndian.Uint32(b[0:4]))
	ht := int32(binary.BigEndian.Uint32(b[4:8]))
	if w <= 0 || ht <= 0 {
		return formatError("non-positive dimension")
	}
	h.width, h.height = int(w), int(ht)
	h.depth, h.colorType, h.interlace = int(b[8]), int(b[9]), int(b[12])
	ok := false
	switch h.depth {
	case 1, 2, 4:
		ok = h.colorType == ctGray || h.colorType == ctPaletted
	case 8:
		ok = h.colorType == ctGray || h.colorType == ctTrueColor || h.colorType == ctPaletted ||
			h.colorType == ctGrayAlpha || h.colorType == ctRGBA
	case 16:
		ok = h.colorType == ctGray || h.colorType == ctTrueColor || h.colorType == ctGrayAlpha || h.colorType == ctRGBA
	}
	if !ok {
		h.colorType = -1 // no valid colour type: later chunks see none
		return formatError(fmt.Sprintf("unsupported bit depth %d, color type %d", b[8], b[9]))
	}
	return nil
}

// parsePLTE reads the palette as image/png does: entries beyond PLTE's
// are opaque black.
func parsePLTE(b []byte, h *header) error {
	np := len(b) / 3
	if len(b)%3 != 0 || np <= 0 || np > 256 || np > 1<<uint(h.depth) {
		return formatError("bad PLTE length")
	}
	switch h.colorType {
	case ctPaletted:
		for i := range h.palette {
			h.palette[i] = color.RGBA{0, 0, 0, 0xff}
		}
		for i := 0; i < np; i++ {
			h.palette[i] = color.RGBA{b[3*i], b[3*i+1], b[3*i+2], 0xff}
		}
		h.nPalette = np
	case ctTrueColor, ctRGBA:
		// Optional for these colour types, and ignored.
	default:
		return formatError("PLTE, color type mismatch")
	}
	return nil
}

// parseTRNS reads the transparency chunk as image/png does.
func parseTRNS(b []byte, h *header) error {
	switch h.colorType {
	case ctGray:
		if len(b) != 2 {
			return formatError("bad tRNS length")
		}
		copy(h.transparent[:], b)
		switch h.depth {
		case 1:
			h.transparent[1] *= 0xff
		case 2:
			h.transparent[1] *= 0x55
		case 4:
			h.transparent[1] *= 0x11
		}
		h.trns = true
	case ctTrueColor:
		if len(b) != 6 {
			return formatError("bad tRNS length")
		}
		copy(h.transparent[:], b)
		h.trns = true
	case ctPaletted:
		if len(b) > 256 {
			return formatError("bad tRNS length")
		}
		for i, a := range b {
			c := h.palette[i].(color.RGBA)
			h.palette[i] = color.NRGBA{c.R, c.G, c.B, a}
		}
		h.nTRNS = len(b)
	default:
		return formatError("tRNS, color type mismatch")
	}
	return nil
}
