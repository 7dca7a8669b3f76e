package imgfile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"regexp"
	"strconv"
)

// Metadata is what an image file says about itself beyond its pixels and
// colour profile, as augpipe carries it into an output when asked to: the
// EXIF, XMP and IPTC of a JPEG (APP1 Exif, APP1 XMP, the IPTC-NAA record
// of APP13), of a PNG (eXIf, the iTXt XML:com.adobe.xmp) or of a WebP
// (EXIF, XMP). A part that is absent is nil.
type Metadata struct {
	// EXIF is the EXIF TIFF structure: what follows "Exif\0\0" in APP1.
	EXIF []byte
	// XMP is the XMP packet (extended XMP, split over more segments, is
	// not read).
	XMP []byte
	// IPTC is the IPTC-NAA record, Photoshop image resource 0x0404 (the
	// other resources, which can hold a thumbnail, are not kept).
	IPTC []byte
}

const (
	exifHeader = "Exif\x00\x00"
	xmpHeader  = "http://ns.adobe.com/xap/1.0/\x00"
	psHeader   = "Photoshop 3.0\x00"
	// segmentMax is the most payload one JPEG marker segment holds.
	segmentMax = 65535 - 2
)

// metadataOf reads the metadata of an image file of the given format. It
// never panics on malformed data; what it cannot read is left out.
func metadataOf(format string, data []byte) Metadata {
	var m Metadata
	switch format {
	case "jpeg":
		var ps []byte
		jpegSegments(data, func(marker byte, seg []byte) bool {
			switch {
			case marker == 0xE1 && m.EXIF == nil && bytes.HasPrefix(seg, []byte(exifHeader)):
				m.EXIF = bytes.Clone(seg[len(exifHeader):])
			case marker == 0xE1 && m.XMP == nil && bytes.HasPrefix(seg, []byte(xmpHeader)):
				m.XMP = bytes.Clone(seg[len(xmpHeader):])
			case marker == 0xED && bytes.HasPrefix(seg, []byte(psHeader)):
				ps = append(ps, seg[len(psHeader):]...)
			}
			return true
		})
		m.IPTC = iptcOf(ps)
	case "png":
		pngChunks(data, func(typ string, c []byte) bool {
			switch typ {
			case "eXIf":
				m.EXIF = bytes.Clone(c)
			case "iTXt":
				if x := pngXMP(c); x != nil {
					m.XMP = x
				}
			}
			return true
		})
	case "webp":
		webpChunks(data, func(fourcc string, c []byte) bool {
			switch fourcc {
			case "EXIF":
				m.EXIF = bytes.Clone(bytes.TrimPrefix(c, []byte(exifHeader)))
			case "XMP ":
				m.XMP = bytes.Clone(c)
			}
			return true
		})
	}
	return m
}

// pngXMP returns the text of an iTXt chunk whose keyword is
// XML:com.adobe.xmp, inflated when compressed, or nil.
func pngXMP(c []byte) []byte {
	const key = "XML:com.adobe.xmp\x00"
	if !bytes.HasPrefix(c, []byte(key)) || len(c) < len(key)+2 {
		return nil
	}
	compressed := c[len(key)] == 1
	rest := c[len(key)+2:]
	for range 2 { // the language tag and the translated keyword
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return nil
		}
		rest = rest[i+1:]
	}
	if !compressed {
		return bytes.Clone(rest)
	}
	zr, err := zlib.NewReader(bytes.NewReader(rest))
	if err != nil {
		return nil
	}
	defer zr.Close()
	text, err := io.ReadAll(io.LimitReader(zr, segmentMax+1))
	if err != nil {
		return nil
	}
	return text
}

// iptcOf returns the data of resource 0x0404 (IPTC-NAA) in Photoshop image
// resource blocks, or nil.
func iptcOf(ps []byte) []byte {
	for len(ps) >= 12 && string(ps[:4]) == "8BIM" {
		id := binary.BigEndian.Uint16(ps[4:])
		nameLen := int(ps[6])
		p := 6 + 1 + nameLen
		p += p % 2 // the name (a Pascal string) is padded to an even length
		if p+4 > len(ps) {
			return nil
		}
		size := int(binary.BigEndian.Uint32(ps[p:]))
		p += 4
		if size < 0 || size > len(ps)-p {
			return nil
		}
		if id == 0x0404 {
			return bytes.Clone(ps[p : p+size])
		}
		ps = ps[p+size+size%2:]
	}
	return nil
}

// XMP properties EmbedMetadata makes true of the output.
var (
	xmpOrientation = regexp.MustCompile(`(tiff:Orientation(?:="|='|>))[0-9]+`)
	xmpPixelX      = regexp.MustCompile(`(exif:PixelXDimension(?:="|='|>))[0-9]+`)
	xmpPixelY      = regexp.MustCompile(`(exif:PixelYDimension(?:="|='|>))[0-9]+`)
)

// EmbedMetadata returns the JPEG file out with m inserted after its SOI
// marker, for an output of w x h upright pixels: the EXIF rewritten by
// RewriteEXIF (orientation 1, the output's pixel dimensions, no
// thumbnail) in an APP1 segment, the XMP in another with the same
// properties set where it states them (tiff:Orientation,
// exif:PixelXDimension, exif:PixelYDimension), the IPTC record in an APP13
// segment. A part that is malformed or too large for one segment is left
// out; out is returned unchanged when nothing is left.
func EmbedMetadata(out []byte, m Metadata, w, h int) []byte {
	if len(out) < 2 || out[0] != 0xFF || out[1] != 0xD8 {
		return out
	}
	var segs []byte
	add := func(marker byte, header string, payload []byte) {
		if payload == nil || len(header)+len(payload) > segmentMax {
			return
		}
		segs = append(segs, 0xFF, marker)
		segs = binary.BigEndian.AppendUint16(segs, uint16(2+len(header)+len(payload)))
		segs = append(segs, header...)
		segs = append(segs, payload...)
	}
	if m.EXIF != nil {
		add(0xE1, exifHeader, RewriteEXIF(m.EXIF, w, h))
	}
	if m.XMP != nil {
		x := xmpOrientation.ReplaceAll(m.XMP, []byte("${1}1"))
		x = xmpPixelX.ReplaceAll(x, []byte("${1}"+strconv.Itoa(w)))
		x = xmpPixelY.ReplaceAll(x, []byte("${1}"+strconv.Itoa(h)))
		add(0xE1, xmpHeader, x)
	}
	if m.IPTC != nil {
		var irb []byte
		irb = append(irb, "8BIM\x04\x04\x00\x00"...) // resource 0x0404, an empty name
		irb = binary.BigEndian.AppendUint32(irb, uint32(len(m.IPTC)))
		irb = append(irb, m.IPTC...)
		if len(m.IPTC)%2 != 0 {
			irb = append(irb, 0)
		}
		add(0xED, psHeader, irb)
	}
	if segs == nil {
		return out
	}
	res := make([]byte, 0, len(out)+len(segs))
	res = append(res, out[:2]...)
	res = append(res, segs...)
	return append(res, out[2:]...)
}
