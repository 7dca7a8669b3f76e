package imgfile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
)

// maxICCSize bounds an ICC profile augpipe will carry: what fits in 255
// JPEG APP2 chunks. Larger profiles (none are seen in practice) are dropped.
const maxICCSize = 255 * iccChunkMax

// iccChunkMax is the most profile bytes one APP2 segment holds: 65535 less
// the length field (2) and the ICC_PROFILE header (12 + sequence + count).
const iccChunkMax = 65535 - 2 - len(iccMagic) - 2

const iccMagic = "ICC_PROFILE\x00"

// iccProfile returns the embedded ICC colour profile of an image file of
// the given format: APP2 ICC_PROFILE segments of a JPEG, the iCCP chunk of
// a PNG, the ICCP chunk of a WebP. It returns nil when there is none or
// when it is malformed (missing or repeated chunks, bad compression, not
// an ICC profile). It never panics on malformed data.
func iccProfile(format string, data []byte) []byte {
	var p []byte
	switch format {
	case "jpeg":
		p = jpegICC(data)
	case "png":
		p = pngICC(data)
	case "webp":
		webpChunks(data, func(fourcc string, c []byte) bool {
			if fourcc == "ICCP" {
				p = bytes.Clone(c)
				return false
			}
			return true
		})
	}
	if !validICC(p) {
		return nil
	}
	return p
}

// jpegICC joins the APP2 ICC_PROFILE chunks in sequence order.
func jpegICC(data []byte) []byte {
	var chunks [][]byte
	ok := true
	jpegSegments(data, func(marker byte, seg []byte) bool {
		if marker != 0xE2 || !bytes.HasPrefix(seg, []byte(iccMagic)) {
			return true
		}
		if len(seg) < len(iccMagic)+2 {
			ok = false
			return false
		}
		seq, count := int(seg[len(iccMagic)]), int(seg[len(iccMagic)+1])
		if chunks == nil {
			if count == 0 {
				ok = false
				return false
			}
			chunks = make([][]byte, count)
		}
		if count != len(chunks) || seq < 1 || seq > count || chunks[seq-1] != nil {
			ok = false
			return false
		}
		chunks[seq-1] = seg[len(iccMagic)+2:]
		return true
	})
	if !ok || chunks == nil {
		return nil
	}
	var out []byte
	for _, c := range chunks {
		if c == nil {
			return nil
		}
		out = append(out, c...)
	}
	return out
}

// pngICC inflates the iCCP chunk: a name, a NUL, method 0, zlib data.
func pngICC(data []byte) []byte {
	var p []byte
	pngChunks(data, func(typ string, c []byte) bool {
		if typ != "iCCP" {
			return true
		}
		nul := bytes.IndexByte(c, 0)
		if nul < 1 || nul > 79 || nul+2 > len(c) || c[nul+1] != 0 {
			return false
		}
		zr, err := zlib.NewReader(bytes.NewReader(c[nul+2:]))
		if err != nil {
			return false
		}
		defer zr.Close()
		b, err := io.ReadAll(io.LimitReader(zr, int64(maxICCSize)+1))
		if err == nil {
			p = b
		}
		return false
	})
	return p
}

// validICC checks the profile header: the declared size matches, and the
// 'acsp' signature is in place.
func validICC(p []byte) bool {
	return len(p) >= 128 && len(p) <= maxICCSize &&
		int64(binary.BigEndian.Uint32(p)) == int64(len(p)) &&
		string(p[36:40]) == "acsp"
}

// iccColourSpace is the profile's data colour space, such as "RGB " or
// "GRAY" or "CMYK".
func iccColourSpace(p []byte) string {
	if len(p) < 20 {
		return ""
	}
	return string(p[16:20])
}

// EmbedICC returns the JPEG file out with the ICC profile inserted right
// after its SOI marker, as APP2 ICC_PROFILE segments of at most 65519
// profile bytes each, numbered from 1 with the total count. The profile is
// carried only when it describes the colour space the JPEG is in (an RGB
// profile for a 3-component JPEG, a gray one for a 1-component JPEG);
// otherwise, and when profile is nil, out is returned unchanged and
// embedded is false. A CMYK input's profile, for instance, would be wrong
// for the RGB output augpipe writes.
func EmbedICC(out, profile []byte) (res []byte, embedded bool) {
	if !validICC(profile) || len(out) < 2 || out[0] != 0xFF || out[1] != 0xD8 {
		return out, false
	}
	want := map[int]string{1: "GRAY", 3: "RGB "}[jpegComponents(out)]
	if want == "" || iccColourSpace(profile) != want {
		return out, false
	}
	count := (len(profile) + iccChunkMax - 1) / iccChunkMax
	res = make([]byte, 0, len(out)+len(profile)+count*(4+len(iccMagic)+2))
	res = append(res, out[:2]...)
	for seq := 1; seq <= count; seq++ {
		chunk := profile[(seq-1)*iccChunkMax : min(seq*iccChunkMax, len(profile))]
		res = append(res, 0xFF, 0xE2)
		res = binary.BigEndian.AppendUint16(res, uint16(2+len(iccMagic)+2+len(chunk)))
		res = append(res, iccMagic...)
		res = append(res, byte(seq), byte(count))
		res = append(res, chunk...)
	}
	return append(res, out[2:]...), true
}

// jpegComponents returns the number of components declared by a JPEG's
// start-of-frame segment, or 0.
func jpegComponents(data []byte) int {
	n := 0
	jpegSegments(data, func(marker byte, seg []byte) bool {
		isSOF := marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
		if isSOF && len(seg) >= 6 {
			n = int(seg[5])
			return false
		}
		return true
	})
	return n
}
