// Package jpegdec is a pure-Go decoder for baseline and progressive Huffman
// JPEG (ITU-T T.81 SOF0, SOF1 and SOF2, 8-bit, 1 or 3 components), and for
// their arithmetic-coded counterparts (SOF9, SOF10), that can decode at
// 1/2, 1/4 or 1/8 scale with reduced inverse DCTs, straight into planar Y,
// Cb, Cr (or grey) samples.
//
// Anything else (12-bit samples, lossless, hierarchical,
// CMYK/YCCK, RGB-coded JPEG, DNL, chroma samplings with no
// image.YCbCrSubsampleRatio) returns an error wrapping ErrUnsupported: the
// caller should then fall back to image/jpeg.
package jpegdec

import (
	"errors"
	"fmt"
	"image"
	"image/color"

	"github.com/augpipe/augpipe/internal/zero"
	"github.com/augpipe/augpipe/io/imgerr"
)

// ErrUnsupported is returned (wrapped) for valid JPEG features this package
// does not decode. It matches imgerr.ErrUnsupported.
var ErrUnsupported = imgerr.Mark(imgerr.ErrUnsupported, errors.New("unsupported JPEG feature"))

// ErrTooLarge is returned (wrapped) when the header declares more pixels
// than Options.MaxPixels. It is imgerr.ErrTooLarge, the sentinel every
// augpipe decoder wraps.
var ErrTooLarge = imgerr.ErrTooLarge

// errInternal wraps a recovered panic: a bug, reported rather than crashing.
var errInternal = errors.New("jpegdec: internal error")

// FormatError reports corrupt or truncated JPEG data. It matches
// imgerr.ErrCorrupt.
type FormatError string

func (e FormatError) Error() string { return "invalid JPEG data: " + string(e) }

// Is reports whether target is imgerr.ErrCorrupt.
func (e FormatError) Is(target error) bool { return target == imgerr.ErrCorrupt }

// unsupported reports a JPEG feature this package does not decode, in the
// words every augpipe decoder uses ("unsupported JPEG feature: <what>").
func unsupported(what string) error {
	return &unsupportedError{imgerr.UnsupportedError{Format: "JPEG", Feature: what}}
}

// unsupportedError is an imgerr.UnsupportedError that also matches this
// package's ErrUnsupported.
type unsupportedError struct{ imgerr.UnsupportedError }

func (e *unsupportedError) Is(target error) bool {
	return target == ErrUnsupported || target == imgerr.ErrUnsupported
}

func (e *unsupportedError) Unwrap() error { return &e.UnsupportedError }

// Options control Decode.
type Options struct {
	// Scale is 1, 2, 4 or 8 (0 means 1): the output is ceil(w/Scale) x
	// ceil(h/Scale), each sample the mean of a Scale x Scale box.
	Scale int
	// MaxPixels refuses, before allocating, an image whose header declares
	// more than this many pixels (0 = no limit).
	MaxPixels int64
	// Alloc, when set, makes the returned image, so that the caller can
	// recycle its memory; nil uses image.NewYCbCr and image.NewGray.
	Alloc Allocator
	// Partial makes Decode return, with its error, the image decoded
	// before damaged or truncated data, when partial.go says one is kept.
	Partial bool
}

// An Allocator makes the images a Decoder returns. Its images must be
// zeroed, as the image package's constructors make them, and of the
// requested bounds, ratio and strides (stride = width for Y and Gray, the
// chroma width for Cb and Cr).
type Allocator interface {
	NewYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr
	NewGray(r image.Rectangle) *image.Gray
}

// imageAlloc is the Allocator of the image package.
type imageAlloc struct{}

func (imageAlloc) NewYCbCr(r image.Rectangle, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	return image.NewYCbCr(r, ratio)
}

func (imageAlloc) NewGray(r image.Rectangle) *image.Gray { return image.NewGray(r) }

// Decode decodes a JPEG image held in data. It returns an *image.YCbCr for
// 3-component images and an *image.Gray for 1-component images.
func Decode(data []byte, opts Options) (image.Image, error) {
	var d Decoder
	return d.Decode(data, opts)
}

// DecodeConfig returns the dimensions and colour model of a JPEG image,
// reading markers up to the frame header. Frames Decode cannot decode return
// an error wrapping ErrUnsupported.
func DecodeConfig(data []byte) (image.Config, error) {
	var d Decoder
	d.data = data
	if err := d.parse(nil); err != nil {
		return image.Config{}, err
	}
	cfg := image.Config{Width: d.width, Height: d.height, ColorModel: color.YCbCrModel}
	if d.nComp == 1 {
		cfg.ColorModel = color.GrayModel
	}
	return cfg, nil
}

