package tiffdec

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/bits"
	"strings"
	"testing"

	"github.com/ulikunitz/xz"

	"github.com/augpipe/augpipe/io/imgerr"
)

// The test image: w x h pixels, levels made from the position.
const w, h = 5, 3

func level(x, y, c int) int { return (x*5353 + y*2929 + c*7171) & 0xffff }

// packRows packs rows of samples of bps bits, each row starting on a
// byte, most significant bit first.
func packRows(rows [][]uint64, bps int, bo byteOrder) []byte {
	var out []byte
	for _, row := range rows {
		switch bps {
		case 8:
			for _, v := range row {
				out = append(out, byte(v))
			}
		case 16:
			for _, v := range row {
				out = bo.AppendUint16(out, uint16(v))
			}
		default:
			var acc uint64
			n := 0
			for _, v := range row {
				acc, n = acc<<bps|v, n+bps
				for n >= 8 {
					out, n = append(out, byte(acc>>(n-8))), n-8
				}
			}
			if n > 0 {
				out = append(out, byte(acc<<(8-n)))
			}
		}
	}
	return out
}

// samplesOf returns the test image's rows of spp interleaved samples of
// bps bits (plane c only when c >= 0).
func samplesOf(bps, spp, c int) [][]uint64 {
	rows := make([][]uint64, h)
	for y := range h {
		for x := range w {
			for s := range spp {
				if c >= 0 && s != c {
					continue
				}
				rows[y] = append(rows[y], uint64(level(x, y, s))&(1<<bps-1))
			}
		}
	}
	return rows
}

// expected builds the image a case should decode to, from a colour function.
func expected(f func(x, y int) color.Color) image.Image {
	m := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, f(x, y))
		}
	}
	return m
}

func scale8(v, bps int) uint8 {
	maxv := 1<<bps - 1
	return uint8((v*255 + maxv/2) / maxv)
}

type decodeCase struct {
	name string
	file []byte
	want image.Image
}

func greyCase(bps int, bo byteOrder) decodeCase {
	return decodeCase{
		name: "grey " + itoa(bps) + "-bit",
		file: file{bo: bo, fields: basic(w, h, pBlackIsZero, 1, bps), blocks: [][]byte{packRows(samplesOf(bps, 1, -1), bps, bo)}}.bytes(),
		want: expected(func(x, y int) color.Color {
			v := level(x, y, 0) & (1<<bps - 1)
			if bps > 8 {
				return color.Gray16{uint16((v*65535 + (1<<bps-1)/2) / (1<<bps - 1))}
			}
			return color.Gray{scale8(v, bps)}
		}),
	}
}

func itoa(n int) string {
	if n >= 10 {
		return itoa(n/10) + string(rune('0'+n%10))
	}
	return string(rune('0' + n))
}

func rgb8(x, y int) color.Color {
	return color.RGBA{uint8(level(x, y, 0)), uint8(level(x, y, 1)), uint8(level(x, y, 2)), 0xff}
}

func rgb16(x, y int) color.Color {
	return color.RGBA64{uint16(level(x, y, 0)), uint16(level(x, y, 1)), uint16(level(x, y, 2)), 0xffff}
}

// tiles cuts plane c (or all samples, c < 0) of the image into tw x th
// tiles of bps-bit samples, padded with zeros.
func tiles(tw, th, bps, spp, c int, bo byteOrder) [][]byte {
	var out [][]byte
	for ty := 0; ty < h; ty += th {
		for tx := 0; tx < w; tx += tw {
			rows := make([][]uint64, th)
			for y := range th {
				for x := range tw {
					for s := range spp {
						if c >= 0 && s != c {
							continue
						}
						v := uint64(0)
						if tx+x < w && ty+y < h {
							v = uint64(level(tx+x, ty+y, s)) & (1<<bps - 1)
						}
						rows[y] = append(rows[y], v)
					}
				}
			}
			out = append(out, packRows(rows, bps, bo))
		}
	}
	return out
}

