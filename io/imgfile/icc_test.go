package imgfile

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/augpipe/augpipe/internal/testimg"
)

// fakeICC is a syntactically valid ICC profile of n bytes (n >= 128) for
// colour space cs ("RGB ", "GRAY", "CMYK"), filled with a pattern.
func fakeICC(n int, cs string) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i * 7)
	}
	binary.BigEndian.PutUint32(p, uint32(n))
	copy(p[16:], cs)
	copy(p[36:], "acsp")
	return p
}

// pngWithChunk is a small PNG with a chunk of type typ inserted after IHDR.
func pngWithChunk(t testing.TB, typ string, payload []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	const afterIHDR = 8 + 8 + 13 + 4
	c := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
	c = append(c, typ...)
	c = append(c, payload...)
	c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
	return append(append(append([]byte{}, data[:afterIHDR]...), c...), data[afterIHDR:]...)
}

// riff is a WebP container holding one chunk (not a decodable image).
func riff(fourcc string, payload []byte) []byte {
	c := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))...)
	c = append(c, payload...)
	if len(payload)%2 == 1 {
		c = append(c, 0)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(c)))...)
	return append(append(out, "WEBP"...), c...)
}

func iccp(profile []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(profile)
	w.Close()
	return append([]byte("test profile\x00\x00"), z.Bytes()...)
}

// app2 is one APP2 ICC_PROFILE segment with the given header bytes.
func app2(seq, count byte, chunk []byte) []byte {
	s := []byte{0xFF, 0xE2}
	s = binary.BigEndian.AppendUint16(s, uint16(2+14+len(chunk)))
	s = append(s, "ICC_PROFILE\x00"...)
	s = append(s, seq, count)
	return append(s, chunk...)
}

func afterSOI(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

func TestICCProfileFromFixtures(t *testing.T) {
	want := iccProfile("jpeg", readTestdata(t, "../samples/rocket.jpg"))
	if len(want) != 560 || iccColourSpace(want) != "RGB " {
		t.Fatalf("samples/rocket.jpg profile: %d bytes, space %q; want 560, RGB", len(want), iccColourSpace(want))
	}
	for _, name := range []string{"quad-icc.jpg", "quad-icc.png", "quad-icc.webp"} {
		t.Run(name, func(t *testing.T) {
			d, err := Decode(readTestdata(t, name), 0)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(d.ICC, want) {
				t.Errorf("profile of %d bytes, want the 560 of Adobe RGB", len(d.ICC))
			}
		})
	}
	for _, name := range []string{"quad-444.jpg", "quad-lossy.webp", "quad-cmyk.jpg", "quad-ycck.jpg"} {
		d, err := Decode(readTestdata(t, name), 0)
		if err != nil {
			t.Fatal(err)
		}
		if d.ICC != nil {
			t.Errorf("%s: found a profile of %d bytes in a file without one", name, len(d.ICC))
		}
	}
}

func TestEmbedICCChunking(t *testing.T) {
	cases := []struct {
		size   int
		chunks []int
	}{
		{560, []int{560}},
		{65519, []int{65519}},
		{65520, []int{65519, 1}},
		{150000, []int{65519, 65519, 18962}},
	}
	for _, c := range cases {
		profile := fakeICC(c.size, "RGB ")
		out, ok := EmbedICC(testimg.EncodeJPEG(t, image.NewRGBA(image.Rect(0, 0, 16, 8)), 75), profile)
		if !ok {
			t.Fatalf("%d bytes: not embedded", c.size)
		}
		// The APP2 segments come right after SOI, numbered 1..n of n.
		i := 2
		for k, n := range c.chunks {
			seg := out[i:]
			if seg[0] != 0xFF || seg[1] != 0xE2 || string(seg[4:16]) != "ICC_PROFILE\x00" {
				t.Fatalf("%d bytes: segment %d is not APP2 ICC_PROFILE", c.size, k+1)
			}
			if int(seg[16]) != k+1 || int(seg[17]) != len(c.chunks) {
				t.Errorf("%d bytes: segment %d numbered %d of %d", c.size, k+1, seg[16], seg[17])
			}
			if l := int(binary.BigEndian.Uint16(seg[2:])); l != n+16 {
				t.Errorf("%d bytes: segment %d length %d, want %d", c.size, k+1, l, n+16)
			}
			i += 2 + 16 + n
		}
		if out[i] != 0xFF || out[i+1] == 0xE2 {
			t.Errorf("%d bytes: more APP2 segments than %d", c.size, len(c.chunks))
		}
		if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
			t.Errorf("%d bytes: output no longer decodes: %v", c.size, err)
		}
		if got := iccProfile("jpeg", out); !bytes.Equal(got, profile) {
			t.Errorf("%d bytes: profile does not read back unchanged", c.size)
		}
	}
}