// ScaleFor returns the largest of 1, 2, 4 and 8 for which a w x h image
// decoded at that scale still covers, in both dimensions, the largest size
// that fits a box x box square with the same aspect ratio. A caller making
// box-sized thumbnails decodes at that scale and resizes the rest of the
// way. It is ScaleForBox(w, h, box, box).
func ScaleFor(w, h, box int) int {
	if box <= 0 {
		return 1
	}
	return ScaleForBox(w, h, box, box)
}

// ScaleForBox is ScaleFor for a boxW x boxH box, in the frame the image is
// stored in; a side of 0 or less is free (ScaleForBox(w, h, 800, 0) is for
// thumbnails 800 wide).
func ScaleForBox(w, h, boxW, boxH int) int {
	if w <= 0 || h <= 0 || (boxW <= 0 && boxH <= 0) ||
		((boxW <= 0 || w <= boxW) && (boxH <= 0 || h <= boxH)) {
		return 1
	}
	// The size that fits, rounded up: the width binds when boxW/w <= boxH/h.
	fw, fh := boxW, boxH
	if boxH <= 0 || (boxW > 0 && int64(boxW)*int64(h) <= int64(boxH)*int64(w)) {
		fh = int((int64(h)*int64(boxW) + int64(w) - 1) / int64(w))
	} else {
		fw = int((int64(w)*int64(boxH) + int64(h) - 1) / int64(h))
	}
	for s := 8; s > 1; s /= 2 {
		if (w+s-1)/s >= fw && (h+s-1)/s >= fh {
			return s
		}
	}
	return 1
}

// ScaleToCover returns the largest of 1, 2, 4 and 8 at which a w x h image
// decoded still holds at least boxW x boxH of its pixels per box pixel
// (w >= boxW*scale and h >= boxH*scale): the scale for an image that will
// be scaled to fill a boxW x boxH box and cropped to it, at which no part
// of the crop has fewer pixels than the output.
func ScaleToCover(w, h, boxW, boxH int) int {
	for s := 8; s > 1; s /= 2 {
		if int64(w) >= int64(max(boxW, 0))*int64(s) && int64(h) >= int64(max(boxH, 0))*int64(s) {
			return s
		}
	}
	return 1
}

// Decoder decodes JPEG images, keeping scratch memory (coefficient buffers
// of progressive images) between calls. A Decoder is not safe for
// concurrent use; give each worker its own. The zero value is ready to use.
type Decoder struct {
	data  []byte
	scale int // 1, 2, 4 or 8
	bs    int // output block size, 8/scale
	idct  func(*[64]int32, []byte, int)
	max   int64
	// relevant has bit k set when zig-zag coefficient k affects the output
	// at this scale.
	relevant uint64
	// slot[k] is where a progressive block keeps AC coefficient k (-1 if
	// the scale does not use it), slots how many it keeps.
	slot  [64]int8
	slots int
	// blockLen is the length of a block in coef, at least slots.
	blockLen int
	slotAll  [64]int8 // slot for blocks that keep every coefficient

	width, height int
	nComp         int
	comp          [3]component
	baseline      bool
	progressive   bool
	hmax, vmax    int
	mcusX, mcusY  int
	ratio         image.YCbCrSubsampleRatio

	qt     [4][64]int32 // zig-zag order
	dcHuff [4]huffTable
	acHuff [4]huffTable
	ri     int
	sos    scan     // the header of the scan being decoded
	pred   [3]int32 // DC predictions of the scan's components (T.81 F.2.1.3.1)
	eobrun int
	scans  int

	arithmetic bool   // SOF9 or SOF10: arithmetic coding (arith.go)
	ar         *arith // the arithmetic decoder, from the first DAC or scan

	mcuRow  int   // the MCU row walk is in
	damaged *scan // the scan that failed, with Options.Partial (partial.go)
	dcDone  uint8 // progressive: bit i when component i's DC scan is whole

	jfif           bool
	adobe          bool
	adobeTransform uint8

	ycc   *image.YCbCr
	gray  *image.Gray
	alloc Allocator

	// The progressive buffers, each shared by the components (see
	// allocate).
	coefBuf []int16
	nzBuf   []uint64
	dcBuf   []int16
	edgeBuf []int16
	br      bitReader
	blk     [64]int32
}