func decodeCases() []decodeCase {
	le, be := binary.LittleEndian, binary.BigEndian
	var cases []decodeCase
	for _, bps := range []int{1, 2, 4, 8, 12, 16} {
		cases = append(cases, greyCase(bps, be))
	}
	cases = append(cases, decodeCase{
		name: "WhiteIsZero 8-bit",
		file: file{fields: basic(w, h, pWhiteIsZero, 1, 8), blocks: [][]byte{packRows(samplesOf(8, 1, -1), 8, le)}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray{255 - uint8(level(x, y, 0))} }),
	})
	cases = append(cases, decodeCase{
		name: "no PhotometricInterpretation: WhiteIsZero, as Pillow reads it",
		file: file{fields: basic(w, h, pWhiteIsZero, 1, 8)[:4], blocks: [][]byte{packRows(samplesOf(8, 1, -1), 8, le)}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray{255 - uint8(level(x, y, 0))} }),
	})
	fill2 := packRows(samplesOf(16, 1, -1), 16, le)
	for i, b := range fill2 {
		fill2[i] = bits.Reverse8(b)
	}
	cases = append(cases, decodeCase{
		name: "16-bit grey, FillOrder 2",
		file: file{fields: with(basic(w, h, pBlackIsZero, 1, 16), short(tagFillOrder, 2)), blocks: [][]byte{fill2}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray16{uint16(level(x, y, 0))} }),
	})
	// RGB in two strips, chunky; planar; tiled planar 16-bit.
	rows := samplesOf(8, 3, -1)
	cases = append(cases, decodeCase{
		name: "RGB 8-bit, two strips",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), long(tagRowsPerStrip, 2)),
			blocks: [][]byte{packRows(rows[:2], 8, le), packRows(rows[2:], 8, le)}}.bytes(),
		want: expected(rgb8),
	})
	var planes [][]byte
	for c := range 3 {
		planes = append(planes, packRows(samplesOf(8, 3, c), 8, le))
	}
	cases = append(cases, decodeCase{
		name: "RGB 8-bit planar",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), short(tagPlanarConfig, 2)), blocks: planes}.bytes(),
		want: expected(rgb8),
	})
	var tiled [][]byte
	for c := range 3 {
		tiled = append(tiled, tiles(16, 16, 16, 3, c, be)...)
	}
	cases = append(cases, decodeCase{
		name: "RGB 16-bit, tiled planar",
		file: file{bo: be, tiled: true, blocks: tiled, fields: with(basic(w, h, pRGB, 3, 16),
			short(tagPlanarConfig, 2), short(tagTileWidth, 16), short(tagTileLength, 16))}.bytes(),
		want: expected(rgb16),
	})
	var tiledA [][]byte
	for c := range 4 {
		tiledA = append(tiledA, tiles(16, 16, 16, 4, c, le)...)
	}
	cases = append(cases, decodeCase{
		name: "RGBA 16-bit unassociated, tiled planar",
		file: file{tiled: true, blocks: tiledA, fields: with(basic(w, h, pRGB, 4, 16),
			short(tagPlanarConfig, 2), short(tagTileWidth, 16), short(tagTileLength, 16), short(tagExtraSamples, 2))}.bytes(),
		want: expected(func(x, y int) color.Color {
			return color.NRGBA64{uint16(level(x, y, 0)), uint16(level(x, y, 1)), uint16(level(x, y, 2)), uint16(level(x, y, 3))}
		}),
	})
	cases = append(cases, decodeCase{
		name: "RGBA 8-bit associated",
		file: file{fields: with(basic(w, h, pRGB, 4, 8), short(tagExtraSamples, 1)), blocks: [][]byte{packRows(samplesOf(8, 4, -1), 8, le)}}.bytes(),
		want: expected(func(x, y int) color.Color {
			a := uint8(level(x, y, 3))
			return color.RGBA{min(uint8(level(x, y, 0)), a), min(uint8(level(x, y, 1)), a), min(uint8(level(x, y, 2)), a), a}
		}),
	})

	// Compression.
	raw := packRows(rows, 8, le)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	cases = append(cases, decodeCase{
		name: "RGB Deflate",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), short(tagCompression, compDeflate)), blocks: [][]byte{z.Bytes()}}.bytes(),
		want: expected(rgb8),
	})
	var pb []byte                 // PackBits: a run of the first byte, then literals
	pb = append(pb, 0xfe, raw[0]) // -2: three times
	for i := 3; i < len(raw); i += 128 {
		chunk := raw[i:min(i+128, len(raw))]
		pb = append(pb, byte(len(chunk)-1))
		pb = append(pb, chunk...)
	}
	packed := append([]byte{}, raw...)
	packed[1], packed[2] = raw[0], raw[0]
	cases = append(cases, decodeCase{
		name: "RGB PackBits",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), short(tagCompression, compPackBits)), blocks: [][]byte{pb}}.bytes(),
		want: expected(func(x, y int) color.Color {
			i := (y*w + x) * 3
			return color.RGBA{packed[i], packed[i+1], packed[i+2], 0xff}
		}),
	})
	var xzb bytes.Buffer
	xw, _ := xz.NewWriter(&xzb)
	xw.Write(raw)
	xw.Close()
	cases = append(cases, decodeCase{
		name: "RGB LZMA",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), short(tagCompression, compLZMA)), blocks: [][]byte{xzb.Bytes()}}.bytes(),
		want: expected(rgb8),
	})
	// CCITT Group 4: every row all white (vertical mode 0, one bit each).
	cases = append(cases, decodeCase{
		name: "CCITT Group 4 WhiteIsZero",
		file: file{fields: with(basic(w, h, pWhiteIsZero, 1, 1), short(tagCompression, compG4)), blocks: [][]byte{{0xe0}}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray{0xff} }),
	})
	// CCITT Group 3 1-D with fill bits: each row, 8 white pixels (10011),
	// ends with zeros and an EOL ending on a byte.
	g3 := []byte{0x00, 0x01, 0x98, 0x00, 0x01, 0x98, 0x00, 0x01, 0x98, 0x00, 0x01}
	cases = append(cases, decodeCase{
		name: "CCITT Group 3 with fill bits",
		file: file{fields: with(basic(8, 3, pWhiteIsZero, 1, 1), short(tagCompression, compG3), long(tagT4Options, 4)), blocks: [][]byte{g3}}.bytes(),
		want: &image.Gray{Rect: image.Rect(0, 0, 8, 3), Stride: 8, Pix: bytes.Repeat([]byte{0xff}, 24)},
	})
	// CCITT modified Huffman: a white row of 8 (10011), then white 2
	// (0111), black 3 (10), white 3 (1000), each row on its own bytes.
	cases = append(cases, decodeCase{
		name: "CCITT modified Huffman",
		file: file{fields: with(basic(8, 2, pWhiteIsZero, 1, 1), short(tagCompression, compRLE)), blocks: [][]byte{{0x98, 0x7a, 0x00}}}.bytes(),
		want: &image.Gray{Rect: image.Rect(0, 0, 8, 2), Stride: 8, Pix: []byte{
			255, 255, 255, 255, 255, 255, 255, 255,
			255, 255, 0, 0, 0, 255, 255, 255}},
	})
	// JPEG with its tables in JPEGTables.
	src := image.NewRGBA(image.Rect(0, 0, 16, 8))
	for y := range 8 {
		for x := range 16 {
			src.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 32), 128, 255})
		}
	}
	var jb bytes.Buffer
	jpeg.Encode(&jb, src, &jpeg.Options{Quality: 90})
	ref, _ := jpeg.Decode(bytes.NewReader(jb.Bytes()))
	tables, tile := splitJPEG(jb.Bytes())
	cases = append(cases, decodeCase{
		name: "YCbCr JPEG with JPEGTables",
		file: file{fields: with(basic(16, 8, pYCbCr, 3, 8), short(tagCompression, compJPEG), long(tagRowsPerStrip, 8),
			field{tag: tagJPEGTables, typ: typeUndef, raw: tables}), blocks: [][]byte{tile}}.bytes(),
		want: ref,
	})

	// Old-style JPEG holding a whole JFIF stream, at offset 8 (the first
	// block), with no SamplesPerPixel tag.
	cases = append(cases, decodeCase{
		name: "old-style JPEG with an interchange stream",
		file: file{fields: with(basic(16, 8, pYCbCr, 3, 8)[:5], short(tagCompression, compOJPEG), long(tagJPEGInterchange, 8)),
			blocks: [][]byte{jb.Bytes()}}.bytes(),
		want: ref,
	})

	// Predictors.
	pred := packRows(rows, 8, le)
	for y := range h {
		for i := len(pred)/h - 1; i >= 3; i-- {
			pred[y*w*3+i] -= pred[y*w*3+i-3]
		}
	}
	cases = append(cases, decodeCase{
		name: "RGB horizontal predictor",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), short(tagPredictor, 2)), blocks: [][]byte{pred}}.bytes(),
		want: expected(rgb8),
	})
	g16 := samplesOf(16, 1, -1)
	for y := range h {
		for x := w - 1; x > 0; x-- {
			g16[y][x] = (g16[y][x] - g16[y][x-1]) & 0xffff
		}
	}
	cases = append(cases, decodeCase{
		name: "16-bit grey horizontal predictor",
		file: file{bo: be, fields: with(basic(w, h, pBlackIsZero, 1, 16), short(tagPredictor, 2)), blocks: [][]byte{packRows(g16, 16, be)}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray16{uint16(level(x, y, 0))} }),
	})
	var fp []byte // float32 levels, floating-point predictor
	for y := range h {
		row := make([]byte, 4*w)
		for x := range w {
			u := math.Float32bits(float32(level(x, y, 0)%300) + 0.75)
			for j := range 4 {
				row[j*w+x] = byte(u >> (24 - 8*j))
			}
		}
		for i := len(row) - 1; i >= 1; i-- {
			row[i] -= row[i-1]
		}
		fp = append(fp, row...)
	}
	cases = append(cases, decodeCase{
		name: "float grey, floating-point predictor",
		file: file{fields: with(basic(w, h, pBlackIsZero, 1, 32), short(tagSampleFormat, fmtFloat), short(tagPredictor, 3)), blocks: [][]byte{fp}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray{uint8(min(level(x, y, 0)%300, 255))} }),
	})
	var s16 []byte
	for y := range h {
		for x := range w {
			s16 = le.AppendUint16(s16, uint16(int16(level(x, y, 0)%600-100)))
		}
	}
	cases = append(cases, decodeCase{
		name: "signed 16-bit grey",
		file: file{fields: with(basic(w, h, pBlackIsZero, 1, 16), short(tagSampleFormat, fmtInt)), blocks: [][]byte{s16}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray{uint8(max(0, min(level(x, y, 0)%600-100, 255)))} }),
	})

	// Palette, CMYK, Lab.
	cmap := make([]uint64, 3*16)
	for i := range 16 {
		cmap[i], cmap[16+i], cmap[32+i] = uint64(i)*4369, uint64(15-i)*4369, 0x8000
	}
	cases = append(cases, decodeCase{
		name: "4-bit palette",
		file: file{fields: with(basic(w, h, pPalette, 1, 4), short(tagColorMap, cmap...)), blocks: [][]byte{packRows(samplesOf(4, 1, -1), 4, le)}}.bytes(),
		want: expected(func(x, y int) color.Color {
			i := level(x, y, 0) & 15
			return color.RGBA{uint8(i * 17), uint8((15 - i) * 17), 0x80, 0xff}
		}),
	})
	cmap8 := make([]uint64, 3*256)
	for i := range 256 {
		cmap8[i], cmap8[256+i], cmap8[512+i] = uint64(i)*257, uint64(255-i)*257, 0
	}
	cases = append(cases, decodeCase{
		name: "8-bit palette with alpha",
		file: file{fields: with(basic(w, h, pPalette, 2, 8), short(tagColorMap, cmap8...), short(tagExtraSamples, 2)), blocks: [][]byte{packRows(samplesOf(8, 2, -1), 8, le)}}.bytes(),
		want: expected(func(x, y int) color.Color {
			i := uint8(level(x, y, 0))
			return color.NRGBA{i, 255 - i, 0, uint8(level(x, y, 1))}
		}),
	})
	cases = append(cases, decodeCase{
		name: "CMYK 8-bit",
		file: file{fields: basic(w, h, pSeparated, 4, 8), blocks: [][]byte{packRows(samplesOf(8, 4, -1), 8, le)}}.bytes(),
		want: expected(func(x, y int) color.Color {
			return color.CMYK{uint8(level(x, y, 0)), uint8(level(x, y, 1)), uint8(level(x, y, 2)), uint8(level(x, y, 3))}
		}),
	})
	lab := []byte{255, 0, 0, 0, 0, 0, 128, 0, 0}
	cases = append(cases, decodeCase{
		name: "CIELab white, black, mid grey",
		file: file{fields: basic(3, 1, pCIELab, 3, 8), blocks: [][]byte{lab}}.bytes(),
		// Lab (50.2, 0, 0) is sRGB 119.
		want: &image.RGBA{Rect: image.Rect(0, 0, 3, 1), Stride: 12, Pix: []byte{255, 255, 255, 255, 0, 0, 0, 255, 119, 119, 119, 255}},
	})
	cases = append(cases, decodeCase{
		name: "BigTIFF big-endian 8-bit grey",
		file: file{bo: be, bigTIFF: true, fields: basic(w, h, pBlackIsZero, 1, 8), blocks: [][]byte{packRows(samplesOf(8, 1, -1), 8, be)}}.bytes(),
		want: expected(func(x, y int) color.Color { return color.Gray{uint8(level(x, y, 0))} }),
	})
	cases = append(cases, decodeCase{
		name: "BitsPerSample count beyond the samples",
		file: file{fields: with(basic(w, h, pRGB, 3, 8), short(tagBitsPerSample, 8, 8, 8, 1)), blocks: [][]byte{raw}}.bytes(),
		want: expected(rgb8),
	})
	return cases
}