func TestEmbedICCOnlyWhenColourSpaceMatches(t *testing.T) {
	var gray bytes.Buffer
	if err := jpeg.Encode(&gray, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	rgb := testimg.EncodeJPEG(t, image.NewRGBA(image.Rect(0, 0, 16, 8)), 75)
	cases := []struct {
		name    string
		out     []byte
		profile []byte
		want    bool
	}{
		{"RGB profile, RGB JPEG", rgb, fakeICC(300, "RGB "), true},
		{"CMYK profile, RGB JPEG", rgb, fakeICC(300, "CMYK"), false},
		{"GRAY profile, RGB JPEG", rgb, fakeICC(300, "GRAY"), false},
		{"GRAY profile, gray JPEG", gray.Bytes(), fakeICC(300, "GRAY"), true},
		{"RGB profile, gray JPEG", gray.Bytes(), fakeICC(300, "RGB "), false},
		{"no profile", rgb, nil, false},
		{"not a profile", rgb, bytes.Repeat([]byte("x"), 300), false},
		{"not a JPEG", []byte("nope"), fakeICC(300, "RGB "), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := EmbedICC(c.out, c.profile)
			if ok != c.want {
				t.Fatalf("embedded %v, want %v", ok, c.want)
			}
			if !ok && !bytes.Equal(got, c.out) {
				t.Error("output changed although nothing was embedded")
			}
		})
	}
}

func TestICCProfileMalformed(t *testing.T) {
	base := testimg.EncodeJPEG(t, image.NewRGBA(image.Rect(0, 0, 16, 8)), 75)
	p := fakeICC(1000, "RGB ")
	a, b := p[:600], p[600:]
	cases := []struct {
		name   string
		format string
		data   []byte
		want   []byte
	}{
		{"two chunks in order", "jpeg", afterSOI(base, app2(1, 2, a), app2(2, 2, b)), p},
		{"two chunks out of order", "jpeg", afterSOI(base, app2(2, 2, b), app2(1, 2, a)), p},
		{"missing chunk", "jpeg", afterSOI(base, app2(1, 2, a)), nil},
		{"repeated chunk", "jpeg", afterSOI(base, app2(1, 2, a), app2(1, 2, a)), nil},
		{"count 0", "jpeg", afterSOI(base, app2(0, 0, p)), nil},
		{"seq 0", "jpeg", afterSOI(base, app2(0, 1, p)), nil},
		{"seq past count", "jpeg", afterSOI(base, app2(3, 2, a), app2(1, 2, b)), nil},
		{"counts differ", "jpeg", afterSOI(base, app2(1, 2, a), app2(2, 3, b)), nil},
		{"header only", "jpeg", afterSOI(base, []byte("\xff\xe2\x00\x0eICC_PROFILE\x00")), nil},
		{"size field wrong", "jpeg", afterSOI(base, app2(1, 1, p[:999])), nil},
		{"PNG iCCP", "png", pngWithChunk(t, "iCCP", iccp(p)), p},
		{"PNG iCCP bad zlib", "png", pngWithChunk(t, "iCCP", []byte("name\x00\x00garbage")), nil},
		{"PNG iCCP no name", "png", pngWithChunk(t, "iCCP", append([]byte{0, 0}, iccp(p)[14:]...)), nil},
		{"PNG iCCP method 1", "png", pngWithChunk(t, "iCCP", append([]byte("n\x00\x01"), iccp(p)[14:]...)), nil},
		{"WebP ICCP", "webp", riff("ICCP", p), p},
		{"WebP ICCP truncated", "webp", riff("ICCP", p)[:500], nil},
		{"GIF", "gif", []byte("GIF89a"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := iccProfile(c.format, c.data); !bytes.Equal(got, c.want) {
				t.Errorf("got %d bytes, want %d", len(got), len(c.want))
			}
		})
	}
}