type component struct {
	id     uint8
	h, v   int
	tq     uint8
	bw, bh int      // blocks per row and column of the MCU-padded grid
	cw, ch int      // blocks covering the component itself (T.81 A.2.2)
	sw, sh int      // the component's size in samples
	coef   []int16  // progressive: the AC coefficients the scale uses, d.slots a block
	edge   []int16  // progressive, reduced scale: all 63 AC coefficients of edge blocks
	nz     []uint64 // progressive: a block's non-zero AC coefficients, bit k for index k
	// cutX and cutY are, in a progressive image, the first column and row
	// of blocks that keep every AC coefficient because the component's
	// edge cuts them at a reduced scale (cw and ch when none do).
	cutX, cutY int
	dc         []int16 // progressive: DC coefficients, kept apart so DC scans touch little memory
	scanned    bool
	plane      []byte
	stride     int
}

// Decode decodes a JPEG image held in data, as the package-level Decode
// does, reusing d's scratch memory. The returned image does not share
// memory with d.
func (d *Decoder) Decode(data []byte, opts Options) (img image.Image, err error) {
	return d.decode(data, opts, d.decodeScan)
}

// decode is Decode with decodeScan decoding each scan's data (tests
// compare implementations).
func (d *Decoder) decode(data []byte, opts Options, decodeScan func(*scan) error) (img image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("%w: %v", errInternal, p)
		}
	}()
	if err := d.begin(data, opts); err != nil {
		return nil, err
	}
	if opts.Partial {
		decodeScan = d.partialScan
	}
	if err := d.parse(decodeScan); err != nil {
		if opts.Partial {
			img = d.partial()
		}
		d.release()
		return img, err
	}
	if d.isRGB() {
		d.release()
		return nil, unsupported("RGB colour transform")
	}
	if d.progressive {
		d.reconstructProgressive()
	}
	img = d.image()
	d.release()
	return img, nil
}

// begin sets d up to decode data under opts.
func (d *Decoder) begin(data []byte, opts Options) error {
	scale := opts.Scale
	if scale == 0 {
		scale = 1
	}
	var idct func(*[64]int32, []byte, int)
	switch scale {
	case 1:
		idct = idct8
	case 2:
		idct = idct4Func()
	case 4:
		idct = idct2
	case 8:
		idct = idct1
	default:
		return fmt.Errorf("jpegdec: scale %d is not 1, 2, 4 or 8", opts.Scale)
	}
	d.reset(data)
	d.scale, d.bs, d.idct, d.max, d.alloc = scale, 8/scale, idct, opts.MaxPixels, opts.Alloc
	if d.alloc == nil {
		d.alloc = imageAlloc{}
	}
	d.relevant = relevantCoefs(scale)
	d.slots = 0
	for k := range d.slot {
		d.slotAll[k] = int8(k - 1)
		d.slot[k] = -1
		if k > 0 && d.relevant>>uint(k)&1 != 0 {
			d.slot[k] = int8(d.slots)
			d.slots++
		}
	}
	// A block of all 63 AC coefficients is padded to 128 bytes so that it
	// spans two cache lines, not three.
	d.blockLen = d.slots
	if d.slots == 63 {
		d.blockLen = 64
	}
	return nil
}

// reset clears per-image state, keeping the scratch buffers.
func (d *Decoder) reset(data []byte) {
	coef, nz, dc, edge := d.coefBuf, d.nzBuf, d.dcBuf, d.edgeBuf
	*d = Decoder{}
	d.coefBuf, d.nzBuf, d.dcBuf, d.edgeBuf = coef, nz, dc, edge
	d.data = data
	d.br.data = data
}

// release drops references to the caller's data and the output image.
func (d *Decoder) release() {
	d.data, d.br.data = nil, nil
	d.ycc, d.gray, d.alloc = nil, nil, nil
	for i := range d.comp {
		d.comp[i].plane = nil
		d.comp[i].coef = nil
		d.comp[i].nz = nil
		d.comp[i].dc = nil
		d.comp[i].edge = nil
	}
}

func (d *Decoder) isRGB() bool {
	if d.nComp != 3 || d.jfif {
		return false
	}
	if d.adobe && d.adobeTransform == 0 {
		return true
	}
	return d.comp[0].id == 'R' && d.comp[1].id == 'G' && d.comp[2].id == 'B'
}

