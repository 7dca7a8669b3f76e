package tiffdec

import (
	"fmt"
	"math"
)

// Tags the decoder reads.
const (
	tagImageWidth            = 256
	tagImageLength           = 257
	tagBitsPerSample         = 258
	tagCompression           = 259
	tagPhotometric           = 262
	tagFillOrder             = 266
	tagStripOffsets          = 273
	tagSamplesPerPixel       = 277
	tagRowsPerStrip          = 278
	tagStripByteCounts       = 279
	tagPlanarConfig          = 284
	tagT4Options             = 292
	tagT6Options             = 293
	tagPredictor             = 317
	tagColorMap              = 320
	tagTileWidth             = 322
	tagTileLength            = 323
	tagTileOffsets           = 324
	tagTileByteCounts        = 325
	tagInkSet                = 332
	tagExtraSamples          = 338
	tagSampleFormat          = 339
	tagJPEGTables            = 347
	tagJPEGInterchange       = 513
	tagJPEGInterchangeLength = 514
	tagNumberOfInks          = 334
)

// Compression schemes.
const (
	compNone       = 1
	compRLE        = 2
	compG3         = 3
	compG4         = 4
	compLZW        = 5
	compOJPEG      = 6
	compJPEG       = 7
	compDeflate    = 8
	compPackBits   = 32773
	compDeflateOld = 32946
	compLZMA       = 34925
)

// Photometric interpretations.
const (
	pWhiteIsZero = 0
	pBlackIsZero = 1
	pRGB         = 2
	pPalette     = 3
	pMask        = 4
	pSeparated   = 5
	pYCbCr       = 6
	pCIELab      = 8
)

// Sample formats.
const (
	fmtUint  = 1
	fmtInt   = 2
	fmtFloat = 3
)

// Alpha kinds, as ExtraSamples says them.
const (
	alphaNone = iota
	alphaAssociated
	alphaUnassociated
)

// layout is what the first IFD says about the image, checked: every value
// in it is one the decoder handles.
type layout struct {
	width, height int
	photometric   int
	compression   int
	spp           int // samples per pixel, extra samples included
	colors        int // colour samples per pixel (1, 3 or 4)
	bps           int // bits per sample, the same for all samples
	sampleFormat  int
	alpha         int // alphaNone, alphaAssociated, alphaUnassociated
	planar        bool
	predictor     int
	fillOrder2    bool
	t4Options     uint64

	// The blocks (strips or tiles): blockW x blockH pixels each, across x
	// down of them, per plane (1 plane, or spp when planar).
	tiled           bool
	blockW, blockH  int
	across, down    int
	offsets, counts []uint64

	colorMap   []uint16 // 3 x 2^bps entries, for palette images
	jpegTables []byte

	// ojpeg and ojpegLen are where the JPEG stream of an old-style JPEG
	// file is, and its length (0: to the end of the file).
	ojpeg, ojpegLen uint64
}

var compressionNames = map[uint64]string{
	compOJPEG: "old-style JPEG compression",
	50001:     "WebP compression",
	50000:     "Zstandard compression",
	34712:     "JPEG 2000 compression",
	34887:     "LERC compression",
	32809:     "ThunderScan compression",
	32908:     "Pixar film compression",
	32909:     "Pixar log compression",
	32947:     "Kodak DCS compression",
	34661:     "JBIG compression",
	34676:     "SGI LogLuv compression",
	34677:     "SGI LogLuv 24-bit compression",
	34892:     "lossy JPEG (DNG) compression",
}