// splitJPEG splits a JPEG into the tables (SOI, DQT, DHT, EOI) and the
// rest (SOI, SOF, SOS and data, EOI), as a TIFF holds them.
func splitJPEG(b []byte) (tables, rest []byte) {
	tables, rest = []byte{0xff, 0xd8}, []byte{0xff, 0xd8}
	for i := 2; i+4 <= len(b); {
		marker := b[i+1]
		if marker == 0xda { // SOS: the rest is scan data
			rest = append(rest, b[i:]...)
			break
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		seg := b[i : i+2+n]
		if marker == 0xdb || marker == 0xc4 {
			tables = append(tables, seg...)
		} else {
			rest = append(rest, seg...)
		}
		i += 2 + n
	}
	return append(tables, 0xff, 0xd9), rest
}

func TestDecode(t *testing.T) {
	for _, tc := range decodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			r := bytes.NewReader(tc.file)
			cfg, err := DecodeConfig(r, r.Size())
			if err != nil {
				t.Fatalf("DecodeConfig: %v", err)
			}
			m, err := Decode(r, r.Size(), Options{})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if b := m.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
				t.Errorf("image of %v, DecodeConfig says %dx%d", b, cfg.Width, cfg.Height)
			}
			shift := uint(0) // 16-bit levels compared exactly
			if strings.Contains(tc.name, "JPEG") || strings.Contains(tc.name, "8-bit") && strings.Contains(tc.name, "alpha") || strings.Contains(tc.name, "8-bit associated") {
				// YCbCr converted to 8-bit RGB, as image/jpeg's own image is
				// not; 8-bit alpha through the expected NRGBA64.
				shift = 8
			}
			if !samePixels(m, tc.want, shift) {
				t.Errorf("pixels differ:\n got %T %v\nwant %v", m, dump(m), dump(tc.want))
			}
		})
	}
}