var errShort = FormatError("unexpected end of data")

// parse walks the marker segments (T.81 B.2, B.6), handing each scan to
// decodeScan once its header is read and the bit reader is at its data.
// With decodeScan nil it stops after the frame header.
func (d *Decoder) parse(decodeScan func(*scan) error) error {
	data := d.data
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return FormatError("missing SOI marker")
	}
	pos := 2
	for {
		if pos+2 > len(data) {
			return errShort
		}
		a, marker := data[pos], data[pos+1]
		pos += 2
		// Bytes that are not a marker are skipped, as libjpeg and
		// image/jpeg do.
		for a != 0xFF {
			if pos >= len(data) {
				return errShort
			}
			a, marker = marker, data[pos]
			pos++
		}
		if marker == 0 {
			continue // 0xFF 0x00 outside a scan: more extraneous data
		}
		for marker == 0xFF { // fill bytes (B.1.1.2)
			if pos >= len(data) {
				return errShort
			}
			marker = data[pos]
			pos++
		}
		if marker == 0xD9 { // EOI
			break
		}
		if 0xD0 <= marker && marker <= 0xD7 {
			continue // stray RSTn (e.g. after the last interval)
		}
		if pos+2 > len(data) {
			return errShort
		}
		n := int(data[pos])<<8 | int(data[pos+1]) - 2
		pos += 2
		if n < 0 {
			return FormatError("short segment length")
		}
		if pos+n > len(data) {
			return errShort
		}
		seg := data[pos : pos+n]
		pos += n
		var err error
		switch marker {
		case 0xC0, 0xC1, 0xC2, 0xC9, 0xCA:
			d.baseline = marker == 0xC0
			d.progressive = marker == 0xC2 || marker == 0xCA
			d.arithmetic = marker >= 0xC9
			err = d.processSOF(seg)
			if err == nil && decodeScan == nil {
				if d.isRGB() {
					return unsupported("RGB colour transform")
				}
				return nil
			}
		case 0xC4:
			err = d.processDHT(seg)
		case 0xCC:
			err = d.processDAC(seg)
		case 0xDB:
			err = d.processDQT(seg)
		case 0xDD:
			if n != 2 {
				return FormatError("DRI has wrong length")
			}
			d.ri = int(seg[0])<<8 | int(seg[1])
		case 0xDA:
			if decodeScan == nil {
				return FormatError("missing SOF marker")
			}
			pos, err = d.processSOS(seg, pos, decodeScan)
		case 0xE0:
			if n >= 5 {
				d.jfif = string(seg[:5]) == "JFIF\x00"
			}
		case 0xEE:
			if n >= 12 && string(seg[:5]) == "Adobe" {
				d.adobe = true
				d.adobeTransform = seg[11]
			}
		default:
			switch {
			case 0xE0 <= marker && marker <= 0xEF, marker == 0xFE:
				// APPn, COM: skipped
			case marker < 0xC0:
				err = FormatError(fmt.Sprintf("unknown marker 0x%02X", marker))
			case marker == 0xC3, marker >= 0xC5 && marker <= 0xC7, marker >= 0xC9 && marker <= 0xCB, marker >= 0xCD && marker <= 0xCF:
				err = unsupported(sofName(marker))
			default:
				err = unsupported(fmt.Sprintf("marker 0x%02X", marker))
			}
		}
		if err != nil {
			return err
		}
	}
	if decodeScan == nil {
		return FormatError("missing SOF marker")
	}
	if d.scans == 0 {
		return FormatError("missing SOS marker")
	}
	return nil
}