// parseLayout reads and checks the IFD's description of the image, but
// for its strips or tiles (parseBlocks).
func parseLayout(d *ifd) (*layout, error) {
	l := &layout{}
	var err error
	if l.width, l.height, err = d.dimensions(); err != nil {
		return nil, err
	}

	comp, err := d.uint(tagCompression, compNone)
	if err != nil {
		return nil, err
	}
	switch comp {
	case compNone, compRLE, compG3, compG4, compLZW, compJPEG, compDeflate, compDeflateOld, compPackBits, compLZMA:
		l.compression = int(comp)
	case compOJPEG:
		// Only the old-style JPEG TIFFs that hold a whole JPEG stream
		// (JPEGInterchangeFormat): that stream is the image.
		if !d.has(tagJPEGInterchange) {
			return nil, unsupportedf("old-style JPEG compression without a JPEG interchange stream")
		}
		l.compression = int(comp)
	default:
		if name, ok := compressionNames[comp]; ok {
			return nil, unsupportedf("%s", name)
		}
		return nil, unsupportedf("compression %d", comp)
	}
	spp, err := d.uint(tagSamplesPerPixel, 1)
	if err != nil {
		return nil, err
	}
	if comp == compOJPEG && !d.has(tagSamplesPerPixel) {
		if p, _ := d.uint(tagPhotometric, pYCbCr); p == pYCbCr || p == pRGB {
			spp = 3 // as libtiff's old-style JPEG codec takes it
		}
	}
	if spp == 0 || spp > 16 {
		return nil, unsupportedf("%d samples per pixel", spp)
	}
	l.spp = int(spp)
	if l.bps, err = perSample(d, tagBitsPerSample, l.spp, 1, "BitsPerSample"); err != nil {
		return nil, err
	}
	if l.sampleFormat, err = perSample(d, tagSampleFormat, l.spp, fmtUint, "SampleFormat"); err != nil {
		return nil, err
	}
	switch {
	case l.sampleFormat == fmtUint && l.bps >= 1 && l.bps <= 16, l.sampleFormat == fmtUint && l.bps == 32:
	case l.sampleFormat == fmtInt && (l.bps == 8 || l.bps == 16 || l.bps == 32):
	case l.sampleFormat == fmtFloat && (l.bps == 32 || l.bps == 64):
	default:
		return nil, unsupportedf("%s samples of %d bits", sampleFormatName(l.sampleFormat), l.bps)
	}

	photo, err := d.uint(tagPhotometric, math.MaxUint64)
	if err != nil {
		return nil, err
	}
	if photo == math.MaxUint64 {
		// Absent: WhiteIsZero for one sample, as Pillow and
		// x/image/tiff read it; RGB for three or more, as libtiff does.
		photo = pWhiteIsZero
		if spp >= 3 {
			photo = pRGB
		}
	}
	l.photometric = int(photo)
	switch photo {
	case pWhiteIsZero, pBlackIsZero, pPalette:
		l.colors = 1
	case pRGB, pCIELab:
		l.colors = 3
	case pYCbCr:
		if comp != compJPEG && comp != compOJPEG {
			return nil, unsupportedf("YCbCr samples without JPEG compression")
		}
		l.colors = 3
	case pSeparated:
		ink, err := d.uint(tagInkSet, 1)
		if err != nil {
			return nil, err
		}
		if ink != 1 {
			return nil, unsupportedf("separated (ink set %d) samples other than CMYK", ink)
		}
		inks, err := d.uint(tagNumberOfInks, 4)
		if err != nil {
			return nil, err
		}
		if inks != 4 {
			return nil, unsupportedf("separated samples of %d inks", inks)
		}
		l.colors = 4
	default:
		return nil, unsupportedf("%s", photometricName(photo))
	}
	if l.spp < l.colors {
		return nil, corruptf("%d samples per pixel for %s", l.spp, photometricName(photo))
	}
	extra, err := d.uints(tagExtraSamples)
	if err != nil {
		return nil, err
	}
	switch {
	case l.spp > l.colors && len(extra) > 0:
		switch extra[0] {
		case 1:
			l.alpha = alphaAssociated
		case 2:
			l.alpha = alphaUnassociated
		}
	case l.photometric == pRGB && l.spp == 4 && extra == nil:
		// RGB and a fourth sample not declared: alpha, as Pillow reads it.
		l.alpha = alphaUnassociated
	}
	if l.photometric == pPalette && l.bps > 8 {
		return nil, unsupportedf("palette of %d-bit indices", l.bps)
	}
	if l.photometric == pPalette && l.sampleFormat != fmtUint {
		return nil, unsupportedf("palette of %s indices", sampleFormatName(l.sampleFormat))
	}
	if l.photometric == pSeparated && l.alpha != alphaNone {
		return nil, unsupportedf("CMYK with alpha")
	}
	if l.photometric == pCIELab && (l.alpha != alphaNone || l.bps != 8 || l.sampleFormat != fmtUint) {
		return nil, unsupportedf("CIELab of %d-bit samples or with alpha", l.bps)
	}

	planar, err := d.uint(tagPlanarConfig, 1)
	if err != nil {
		return nil, err
	}
	switch planar {
	case 1:
	case 2:
		l.planar = l.spp > 1
	default:
		return nil, unsupportedf("PlanarConfiguration %d", planar)
	}
	pred, err := d.uint(tagPredictor, 1)
	if err != nil {
		return nil, err
	}
	switch {
	case pred == 1:
	case pred == 2 && l.sampleFormat != fmtFloat && (l.bps == 8 || l.bps == 16 || l.bps == 32):
	case pred == 3 && l.sampleFormat == fmtFloat:
	default:
		return nil, unsupportedf("predictor %d with %d-bit %s samples", pred, l.bps, sampleFormatName(l.sampleFormat))
	}
	l.predictor = int(pred)
	fill, err := d.uint(tagFillOrder, 1)
	if err != nil {
		return nil, err
	}
	switch fill {
	case 1:
	case 2:
		l.fillOrder2 = true
	default:
		return nil, unsupportedf("FillOrder %d", fill)
	}

	switch l.compression {
	case compRLE, compG3, compG4:
		if l.bps != 1 || l.spp != 1 {
			return nil, unsupportedf("CCITT compression of %d samples of %d bits", l.spp, l.bps)
		}
		opt := uint64(0)
		if l.compression == compG3 {
			if opt, err = d.uint(tagT4Options, 0); err != nil {
				return nil, err
			}
			if opt&1 != 0 {
				return nil, unsupportedf("CCITT Group 3 2-D compression")
			}
			if opt&2 != 0 {
				return nil, unsupportedf("CCITT Group 3 uncompressed mode")
			}
		} else {
			if opt, err = d.uint(tagT6Options, 0); err != nil {
				return nil, err
			}
			if opt&2 != 0 {
				return nil, unsupportedf("CCITT Group 4 uncompressed mode")
			}
		}
		l.t4Options = opt
	case compJPEG, compOJPEG:
		if l.bps != 8 || l.sampleFormat != fmtUint {
			return nil, unsupportedf("JPEG compression of %d-bit samples", l.bps)
		}
		if l.planar {
			return nil, unsupportedf("JPEG compression of planar samples")
		}
		if l.spp != l.colors || l.photometric == pCIELab {
			return nil, unsupportedf("JPEG compression of %d samples (%s)", l.spp, photometricName(photo))
		}
		if l.jpegTables, err = d.raw(tagJPEGTables); err != nil {
			return nil, err
		}
		if comp == compOJPEG {
			if l.colors == 4 {
				return nil, unsupportedf("old-style JPEG compression of CMYK")
			}
			if l.ojpeg, err = d.uint(tagJPEGInterchange, 0); err != nil {
				return nil, err
			}
			if l.ojpegLen, err = d.uint(tagJPEGInterchangeLength, 0); err != nil {
				return nil, err
			}
		}
	}
	if l.photometric == pPalette {
		cm, err := d.uints(tagColorMap)
		if err != nil {
			return nil, err
		}
		if len(cm) != 3<<l.bps {
			return nil, corruptf("palette of %d entries for %d-bit indices", len(cm), l.bps)
		}
		l.colorMap = make([]uint16, len(cm))
		for i, v := range cm {
			l.colorMap[i] = uint16(v)
		}
	}
	return l, nil
}

