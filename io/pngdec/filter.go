package pngdec

import "encoding/binary"

// The four PNG filters, undone in place: cdat is the current row, pdat the
// previous one already unfiltered (zeros above the first row), bpp the
// bytes per pixel rounded up (the distance to the byte on the left).

func unfilterSub(cdat []byte, bpp int) {
	if bpp == 3 {
		// The running left values in registers, not read back.
		n := len(cdat) / 3 * 3
		cdat := cdat[:n]
		var a0, a1, a2 uint8
		for i := 0; i+3 <= len(cdat); i += 3 {
			q := cdat[i : i+3 : i+3]
			a0, a1, a2 = a0+q[0], a1+q[1], a2+q[2]
			q[0], q[1], q[2] = a0, a1, a2
		}
		return
	}
	for i := bpp; i < len(cdat); i++ {
		cdat[i] += cdat[i-bpp]
	}
}

// unfilterUp adds pdat to cdat bytewise, eight bytes at a time: the low
// seven bits of each byte are added apart from the top bit, so that no
// carry crosses into the next byte.
func unfilterUp(cdat, pdat []byte) {
	const lo, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	pdat = pdat[:len(cdat)]
	i := 0
	for ; i+8 <= len(cdat); i += 8 {
		a := binary.LittleEndian.Uint64(cdat[i:])
		b := binary.LittleEndian.Uint64(pdat[i:])
		binary.LittleEndian.PutUint64(cdat[i:], (a&lo)+(b&lo)^((a^b)&hi))
	}
	for ; i < len(cdat); i++ {
		cdat[i] += pdat[i]
	}
}

func unfilterAverage(cdat, pdat []byte, bpp int) {
	switch bpp {
	case 3:
		average3(cdat, pdat)
		return
	case 4:
		average4(cdat, pdat)
		return
	}
	pdat = pdat[:len(cdat)]
	for i := 0; i < bpp && i < len(cdat); i++ {
		cdat[i] += pdat[i] / 2
	}
	for i := bpp; i < len(cdat); i++ {
		cdat[i] += uint8((int(cdat[i-bpp]) + int(pdat[i])) / 2)
	}
}

// average3 undoes the Average filter for 3-byte pixels, the running left
// values in registers rather than read back from the row just written.
func average3(cdat, pdat []byte) {
	n := len(cdat) / 3 * 3
	cdat, pdat = cdat[:n], pdat[:n]
	var a0, a1, a2 int
	for i := 0; i+3 <= len(cdat); i += 3 {
		p := pdat[i : i+3 : i+3]
		q := cdat[i : i+3 : i+3]
		a0 = (int(q[0]) + (a0+int(p[0]))>>1) & 0xff
		a1 = (int(q[1]) + (a1+int(p[1]))>>1) & 0xff
		a2 = (int(q[2]) + (a2+int(p[2]))>>1) & 0xff
		q[0], q[1], q[2] = uint8(a0), uint8(a1), uint8(a2)
	}
}

// average4 is average3 for 4-byte pixels.
func average4(cdat, pdat []byte) {
	n := len(cdat) / 4 * 4
	cdat, pdat = cdat[:n], pdat[:n]
	var a0, a1, a2, a3 int
	for i := 0; i+4 <= len(cdat); i += 4 {
		p := pdat[i : i+4 : i+4]
		q := cdat[i : i+4 : i+4]
		a0 = (int(q[0]) + (a0+int(p[0]))>>1) & 0xff
		a1 = (int(q[1]) + (a1+int(p[1]))>>1) & 0xff
		a2 = (int(q[2]) + (a2+int(p[2]))>>1) & 0xff
		a3 = (int(q[3]) + (a3+int(p[3]))>>1) & 0xff
		q[0], q[1], q[2], q[3] = uint8(a0), uint8(a1), uint8(a2), uint8(a3)
	}
}

// paeth is the Paeth predictor of a (left), b (above) and c (above left):
// the one of the three nearest to a + b - c, a first and b second on ties.
// Distances are compared squared, which orders them as their absolute
// values, and keeps the function small enough to be inlined.
func paeth(a, b, c int) int {
	pa, pb := b-c, a-c
	pc := pa + pb
	pa, pb, pc = pa*pa, pb*pb, pc*pc
	if pb < pa {
		a, pa = b, pb
	}
	if pc < pa {
		a = c
	}
	return a
}

func unfilterPaeth(cdat, pdat []byte, bpp int) {
	switch bpp {
	case 3:
		paeth3(cdat, pdat, 3)
	case 4:
		paeth4(cdat, pdat, 4)
	case 6: // 16-bit RGB: bytes 0-2, then 3-5, of each pixel in step
		paeth3(cdat, pdat, 6)
		paeth3(cdat[3:], pdat[3:], 6)
	case 8: // 16-bit RGBA
		paeth4(cdat, pdat, 8)
		paeth4(cdat[4:], pdat[4:], 8)
	default:
		paethN(cdat, pdat, bpp)
	}
}

// paeth3 undoes the Paeth filter for three bytes of each stride-byte
// pixel (bpp stride), the three in step, each one's running left and
// above-left values in registers: independent chains the processor
// overlaps, where a byte at a time waits on the one before.
func paeth3(cdat, pdat []byte, stride int) {
	pdat = pdat[:len(cdat)]
	var a0, a1, a2, c0, c1, c2 int
	for i := 0; i+3 <= len(cdat); i += stride {
		p := pdat[i : i+3 : i+3]
		q := cdat[i : i+3 : i+3]
		b0, b1, b2 := int(p[0]), int(p[1]), int(p[2])
		a0 = (paeth(a0, b0, c0) + int(q[0])) & 0xff
		a1 = (paeth(a1, b1, c1) + int(q[1])) & 0xff
		a2 = (paeth(a2, b2, c2) + int(q[2])) & 0xff
		q[0], q[1], q[2] = uint8(a0), uint8(a1), uint8(a2)
		c0, c1, c2 = b0, b1, b2
	}
}

// paeth4 is paeth3 for four bytes of each pixel.
func paeth4(cdat, pdat []byte, stride int) {
	pdat = pdat[:len(cdat)]
	var a0, a1, a2, a3, c0, c1, c2, c3 int
	for i := 0; i+4 <= len(cdat); i += stride {
		p := pdat[i : i+4 : i+4]
		q := cdat[i : i+4 : i+4]
		b0, b1, b2, b3 := int(p[0]), int(p[1]), int(p[2]), int(p[3])
		a0 = (paeth(a0, b0, c0) + int(q[0])) & 0xff
		a1 = (paeth(a1, b1, c1) + int(q[1])) & 0xff
		a2 = (paeth(a2, b2, c2) + int(q[2])) & 0xff
		a3 = (paeth(a3, b3, c3) + int(q[3])) & 0xff
		q[0], q[1], q[2], q[3] = uint8(a0), uint8(a1), uint8(a2), uint8(a3)
		c0, c1, c2, c3 = b0, b1, b2, b3
	}
}

// paethN undoes the Paeth filter for any pixel size, a channel at a time.
func paethN(cdat, pdat []byte, bpp int) {
	pdat = pdat[:len(cdat)]
	for i := 0; i < bpp; i++ {
		a, c := 0, 0
		for j := i; j < len(cdat); j += bpp {
			b := int(pdat[j])
			a = (paeth(a, b, c) + int(cdat[j])) & 0xff
			cdat[j] = uint8(a)
			c = b
		}
	}
}