// processSOF reads a frame header (T.81 B.2.2).
func (d *Decoder) processSOF(seg []byte) error {
	if d.nComp != 0 {
		return FormatError("multiple SOF markers")
	}
	switch len(seg) {
	case 6 + 3*1:
		d.nComp = 1
	case 6 + 3*3:
		d.nComp = 3
	case 6 + 3*4:
		return unsupported("4-component (CMYK or YCCK) image")
	default:
		return unsupported("number of components")
	}
	if seg[0] != 8 {
		return unsupported(fmt.Sprintf("%d-bit precision", seg[0]))
	}
	d.height = int(seg[1])<<8 | int(seg[2])
	d.width = int(seg[3])<<8 | int(seg[4])
	if int(seg[5]) != d.nComp {
		return FormatError("SOF has wrong length")
	}
	for i := 0; i < d.nComp; i++ {
		c := &d.comp[i]
		c.id = seg[6+3*i]
		for j := 0; j < i; j++ {
			if c.id == d.comp[j].id {
				return FormatError("repeated component identifier")
			}
		}
		hv := seg[7+3*i]
		c.h, c.v = int(hv>>4), int(hv&15)
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 {
			return FormatError("bad sampling factors")
		}
		c.tq = seg[8+3*i]
		if c.tq > 3 {
			return FormatError("bad Tq value")
		}
	}
	if d.height == 0 {
		return unsupported("DNL (height defined after the first scan)")
	}
	if d.width == 0 {
		return unsupported("zero width")
	}
	if d.nComp == 1 {
		// A single component is non-interleaved: its MCU is one block
		// whatever its sampling factors (T.81 A.2).
		d.comp[0].h, d.comp[0].v = 1, 1
	} else {
		y, cb, cr := &d.comp[0], &d.comp[1], &d.comp[2]
		if cb.h != cr.h || cb.v != cr.v || y.h%cb.h != 0 || y.v%cb.v != 0 {
			return unsupported(fmt.Sprintf("sampling factors %dx%d,%dx%d,%dx%d", y.h, y.v, cb.h, cb.v, cr.h, cr.v))
		}
		switch (y.h/cb.h)<<4 | y.v/cb.v {
		case 0x11:
			d.ratio = image.YCbCrSubsampleRatio444
		case 0x12:
			d.ratio = image.YCbCrSubsampleRatio440
		case 0x21:
			d.ratio = image.YCbCrSubsampleRatio422
		case 0x22:
			d.ratio = image.YCbCrSubsampleRatio420
		case 0x41:
			d.ratio = image.YCbCrSubsampleRatio411
		case 0x42:
			d.ratio = image.YCbCrSubsampleRatio410
		default:
			return unsupported(fmt.Sprintf("sampling factors %dx%d,%dx%d,%dx%d (no image.YCbCr ratio)", y.h, y.v, cb.h, cb.v, cr.h, cr.v))
		}
	}
	if d.max > 0 && int64(d.width)*int64(d.height) > d.max {
		return fmt.Errorf("%dx%d is %.1f megapixels, over the limit of %.1f: %w",
			d.width, d.height, float64(d.width)*float64(d.height)/1e6, float64(d.max)/1e6, ErrTooLarge)
	}
	d.hmax, d.vmax = d.comp[0].h, d.comp[0].v
	d.mcusX = (d.width + 8*d.hmax - 1) / (8 * d.hmax)
	d.mcusY = (d.height + 8*d.vmax - 1) / (8 * d.vmax)
	for i := 0; i < d.nComp; i++ {
		c := &d.comp[i]
		c.bw, c.bh = d.mcusX*c.h, d.mcusY*c.v
		cw := (d.width*c.h + d.hmax - 1) / d.hmax
		ch := (d.height*c.v + d.vmax - 1) / d.vmax
		c.cw, c.ch = (cw+7)/8, (ch+7)/8
		c.sw, c.sh = cw, ch
	}
	return nil
}

// processDQT reads quantisation tables (T.81 B.2.4.1).
func (d *Decoder) processDQT(seg []byte) error {
	for len(seg) > 0 {
		pq, tq := seg[0]>>4, seg[0]&15
		seg = seg[1:]
		if tq > 3 {
			return FormatError("bad Tq value")
		}
		q := &d.qt[tq]
		if pq > 1 {
			return FormatError("bad Pq value")
		}
		if len(seg) == 0 {
			// A table header with no table: image/jpeg accepts it, and so
			// do we (the table stays as it was).
			break
		}
		switch pq {
		case 0:
			if len(seg) < 64 {
				return FormatError("DQT has wrong length")
			}
			for i := range q {
				q[i] = int32(seg[i])
			}
			seg = seg[64:]
		case 1:
			if len(seg) < 128 {
				return FormatError("DQT has wrong length")
			}
			for i := range q {
				q[i] = int32(seg[2*i])<<8 | int32(seg[2*i+1])
			}
			seg = seg[128:]
		default:
			return FormatError("bad Pq value")
		}
	}
	return nil
}

