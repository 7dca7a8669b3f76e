package jpegdec

import "image"

// What Options.Partial keeps of a damaged file:
//   - a sequential image whose one scan holds every component (interleaved,
//     or grey) keeps the MCU rows decoded before the damage; the sample
//     rows below them repeat the last of those rows;
//   - a sequential image whose scans are whole, damaged after them, is
//     kept whole;
//   - a progressive image keeps every scan read before the damage, once
//     each component's first DC scan is whole: the image is then whole, at
//     the detail those scans give.
// Anything else (a sequential image in several scans, a progressive one
// damaged in its first DC scans, damage before any row) keeps nothing.

// partialScan decodes scan s as decodeScan does and notes how far the
// image got, for partial.
func (d *Decoder) partialScan(s *scan) error {
	d.mcuRow = 0
	if err := d.decodeScan(s); err != nil {
		d.damaged = s
		return err
	}
	if d.progressive && s.ss == 0 && s.ah == 0 {
		for i := 0; i < s.n; i++ {
			d.dcDone |= 1 << s.comp[i]
		}
	}
	return nil
}

// partial returns the image decoded before parse failed, as the comment
// above says, or nil.
func (d *Decoder) partial() image.Image {
	s := d.damaged
	if d.ycc == nil && d.gray == nil {
		return nil
	}
	if s == nil && !d.progressive { // damage after whole scans
		for i := 0; i < d.nComp; i++ {
			if !d.comp[i].scanned {
				return nil
			}
		}
		return d.image()
	}
	if d.progressive {
		if d.dcDone != 1<<d.nComp-1 {
			return nil
		}
		d.reconstructProgressive()
		return d.image()
	}
	if d.scans != 1 || s.n != d.nComp || d.mcuRow == 0 {
		return nil
	}
	for i := 0; i < d.nComp; i++ {
		c := &d.comp[i]
		rows := c.bh * d.bs // the plane's sample rows (allocate made them)
		done := d.mcuRow * c.v * d.bs
		last := c.plane[(done-1)*c.stride : done*c.stride]
		for y := done; y < rows; y++ {
			copy(c.plane[y*c.stride:(y+1)*c.stride], last)
		}
	}
	return d.image()
}

// image returns the decoded image cropped to its size at d's scale.
func (d *Decoder) image() image.Image {
	r := image.Rect(0, 0, (d.width+d.scale-1)/d.scale, (d.height+d.scale-1)/d.scale)
	if d.gray != nil {
		return d.gray.SubImage(r)
	}
	return d.ycc.SubImage(r)
}
