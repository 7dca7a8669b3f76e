package jpegenc

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math/bits"

	"github.com/augpipe/augpipe/io/imgerr"
)

// Subsampling is the resolution of a colour JPEG's Cb and Cr against its
// Y.
type Subsampling int

const (
	// Sub420 stores Cb and Cr at half the width and half the height (the
	// default; what image/jpeg, libjpeg and Pillow write by default).
	Sub420 Subsampling = iota
	// Sub444 stores Cb and Cr at full resolution: sharper colour edges,
	// larger files.
	Sub444
)

// String returns "420" or "444".
func (s Subsampling) String() string {
	switch s {
	case Sub420:
		return "420"
	case Sub444:
		return "444"
	}
	return fmt.Sprintf("Subsampling(%d)", int(s))
}

// DefaultQuality is the quality used when Options.Quality is 0: 75, as in
// image/jpeg, libjpeg and Pillow.
const DefaultQuality = 75

// MaxSide is the longest side a JPEG can have, in pixels.
const MaxSide = 65535

// Options are the settings of an encoding.
type Options struct {
	// Quality, 1..100, scales the standard quantisation tables as libjpeg
	// and image/jpeg do; 0 is DefaultQuality, and values outside 1..100
	// are clamped to it.
	Quality int
	// Subsampling is the chroma subsampling of a colour output. A grey
	// image (*image.Gray) gives a one-component JPEG whatever it says.
	Subsampling Subsampling
}

// ErrEmpty is returned for an image with no pixels, which JPEG cannot
// hold.
var ErrEmpty = errors.New("jpegenc: empty image")

// An Encoder encodes images as baseline JPEG, keeping its working memory
// (a few rows of samples and its tables) from one image to the next. The
// zero value is ready to use. An Encoder is not safe for concurrent use:
// give each goroutine its own.
type Encoder struct {
	quality int          // the quality quant is for; 0 before the first image
	quant   [2][64]uint8 // zig-zag order, as DQT stores them
	div     [2]divisors
	huff    [4]codeTable // as stdHuffman; built with the first image
	strip   [3][]uint8   // one row of MCUs of Y, Cb and Cr samples
	rows    [2][]uint8   // full-resolution Cb and Cr of a converted image
	colOff  []int32      // source chroma column of each output column
	blk     block
	bw      bitWriter
}

// divisors divide a DCT coefficient by eight times a quantiser, rounding
// half away from zero, as image/jpeg's div does: for |x| < 2^15,
// (|x| + half) * recip >> 32 is exactly (|x| + half) / (8q), because
// recip = floor(2^32/(8q)) + 1 exceeds 2^32/(8q) by at most 1, so the
// product exceeds (|x| + half) / (8q) by less than 2^16/2^32, which is
// less than 1/(8q), the least that quotient can fall short of the next
// integer.
type divisors struct {
	recip [64]uint32 // zig-zag order
	half  [64]uint32
	// In natural order, the zero test's terms: h-1 and 2h-1 for h = half.
	zeroLo [64]uint32
	zeroN  [64]uint64
}