// parseBlocks reads the strips' or tiles' geometry and places.
func (l *layout) parseBlocks(d *ifd) error {
	var err error
	if l.compression == compOJPEG {
		// One block: the JPEG stream, wherever the strips are.
		l.blockW, l.blockH, l.across, l.down = l.width, l.height, 1, 1
		l.offsets = []uint64{l.ojpeg}
		l.counts = []uint64{math.MaxUint64}
		if l.ojpegLen > 0 {
			l.counts[0] = l.ojpegLen
		}
		return nil
	}
	offTag, countTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if d.has(tagTileWidth) || d.has(tagTileOffsets) {
		l.tiled = true
		offTag, countTag = tagTileOffsets, tagTileByteCounts
		tw, err := d.uint(tagTileWidth, 0)
		if err != nil {
			return err
		}
		th, err := d.uint(tagTileLength, 0)
		if err != nil {
			return err
		}
		// A tile is at most a little larger than the image: a tile
		// larger than that is a bomb, not a layout.
		area := uint64(l.width) * uint64(l.height)
		if tw == 0 || th == 0 || tw > uint64(l.width)+256 || th > uint64(l.height)+256 || tw*th > max(4*area, 1<<16) {
			return corruptf("tiles of %dx%d pixels in a %dx%d image", tw, th, l.width, l.height)
		}
		l.blockW, l.blockH = int(tw), int(th)
	} else {
		rps, err := d.uint(tagRowsPerStrip, math.MaxUint32)
		if err != nil {
			return err
		}
		if rps == 0 || rps > uint64(l.height) {
			rps = uint64(l.height)
		}
		l.blockW, l.blockH = l.width, int(rps)
	}
	l.across = (l.width + l.blockW - 1) / l.blockW
	l.down = (l.height + l.blockH - 1) / l.blockH
	n := l.across * l.down
	if l.planar {
		n *= l.spp
	}
	if l.offsets, err = d.uints(offTag); err != nil {
		return err
	}
	if l.counts, err = d.uints(countTag); err != nil {
		return err
	}
	if len(l.offsets) < n {
		return corruptf("%d strip or tile offsets for %d strips or tiles", len(l.offsets), n)
	}
	if l.counts == nil && l.compression == compNone && len(l.offsets) == n {
		// No byte counts: an uncompressed block is as long as its rows.
		l.counts = make([]uint64, n)
		for i := range l.counts {
			l.counts[i] = uint64(l.rowBytes() * l.blockH)
		}
	}
	if len(l.counts) < n {
		return corruptf("%d strip or tile byte counts for %d strips or tiles", len(l.counts), n)
	}
	return nil
}

