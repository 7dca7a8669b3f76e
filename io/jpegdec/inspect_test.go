package jpegdec

// bit returns the next bit (the decoder reads its bits without branching
// on them: see decodeDCRefine).
func (r *bitReader) bit() bool {
	if r.n < 1 {
		r.fill()
	}
	b := r.acc>>63 != 0
	r.acc <<= 1
	r.n--
	return b
}

// inputTraits are properties of a JPEG input on which jpegdec and
// image/jpeg may legitimately disagree (see checkAgainstRef).
type inputTraits struct {
	// oddCoefs: a coefficient is outside what a conforming 8-bit encoder
	// produces: a progressive one that does not fit the 16 bits jpegdec
	// keeps, or a dequantised one outside -2048..2047, where the two
	// decoders' inverse DCTs round differently.
	oddCoefs bool
	// r0Symbols: a sequential scan has an AC symbol R0 with 0 < R < 15,
	// which T.81 defines only for progressive scans.
	r0Symbols bool
}

// inspect reads the coefficients of data as Decode does at full size,
// with the same marker, scan and restart handling but its own plain block
// decoding that keeps every coefficient in 32 bits, and reports the
// input's traits. It fails when Decode fails, but for RGB images, which
// Decode refuses and inspect reads.
func inspect(data []byte, maxPixels int64) (inputTraits, error) {
	var in inspector
	d := &in.d
	d.reset(data)
	d.max = maxPixels
	if err := d.parse(in.scan); err != nil {
		return in.traits, err
	}
	// Progressive coefficients are dequantised once every scan is read,
	// for the components that had one.
	for i := range in.coef {
		if in.coef[i] == nil {
			continue
		}
		c := &d.comp[i]
		for by := 0; by < c.ch; by++ {
			for bx := 0; bx < c.cw; bx++ {
				in.dequantised(&in.coef[i][by*c.bw+bx], &d.qt[c.tq])
			}
		}
	}
	return in.traits, nil
}

type inspector struct {
	d      Decoder
	traits inputTraits
	// coef holds the coefficients of a progressive image in zig-zag
	// order, a block each of the MCU-padded grid of a component that had
	// a scan.
	coef [3][][64]int32
}

func (in *inspector) scan(s *scan) error {
	d := &in.d
	if !d.progressive {
		return d.walk(s, in.sequentialBlock)
	}
	for i := 0; i < s.n; i++ {
		if ci := s.comp[i]; in.coef[ci] == nil {
			in.coef[ci] = make([][64]int32, d.comp[ci].bw*d.comp[ci].bh)
		}
	}
	return d.walk(s, in.progressiveBlock)
}

// dequantised notes whether a block's dequantised coefficients are out of
// the range of an 8-bit encoder's.
func (in *inspector) dequantised(coef *[64]int32, q *[64]int32) {
	for k, v := range coef {
		if v *= q[k]; v > 2047 || v < -2048 {
			in.traits.oddCoefs = true
		}
	}
}

// store sets a progressive coefficient, noting whether it fits 16 bits.
func (in *inspector) store(p *int32, v int32) {
	if v != int32(int16(v)) {
		in.traits.oddCoefs = true
	}
	*p = v
}

// symbol reads a Huffman-coded symbol.
func symbol(r *bitReader, h *huffTable) (sym uint8, err error) {
	if r.n < 32 {
		r.fill()
	}
	sym, ok := h.decode(r)
	if !ok {
		return 0, h.err()
	}
	return sym, nil
}

// dcDiff reads a DC difference (T.81 F.2.2.1).
func dcDiff(r *bitReader, h *huffTable) (int32, error) {
	sym, err := symbol(r, h)
	if err != nil {
		return 0, err
	}
	if sym > 16 {
		return 0, FormatError("DC difference too large")
	}
	return r.receiveExtend(uint(sym)), nil
}

// sequentialBlock reads a block of a sequential scan (F.2.2).
func (in *inspector) sequentialBlock(d *Decoder, s *scan, i int, c *component, _, _ int) error {
	r := &d.br
	diff, err := dcDiff(r, s.dc[i])
	if err != nil {
		return err
	}
	d.pred[i] += diff
	coef := [64]int32{d.pred[i]}
	eob, err := in.acBand(r, s.ac[i], &coef, 1, 63, 0)
	if err != nil {
		return err
	}
	// Decode ends the block at R0 symbols too.
	in.traits.r0Symbols = in.traits.r0Symbols || eob > 0
	// A block read past the end of the data fails the scan: only the
	// blocks read whole are judged.
	if !r.overrun() {
		in.dequantised(&coef, &d.qt[c.tq])
	}
	return nil
}