// Encode writes img to w as a baseline JPEG with the given options (nil:
// the defaults), with a new Encoder.
func Encode(w io.Writer, img image.Image, o *Options) error {
	var opts Options
	if o != nil {
		opts = *o
	}
	var e Encoder
	out, err := e.Append(nil, img, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// Append appends img, encoded as a baseline JPEG with options o, to dst
// and returns the extended slice. An image with a side longer than
// MaxSide fails with an error matching imgerr.ErrTooLarge, one with no
// pixels with ErrEmpty; o.Subsampling must be Sub420 or Sub444.
func (e *Encoder) Append(dst []byte, img image.Image, o Options) ([]byte, error) {
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	switch {
	case r.Empty():
		return dst, ErrEmpty
	case w > MaxSide || h > MaxSide:
		return dst, imgerr.Mark(imgerr.ErrTooLarge, fmt.Errorf("jpegenc: %dx%d image: a JPEG side is at most %d pixels", w, h, MaxSide))
	case o.Subsampling != Sub420 && o.Subsampling != Sub444:
		return dst, fmt.Errorf("jpegenc: unknown subsampling %v", o.Subsampling)
	}
	e.setQuality(o.Quality)
	if e.huff[0][0] == 0 { // luminance DC symbol 0 always has a code
		for i := range stdHuffman {
			e.huff[i] = codes(&stdHuffman[i])
		}
	}
	grey := false
	if _, ok := img.(*image.Gray); ok {
		grey = true
	}
	dst = e.headers(dst, w, h, grey, o.Subsampling)
	e.bw.reset(dst)
	switch {
	case grey:
		e.scanGrey(img.(*image.Gray))
	case o.Subsampling == Sub444:
		e.scanColour(img, 1)
	default:
		e.scanColour(img, 2)
	}
	return append(e.bw.finish(), 0xFF, 0xD9), nil // EOI
}

// setQuality sets the quantisation tables and their divisors for quality.
func (e *Encoder) setQuality(quality int) {
	if quality == 0 {
		quality = DefaultQuality
	}
	quality = max(1, min(100, quality))
	if quality == e.quality {
		return
	}
	e.quality = quality
	e.quant = scaledQuant(quality)
	for i := range e.quant {
		for k, q := range e.quant[i] {
			d := 8 * uint32(q)
			e.div[i].recip[k] = uint32(1<<32/uint64(d)) + 1
			e.div[i].half[k] = d / 2
			e.div[i].zeroLo[unzig[k]] = d/2 - 1
			e.div[i].zeroN[unzig[k]] = uint64(d - 1)
		}
	}
}

// headers appends SOI, DQT, SOF0, DHT and SOS for a w x h image, as
// image/jpeg writes them: both quantisation tables in one DQT segment
// (also for a grey image), the Huffman tables in one DHT segment.
func (e *Encoder) headers(dst []byte, w, h int, grey bool, sub Subsampling) []byte {
	dst = append(dst, 0xFF, 0xD8) // SOI
	dst = append(dst, 0xFF, 0xDB, 0, 2+2*65)
	for i := range e.quant {
		dst = append(dst, uint8(i))
		dst = append(dst, e.quant[i][:]...)
	}
	comps := 3
	if grey {
		comps = 1
	}
	dst = append(dst, 0xFF, 0xC0, 0, uint8(8+3*comps), 8, uint8(h>>8), uint8(h), uint8(w>>8), uint8(w), uint8(comps))
	switch {
	case grey:
		dst = append(dst, 1, 0x11, 0)
	case sub == Sub444:
		dst = append(dst, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1)
	default:
		dst = append(dst, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
	}
	specs := stdHuffman[:]
	if grey {
		specs = specs[:2]
	}
	n := 2
	for _, s := range specs {
		n += 1 + 16 + len(s.symbols)
	}
	dst = append(dst, 0xFF, 0xC4, uint8(n>>8), uint8(n))
	for i, s := range specs {
		dst = append(dst, "\x00\x10\x01\x11"[i])
		dst = append(dst, s.counts[:]...)
		dst = append(dst, s.symbols...)
	}
	if grey {
		return append(dst, 0xFF, 0xDA, 0, 8, 1, 1, 0x00, 0, 0x3F, 0)
	}
	return append(dst, 0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0x3F, 0)
}

// grow returns b resized to n bytes, reusing its memory when it can.
func grow(b []uint8, n int) []uint8 {
	if cap(b) < n {
		return make([]uint8, n)
	}
	return b[:n]
}

// scanGrey encodes the blocks of a grey image.
func (e *Encoder) scanGrey(m *image.Gray) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	pw := (w + 7) &^ 7
	e.strip[0] = grow(e.strip[0], 8*pw)
	strip := e.strip[0]
	var pred int32
	for y0 := 0; y0 < h; y0 += 8 {
		for j := range 8 {
			sy := min(y0+j, h-1)
			padRow(strip[j*pw:(j+1)*pw], m.Pix[sy*m.Stride:sy*m.Stride+w])
		}
		for x := 0; x < pw; x += 8 {
			pred = e.block(strip[x:], pw, 0, pred)
		}
	}
}

// scanColour encodes the MCUs of a colour image whose Cb and Cr are
// stored at 1/s of its width and height (s is 1 or 2).
func (e *Encoder) scanColour(img image.Image, s int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	mcu := 8 * s
	pw := (w + mcu - 1) / mcu * mcu // the width of the MCUs, in Y samples
	cw := pw / s
	e.strip[0] = grow(e.strip[0], mcu*pw)
	e.strip[1] = grow(e.strip[1], 8*cw)
	e.strip[2] = grow(e.strip[2], 8*cw)
	fill := e.filler(img, s, pw)
	ys, cbs, crs := e.strip[0], e.strip[1], e.strip[2]
	var py, pcb, pcr int32
	for y0 := 0; y0 < h; y0 += mcu {
		fill(y0)
		for x := 0; x < cw; x += 8 {
			if s == 2 {
				py = e.block(ys[2*x:], pw, 0, py)
				py = e.block(ys[2*x+8:], pw, 0, py)
				py = e.block(ys[8*pw+2*x:], pw, 0, py)
				py = e.block(ys[8*pw+2*x+8:], pw, 0, py)
			} else {
				py = e.block(ys[x:], pw, 0, py)
			}
			pcb = e.block(cbs[x:], cw, 1, pcb)
			pcr = e.block(crs[x:], cw, 1, pcr)
		}
	}
}

// block encodes the 8x8 block of samples at the start of src (rows stride
// apart) with quantisation table t (0 luminance, 1 chrominance) and the
// matching Huffman tables, after the DC value pred of the component's last
// block, and returns its DC value.
func (e *Encoder) block(src []uint8, stride int, t int, pred int32) int32 {
	b := &e.blk
	fdct(b, src, stride)

	// Find the coefficients that do not quantise to zero: those whose
	// magnitude is at least half their divisor h. Most do not, and this
	// pass, in natural order and without branches, finds the few that do:
	// -h < x < h exactly when x+h-1, as a uint32, is below 2h-1.
	dv := &e.div[t&1]
	var zero uint64 // bit i set: coefficient i (natural order) quantises to zero
	for y := range 8 {
		r := b[8*y : 8*y+8 : 8*y+8]
		lo := dv.zeroLo[8*y : 8*y+8 : 8*y+8]
		n := dv.zeroN[8*y : 8*y+8 : 8*y+8]
		var z uint64
		z |= (uint64(uint32(r[0])+lo[0]) - n[0]) >> 63 << 0
		z |= (uint64(uint32(r[1])+lo[1]) - n[1]) >> 63 << 1
		z |= (uint64(uint32(r[2])+lo[2]) - n[2]) >> 63 << 2
		z |= (uint64(uint32(r[3])+lo[3]) - n[3]) >> 63 << 3
		z |= (uint64(uint32(r[4])+lo[4]) - n[4]) >> 63 << 4
		z |= (uint64(uint32(r[5])+lo[5]) - n[5]) >> 63 << 5
		z |= (uint64(uint32(r[6])+lo[6]) - n[6]) >> 63 << 6
		z |= (uint64(uint32(r[7])+lo[7]) - n[7]) >> 63 << 7
		zero |= z << (8 * y)
	}
	// The same coefficients by zig-zag position.
	var coded uint64
	for m := ^zero &^ 1; m != 0; m &= m - 1 {
		coded |= 1 << zigzag[bits.TrailingZeros64(m)]
	}

	bw := &e.bw
	dcT, acT := &e.huff[2*(t&1)], &e.huff[2*(t&1)+1]
	dc := quantise(b[0], dv.recip[0], dv.half[0])
	n, bitsv := magnitude(dc - pred)
	code := dcT[n&0xFF]
	bw.emit(uint64(code&0xFFFF)<<n|uint64(bitsv), uint(code>>16)+n)

	last := 0
	for ; coded != 0; coded &= coded - 1 {
		k := bits.TrailingZeros64(coded)
		v := quantise(b[unzig[k]&63], dv.recip[k], dv.half[k])
		run := k - last - 1
		for ; run > 15; run -= 16 {
			zrl := acT[0xF0]
			bw.emit(uint64(zrl&0xFFFF), uint(zrl>>16))
		}
		n, bitsv := magnitude(v)
		code := acT[(uint(run)<<4|n)&0xFF]
		bw.emit(uint64(code&0xFFFF)<<n|uint64(bitsv), uint(code>>16)+n)
		last = k
	}
	if last != 63 {
		eob := acT[0x00]
		bw.emit(uint64(eob&0xFFFF), uint(eob>>16))
	}
	return dc
}

// quantise divides the coefficient x by the divisor that recip and half
// stand for, rounding half away from zero (see divisors).
func quantise(x int32, recip, half uint32) int32 {
	sign := x >> 31
	a := uint64(uint32((x^sign)-sign) + half)
	v := int32(a * uint64(recip) >> 32)
	return (v ^ sign) - sign
}

// magnitude returns the size category n of v (its magnitude's bit length)
// and the n bits T.81 F.1.2.1 appends after the category's code: v itself
// when positive, v-1 when negative, in n bits.
func magnitude(v int32) (n uint, bitsv uint32) {
	sign := v >> 31
	a := uint32((v ^ sign) - sign)
	n = uint(bits.Len32(a))
	return n, uint32(v+sign) & (1<<n - 1)
}

// padRow copies src into dst and fills the rest of dst with src's last
// sample, as image/jpeg extends an image to whole blocks.
func padRow(dst, src []uint8) {
	n := copy(dst, src)
	last := src[len(src)-1]
	for i := n; i < len(dst); i++ {
		dst[i] = last
	}
}