// processDHT reads Huffman tables (T.81 B.2.4.2).
func (d *Decoder) processDHT(seg []byte) error {
	for len(seg) > 0 {
		if len(seg) < 17 {
			return FormatError("DHT has wrong length")
		}
		tc, th := seg[0]>>4, seg[0]&15
		if tc > 1 {
			return FormatError("bad Tc value")
		}
		if th > 3 || (d.baseline && th > 1) {
			return FormatError("bad Th value")
		}
		var counts [16]uint8
		copy(counts[:], seg[1:17])
		total := 0
		for _, c := range counts {
			total += int(c)
		}
		if total == 0 {
			return FormatError("Huffman table has zero length")
		}
		if total > 256 {
			return FormatError("Huffman table has excessive length")
		}
		seg = seg[17:]
		if len(seg) < total {
			return FormatError("DHT has wrong length")
		}
		if tc == 0 {
			d.dcHuff[th].build(&counts, seg[:total], false)
		} else {
			d.acHuff[th].build(&counts, seg[:total], true)
		}
		seg = seg[total:]
	}
	return nil
}

// allocate makes the output image (and, for progressive images, the
// coefficient buffers) at the first scan.
func (d *Decoder) allocate() {
	bs := d.bs
	if d.nComp == 1 {
		c := &d.comp[0]
		d.gray = d.alloc.NewGray(image.Rect(0, 0, c.bw*bs, c.bh*bs))
		c.plane, c.stride = d.gray.Pix, d.gray.Stride
	} else {
		d.ycc = d.alloc.NewYCbCr(image.Rect(0, 0, d.mcusX*d.hmax*bs, d.mcusY*d.vmax*bs), d.ratio)
		d.comp[0].plane, d.comp[0].stride = d.ycc.Y, d.ycc.YStride
		d.comp[1].plane, d.comp[1].stride = d.ycc.Cb, d.ycc.CStride
		d.comp[2].plane, d.comp[2].stride = d.ycc.Cr, d.ycc.CStride
	}
	if !d.progressive {
		return
	}
	// One buffer of each kind holds every component's part, so that a
	// decoder's memory grows only for a photo that needs more in all than
	// any before it, whatever its chroma subsampling.
	var blocks, coefs, edges int
	for i := 0; i < d.nComp; i++ {
		c := &d.comp[i]
		blocks += c.bw * c.bh
		coefs += c.bw * c.bh * d.blockLen
		edges += (c.cw + c.ch) * 63
	}
	// The AC coefficients are not cleared: a coefficient is read only
	// where its bit in nz is set, and the bit is set only where this
	// decode wrote the coefficient. Leaving them saves writing tens of
	// megabytes per photo, the largest memory traffic of a decode.
	d.coefBuf = grow(d.coefBuf, coefs)
	if d.scale > 1 {
		d.edgeBuf = grow(d.edgeBuf, edges)
	}
	d.nzBuf = reuse(d.nzBuf, blocks)
	d.dcBuf = reuse(d.dcBuf, blocks)
	coef, edge, nz, dc := d.coefBuf, d.edgeBuf, d.nzBuf, d.dcBuf
	for i := 0; i < d.nComp; i++ {
		c := &d.comp[i]
		n := c.bw * c.bh
		c.coef, coef = cut(coef, n*d.blockLen)
		if d.scale > 1 {
			c.edge, edge = cut(edge, (c.cw+c.ch)*63)
		}
		c.nz, nz = cut(nz, n)
		c.dc, dc = cut(dc, n)
		c.cutX, c.cutY = c.cw, c.ch
		if d.scale > 1 && c.sw%8 != 0 {
			c.cutX = c.cw - 1
		}
		if d.scale > 1 && c.sh%8 != 0 {
			c.cutY = c.ch - 1
		}
	}
}

// cut splits buf into its first n elements, with no room to grow into the
// rest, and the rest.
func cut[T any](buf []T, n int) (head, rest []T) {
	return buf[:n:n], buf[n:]
}

// grow returns buf resized to n, its contents left as they were, or a new
// buffer when buf is too small.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// reuse returns buf cleared and resized to n, reallocating when too small.
//
// A new buffer is cleared too, although make zeroed it: fresh memory is not
// yet mapped, and the masks are read before they are written, so a first
// read would map the kernel's shared zero page and the first write fault
// again, copying it and interrupting every CPU running the process to flush
// its TLB (docs/jpegdec.md has a count). Writing first takes one fault per
// page.
func reuse[T any](buf []T, n int) []T {
	buf = grow(buf, n)
	zero.Clear(buf)
	return buf
}