// progressiveBlock reads the part of a progressive block that scan s
// carries (G.1.2).
func (in *inspector) progressiveBlock(d *Decoder, s *scan, i int, c *component, bx, by int) error {
	r := &d.br
	coef := &in.coef[s.comp[i]][by*c.bw+bx]
	switch {
	case s.ss == 0 && s.ah == 0:
		diff, err := dcDiff(r, s.dc[i])
		if err != nil {
			return err
		}
		d.pred[i] += diff
		in.store(&coef[0], d.pred[i]<<s.al)
		return nil
	case s.ss == 0:
		if r.bit() {
			coef[0] |= 1 << s.al
		}
		return nil
	case s.ah == 0:
		return in.acFirst(d, s, coef)
	}
	return in.acRefine(d, s, coef)
}

// acFirst reads the first scan of a band of AC coefficients (G.1.2.2).
func (in *inspector) acFirst(d *Decoder, s *scan, coef *[64]int32) error {
	if d.eobrun > 0 {
		d.eobrun--
		return nil
	}
	r := &d.br
	eob, err := in.acBand(r, s.ac[0], coef, s.ss, s.se, s.al)
	if eob >= 0 {
		d.eobrun = 1<<eob - 1 + int(r.bits(uint(eob)))
	}
	return err
}

// acBand reads AC coefficients k0 to k1 of a block (F.2.2.2, G.1.2.2),
// shifted left by al, up to a symbol R0 ("end of block" or, in progressive
// scans, of 2^R blocks), whose R it returns (-1 if no such symbol ends the
// band).
func (in *inspector) acBand(r *bitReader, h *huffTable, coef *[64]int32, k0, k1 int, al uint) (eob int, err error) {
	for k := k0; k <= k1; k++ {
		sym, err := symbol(r, h)
		if err != nil {
			return -1, err
		}
		run, size := int(sym>>4), uint(sym&15)
		if size == 0 {
			if run == 15 {
				k += 15
				continue
			}
			return run, nil
		}
		if k += run; k > k1 {
			break
		}
		in.store(&coef[k], r.receiveExtend(size)<<al)
	}
	return -1, nil
}

// acRefine reads a successive-approximation refinement of a band of AC
// coefficients (G.1.2.3).
func (in *inspector) acRefine(d *Decoder, s *scan, coef *[64]int32) error {
	r := &d.br
	delta := int32(1) << s.al
	k := s.ss
	for ; d.eobrun == 0 && k <= s.se; k++ {
		sym, err := symbol(r, s.ac[0])
		if err != nil {
			return err
		}
		run, size := int(sym>>4), sym&15
		if size == 0 && run != 15 {
			d.eobrun = 1<<run | int(r.bits(uint(run)))
			break
		}
		if size > 1 {
			return FormatError("bad refinement symbol")
		}
		z := int32(0)
		if size == 1 {
			z = delta
			if !r.bit() {
				z = -z
			}
		}
		if k = in.refine(r, coef, k, s.se, run, delta); k > s.se {
			return FormatError("too many coefficients")
		}
		if z != 0 {
			coef[k] = z
		}
	}
	if d.eobrun > 0 {
		d.eobrun--
		in.refine(r, coef, k, s.se, -1, delta)
	}
	return nil
}

// refine adds a correction bit to each non-zero coefficient from k on up to
// the (zeros+1)th zero coefficient (never, if zeros < 0), whose index it
// returns.
func (in *inspector) refine(r *bitReader, coef *[64]int32, k, se, zeros int, delta int32) int {
	for ; k <= se; k++ {
		v := coef[k]
		if v == 0 {
			if zeros == 0 {
				break
			}
			zeros--
			continue
		}
		if r.bit() {
			if v > 0 {
				v += delta
			} else {
				v -= delta
			}
			in.store(&coef[k], v)
		}
	}
	return k
}