func dump(m image.Image) []color.NRGBA {
	var out []color.NRGBA
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y && len(out) < 8; y++ {
		for x := b.Min.X; x < b.Max.X && len(out) < 8; x++ {
			out = append(out, color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA))
		}
	}
	return out
}

func TestDecodeRefuses(t *testing.T) {
	le := binary.LittleEndian
	grey := packRows(samplesOf(8, 1, -1), 8, le)
	cases := []struct {
		name  string
		file  []byte
		kind  error
		words string
	}{
		{"old-style JPEG", file{fields: with(basic(w, h, pBlackIsZero, 1, 8), short(tagCompression, compOJPEG)), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrUnsupported, "unsupported TIFF feature: old-style JPEG compression"},
		{"CCITT Group 3 2-D", file{fields: with(basic(w, h, pWhiteIsZero, 1, 1), short(tagCompression, compG3), long(tagT4Options, 1)), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrUnsupported, "unsupported TIFF feature: CCITT Group 3 2-D compression"},
		{"WebP compression", file{fields: with(basic(w, h, pBlackIsZero, 1, 8), short(tagCompression, 50001)), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrUnsupported, "unsupported TIFF feature: WebP compression"},
		{"LogLuv", file{fields: basic(w, h, 32845, 3, 16), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrUnsupported, "unsupported TIFF feature: LogLuv"},
		{"24-bit samples", file{fields: basic(w, h, pBlackIsZero, 1, 24), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrUnsupported, "unsupported TIFF feature: unsigned samples of 24 bits"},
		{"FillOrder 3", file{fields: with(basic(w, h, pBlackIsZero, 1, 8), short(tagFillOrder, 3)), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrUnsupported, "unsupported TIFF feature: FillOrder 3"},
		{"truncated strip", file{fields: basic(w, h, pBlackIsZero, 1, 8), blocks: [][]byte{grey[:7]}}.bytes(),
			imgerr.ErrCorrupt, "truncated TIFF data"},
		{"bad header", []byte("II*\x00\xff\xff\xff\x00"), imgerr.ErrCorrupt, "corrupt TIFF data"},
		{"bomb", file{fields: basic(1<<20, 1<<20, pBlackIsZero, 1, 8), blocks: [][]byte{grey}}.bytes(),
			imgerr.ErrTooLarge, "over the limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bytes.NewReader(tc.file)
			_, err := Decode(r, r.Size(), Options{MaxPixels: 1 << 24})
			if !errors.Is(err, tc.kind) || !strings.Contains(fmtErr(err), tc.words) {
				t.Fatalf("Decode: %v, want %v saying %q", err, tc.kind, tc.words)
			}
			for _, other := range []error{imgerr.ErrCorrupt, imgerr.ErrUnsupported, imgerr.ErrTooLarge} {
				if other != tc.kind && errors.Is(err, other) {
					t.Errorf("Decode: %v also matches %v", err, other)
				}
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Without a pixel limit, a small file declaring an image whose buffers
// could not be allocated (or whose sample count overflows) is refused as
// too large, not decoded into a panic.
func TestDecodeNoLimitRefusesHuge(t *testing.T) {
	for _, side := range []uint64{1 << 30, 1<<31 - 1} {
		f := file{fields: with(basic(1, 1, pRGB, 16, 8), long(tagImageWidth, side), long(tagImageLength, side)),
			blocks: [][]byte{{1, 2, 3}}}.bytes()
		r := bytes.NewReader(f)
		if _, err := Decode(r, r.Size(), Options{}); !errors.Is(err, imgerr.ErrTooLarge) {
			t.Errorf("%dx%d, 16 samples a pixel: %v, want an error matching ErrTooLarge", side, side, err)
		}
	}
}

// An xz block's filter chain other than LZMA2 after at most one delta
// filter is refused by name: a second delta filter undone once would
// give wrong pixels.
func TestXZFilterChain(t *testing.T) {
	block := func(n int, filters ...byte) []byte { // n filters
		h := append([]byte{0, byte(n - 1)}, filters...)
		for (len(h)+4)%4 != 0 {
			h = append(h, 0)
		}
		h[0] = byte((len(h)+4)/4 - 1)
		return append(append([]byte("\xfd7zXZ\x00\x00\x04\x00\x00\x00\x00"), h...), 0, 0, 0, 0)
	}
	cases := []struct {
		name  string
		data  []byte
		kind  error
		words string
	}{
		{"delta, delta, LZMA2", block(3, 3, 1, 0, 3, 1, 0, 0x21, 1, 16), imgerr.ErrUnsupported, "LZMA filter 0x3"},
		{"LZMA2, delta", block(2, 0x21, 1, 16, 3, 1, 0), imgerr.ErrUnsupported, "LZMA filter 0x21"},
		{"x86 BCJ, LZMA2", block(2, 4, 0, 0x21, 1, 16), imgerr.ErrUnsupported, "LZMA filter 0x4"},
	}
	for _, tc := range cases {
		_, err := xzReader(tc.data, 64)
		if !errors.Is(err, tc.kind) || !strings.Contains(fmtErr(err), tc.words) {
			t.Errorf("%s: %v, want %v saying %q", tc.name, err, tc.kind, tc.words)
		}
	}
	if _, err := xzReader(block(2, 3, 1, 0, 0x21, 1, 16), 64); err != nil {
		t.Errorf("delta, LZMA2: %v", err)
	}
}

// What Decode refuses from the IFD, DecodeConfig refuses in the same
// words, and a size Dimensions refuses, it refuses as Decode does.
func TestConfigRefusesAsDecode(t *testing.T) {
	le := binary.LittleEndian
	grey := packRows(samplesOf(8, 1, -1), 8, le)
	cases := []struct {
		name       string
		file       []byte
		dimensions bool // Dimensions refuses it too
		words      string
	}{
		{"CMYK with alpha", file{fields: with(basic(w, h, pSeparated, 5, 8), short(tagExtraSamples, 2)), blocks: [][]byte{grey}}.bytes(),
			false, "unsupported TIFF feature: CMYK with alpha"},
		{"16-bit CIELab", file{fields: basic(w, h, pCIELab, 3, 16), blocks: [][]byte{grey}}.bytes(),
			false, "unsupported TIFF feature: CIELab of 16-bit samples or with alpha"},
		{"width of 2^32-1", file{fields: with(basic(w, h, pBlackIsZero, 1, 8), long(tagImageWidth, 1<<32-1)), blocks: [][]byte{grey}}.bytes(),
			true, "unsupported TIFF feature: image of 4294967295x3 pixels"},
	}
	for _, tc := range cases {
		r := bytes.NewReader(tc.file)
		_, derr := Decode(r, r.Size(), Options{MaxPixels: 1 << 40})
		_, cerr := DecodeConfig(r, r.Size())
		errs := []error{derr, cerr}
		if tc.dimensions {
			_, _, err := Dimensions(r, r.Size())
			errs = append(errs, err)
		}
		for _, err := range errs {
			if fmtErr(err) != tc.words || !errors.Is(err, imgerr.ErrUnsupported) {
				t.Errorf("%s: %v, want %q, unsupported", tc.name, err, tc.words)
			}
		}
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r *bytes.Reader
	n int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

// Strips that all count the rest of the file, at one offset or at
// offsets a byte apart, are read for no more than the file's size in all
// (each was read to the end of the file), and decode as before: strip
// i's byte is its row.
func TestOverlappingStripsReadOnce(t *testing.T) {
	const strips = 2000
	for _, step := range []uint64{0, 1} {
		offs, counts := make([]uint64, strips), make([]uint64, strips)
		for i := range offs {
			offs[i], counts[i] = 8+step*uint64(i), 1<<31
		}
		f := file{fields: with(basic(1, strips, pBlackIsZero, 1, 8), long(tagRowsPerStrip, 1),
			long(tagStripOffsets, offs...), long(tagStripByteCounts, counts...),
			field{tag: 700, typ: typeUndef, raw: bytes.Repeat([]byte{1, 2, 3, 4, 5}, 200_000)})}.bytes()
		cr := &countingReader{r: bytes.NewReader(f)}
		m, err := Decode(cr, int64(len(f)), Options{MaxPixels: 1 << 20})
		if err != nil {
			t.Fatalf("offsets %d apart: %v", step, err)
		}
		if cr.n > 2*int64(len(f)) {
			t.Errorf("offsets %d apart: read %d bytes of a %d-byte file", step, cr.n, len(f))
		}
		g := m.(*image.Gray)
		for y := range strips {
			if want := f[8+step*uint64(y)]; g.Pix[y] != want {
				t.Fatalf("offsets %d apart: row %d is %d, want %d", step, y, g.Pix[y], want)
			}
		}
	}
}

// Strips sharing their bytes each undo the predictor on their own copy.
func TestSharedStripsPredictor(t *testing.T) {
	const strips = 3
	offs, counts := make([]uint64, strips), make([]uint64, strips)
	for i := range offs {
		offs[i], counts[i] = 8, 2
	}
	f := file{fields: with(basic(2, strips, pBlackIsZero, 1, 8), long(tagRowsPerStrip, 1), short(tagPredictor, 2),
		long(tagStripOffsets, offs...), long(tagStripByteCounts, counts...))}.bytes()
	a, b := f[8], f[8]+f[9] // the strips' bytes: the IFD's entry count
	r := bytes.NewReader(f)
	m, err := Decode(r, r.Size(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.(*image.Gray).Pix, []byte{a, b, a, b, a, b}; !bytes.Equal(got, want) {
		t.Errorf("pixels %v, want %v", got, want)
	}
}