// dimensions reads the image's width and height.
func (d *ifd) dimensions() (width, height int, err error) {
	w, err := d.uint(tagImageWidth, 0)
	if err != nil {
		return 0, 0, err
	}
	h, err := d.uint(tagImageLength, 0)
	if err != nil {
		return 0, 0, err
	}
	if w == 0 || h == 0 {
		return 0, 0, corruptf("image of %dx%d pixels", w, h)
	}
	if w > math.MaxInt32 || h > math.MaxInt32 {
		return 0, 0, unsupportedf("image of %dx%d pixels", w, h)
	}
	return int(w), int(h), nil
}

// perSample reads a tag with one value for each of spp samples, which
// must all be the same. As in libtiff, a single value stands for all
// samples, and values beyond the spp-th are ignored.
func perSample(d *ifd, tag uint16, spp, def int, name string) (int, error) {
	v, err := d.uints(tag)
	if err != nil {
		return 0, err
	}
	v = v[:min(len(v), spp)]
	if len(v) == 0 {
		return def, nil
	}
	for _, x := range v[1:] {
		if x != v[0] {
			return 0, unsupportedf("%s differing between samples (%v)", name, v)
		}
	}
	if v[0] > 64 {
		return 0, unsupportedf("%s of %d", name, v[0])
	}
	return int(v[0]), nil
}

// samplesPerPlane is how many samples a pixel has in one block.
func (l *layout) samplesPerPlane() int {
	if l.planar {
		return 1
	}
	return l.spp
}

// rowBytes is the bytes of one row of a block, once decompressed.
func (l *layout) rowBytes() int {
	return (l.blockW*l.samplesPerPlane()*l.bps + 7) / 8
}

func sampleFormatName(f int) string {
	switch f {
	case fmtUint:
		return "unsigned"
	case fmtInt:
		return "signed"
	case fmtFloat:
		return "floating-point"
	}
	return fmt.Sprintf("SampleFormat %d", f)
}

func photometricName(p uint64) string {
	switch p {
	case pWhiteIsZero:
		return "WhiteIsZero grey"
	case pBlackIsZero:
		return "BlackIsZero grey"
	case pRGB:
		return "RGB"
	case pPalette:
		return "palette"
	case pMask:
		return "transparency mask"
	case pSeparated:
		return "CMYK"
	case pYCbCr:
		return "YCbCr"
	case pCIELab:
		return "CIELab"
	case 9:
		return "ICCLab"
	case 10:
		return "ITULab"
	case 32844:
		return "LogL"
	case 32845:
		return "LogLuv"
	case 32803:
		return "colour filter array (raw) samples"
	case 34892:
		return "linear raw samples"
	}
	return fmt.Sprintf("PhotometricInterpretation %d", p)
}
