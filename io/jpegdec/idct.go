package jpegdec

// Inverse DCTs, written from the separable 8-point factorisation of
// Loeffler, Ligtenberg and Moschytz (ICASSP 1989) in 13-bit fixed point,
// with reduced-size variants that give the exact box average of the full
// 8x8 output directly from the coefficients.
//
// The reduced variants follow from the cosine basis. With the 1-D inverse
// x[n] = sum_k C(k)/2 F[k] cos((2n+1)k pi/16), the mean of samples 2m and
// 2m+1 is sum_k C(k)/2 F[k] cos(k pi/16) cos((2m+1)k pi/8). For k = 4 the
// last factor is zero and for k > 4 it equals -cos((2m+1)(8-k) pi/8), so
// the 2:1 average is a 4-point inverse DCT of the folded coefficients
// G[k] = cos(k pi/16) F[k] - cos((8-k) pi/16) F[8-k], k = 1..3. Applying the
// same folding once more gives the 4:1 average (only F0, F1, F3, F5 and F7
// contribute), and the 8:1 average is the DC term alone. Outputs are thus
// the same as decoding at full size and box-averaging, up to rounding and
// the clamping of intermediate pixels to 0..255.
//
// All 1-D passes use the same scaling as the 8-point flow graph (output =
// 2*sqrt(2) times the true sample), so the second pass divides by 8.

const (
	constBits = 13
	pass1Bits = 2

	fix0_298631336 = 2446
	fix0_390180644 = 3196
	fix0_541196100 = 4433
	fix0_765366865 = 6270
	fix0_899976223 = 7373
	fix1_175875602 = 9633
	fix1_501321110 = 12299
	fix1_847759065 = 15137
	fix1_961570560 = 16069
	fix2_053119869 = 16819
	fix2_562915447 = 20995
	fix3_072711026 = 25172

	// 2:1 folding: cos(pi/8), cos(3pi/8) for the even part and products of
	// cos(pi/8) or cos(3pi/8) with sqrt(2)cos(k pi/16) for the odd part.
	fixCa  = 7568
	fixCb  = 3135
	fixK11 = 10498
	fixK17 = 2088
	fixK33 = 3686
	fixK35 = 2463
	fixK31 = 4348
	fixK37 = 865
	fixK13 = 8900
	fixK15 = 5946
	// 4:1 folding: the same times cos(pi/4).
	fixL1 = 7423
	fixL7 = 1477
	fixL3 = 2607
	fixL5 = 1742

	pass1Shift = constBits - pass1Bits
	pass2Shift = constBits + pass1Bits + 3
	// bias added to a pass-2 DC input: the +128 level shift and rounding.
	pass2Bias = 128<<(pass1Bits+3) + 1<<(pass1Bits+2)
)

func clamp8(v int32) uint8 {
	if uint32(v) > 255 {
		if v < 0 {
			return 0
		}
		return 255
	}
	return uint8(v)
}

// idct8 transforms the dequantised coefficients in (natural order) into an
// 8x8 block of samples at dst with the given stride.
func idct8(in *[64]int32, dst []byte, stride int) {
	var ws [64]int32
	for c := 0; c < 8; c++ {
		if in[8+c]|in[16+c]|in[24+c]|in[32+c]|in[40+c]|in[48+c]|in[56+c] == 0 {
			dc := in[c] << pass1Bits
			ws[c], ws[8+c], ws[16+c], ws[24+c] = dc, dc, dc, dc
			ws[32+c], ws[40+c], ws[48+c], ws[56+c] = dc, dc, dc, dc
			continue
		}
		if in[32+c]|in[40+c]|in[48+c]|in[56+c] == 0 {
			// Only rows 0-3: the same arithmetic with the zero terms
			// dropped.
			f0 := in[c] << constBits
			t2 := in[16+c] * fix0_541196100
			t3 := in[16+c] * (fix0_541196100 + fix0_765366865)
			t10, t13 := f0+t3, f0-t3
			t11, t12 := f0+t2, f0-t2
			o2, o3 := in[24+c], in[8+c]
			z5 := (o2 + o3) * fix1_175875602
			z3 := o2*-fix1_961570560 + z5
			z4 := o3*-fix0_390180644 + z5
			p0 := o3*-fix0_899976223 + z3
			p1 := o2*-fix2_562915447 + z4
			p2 := o2*(fix3_072711026-fix2_562915447) + z3
			p3 := o3*(fix1_501321110-fix0_899976223) + z4
			const r = 1 << (pass1Shift - 1)
			ws[c] = (t10 + p3 + r) >> pass1Shift
			ws[56+c] = (t10 - p3 + r) >> pass1Shift
			ws[8+c] = (t11 + p2 + r) >> pass1Shift
			ws[48+c] = (t11 - p2 + r) >> pass1Shift
			ws[16+c] = (t12 + p1 + r) >> pass1Shift
			ws[40+c] = (t12 - p1 + r) >> pass1Shift
			ws[24+c] = (t13 + p0 + r) >> pass1Shift
			ws[32+c] = (t13 - p0 + r) >> pass1Shift
			continue
		}
		// Even part.
		z2, z3 := in[16+c], in[48+c]
		z1 := (z2 + z3) * fix0_541196100
		t2 := z1 - z3*fix1_847759065
		t3 := z1 + z2*fix0_765366865
		z2, z3 = in[c], in[32+c]
		t0 := (z2 + z3) << constBits
		t1 := (z2 - z3) << constBits
		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		// Odd part.
		o0, o1, o2, o3 := in[56+c], in[40+c], in[24+c], in[8+c]
		z1 = o0 + o3
		z2 = o1 + o2
		z3 = o0 + o2
		z4 := o1 + o3
		z5 := (z3 + z4) * fix1_175875602
		o0 *= fix0_298631336
		o1 *= fix2_053119869
		o2 *= fix3_072711026
		o3 *= fix1_501321110
		z1 *= -fix0_899976223
		z2 *= -fix2_562915447
		z3 = z3*-fix1_961570560 + z5
		z4 = z4*-fix0_390180644 + z5
		o0 += z1 + z3
		o1 += z2 + z4
		o2 += z2 + z3
		o3 += z1 + z4
		const r = 1 << (pass1Shift - 1)
		ws[c] = (t10 + o3 + r) >> pass1Shift
		ws[56+c] = (t10 - o3 + r) >> pass1Shift
		ws[8+c] = (t11 + o2 + r) >> pass1Shift
		ws[48+c] = (t11 - o2 + r) >> pass1Shift
		ws[16+c] = (t12 + o1 + r) >> pass1Shift
		ws[40+c] = (t12 - o1 + r) >> pass1Shift
		ws[24+c] = (t13 + o0 + r) >> pass1Shift
		ws[32+c] = (t13 - o0 + r) >> pass1Shift
	}
	for y := 0; y < 8; y++ {
		w := ws[y*8 : y*8+8 : y*8+8]
		d := dst[y*stride : y*stride+8 : y*stride+8]
		if w[1]|w[2]|w[3]|w[4]|w[5]|w[6]|w[7] == 0 {
			v := clamp8((w[0] + pass2Bias) >> (pass1Bits + 3))
			d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7] = v, v, v, v, v, v, v, v
			continue
		}
		if w[4]|w[5]|w[6]|w[7] == 0 {
			f0 := (w[0] + pass2Bias) << constBits
			t2 := w[2] * fix0_541196100
			t3 := w[2] * (fix0_541196100 + fix0_765366865)
			t10, t13 := f0+t3, f0-t3
			t11, t12 := f0+t2, f0-t2
			o2, o3 := w[3], w[1]
			z5 := (o2 + o3) * fix1_175875602
			z3 := o2*-fix1_961570560 + z5
			z4 := o3*-fix0_390180644 + z5
			p0 := o3*-fix0_899976223 + z3
			p1 := o2*-fix2_562915447 + z4
			p2 := o2*(fix3_072711026-fix2_562915447) + z3
			p3 := o3*(fix1_501321110-fix0_899976223) + z4
			d[0] = clamp8((t10 + p3) >> pass2Shift)
			d[7] = clamp8((t10 - p3) >> pass2Shift)
			d[1] = clamp8((t11 + p2) >> pass2Shift)
			d[6] = clamp8((t11 - p2) >> pass2Shift)
			d[2] = clamp8((t12 + p1) >> pass2Shift)
			d[5] = clamp8((t12 - p1) >> pass2Shift)
			d[3] = clamp8((t13 + p0) >> pass2Shift)
			d[4] = clamp8((t13 - p0) >> pass2Shift)
			continue
		}
		z2, z3 := w[2], w[6]
		z1 := (z2 + z3) * fix0_541196100
		t2 := z1 - z3*fix1_847759065
		t3 := z1 + z2*fix0_765366865
		z2, z3 = w[0]+pass2Bias, w[4]
		t0 := (z2 + z3) << constBits
		t1 := (z2 - z3) << constBits
		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		o0, o1, o2, o3 := w[7], w[5], w[3], w[1]
		z1 = o0 + o3
		z2 = o1 + o2
		z3 = o0 + o2
		z4 := o1 + o3
		z5 := (z3 + z4) * fix1_175875602
		o0 *= fix0_298631336
		o1 *= fix2_053119869
		o2 *= fix3_072711026
		o3 *= fix1_501321110
		z1 *= -fix0_899976223
		z2 *= -fix2_562915447
		z3 = z3*-fix1_961570560 + z5
		z4 = z4*-fix0_390180644 + z5
		o0 += z1 + z3
		o1 += z2 + z4
		o2 += z2 + z3
		o3 += z1 + z4
		d[0] = clamp8((t10 + o3) >> pass2Shift)
		d[7] = clamp8((t10 - o3) >> pass2Shift)
		d[1] = clamp8((t11 + o2) >> pass2Shift)
		d[6] = clamp8((t11 - o2) >> pass2Shift)
		d[2] = clamp8((t12 + o1) >> pass2Shift)
		d[5] = clamp8((t12 - o1) >> pass2Shift)
		d[3] = clamp8((t13 + o0) >> pass2Shift)
		d[4] = clamp8((t13 - o0) >> pass2Shift)
	}
}

// idct4 writes the 4x4 block that is the 2x2 box average of idct8's output.
func idct4(in *[64]int32, dst []byte, stride int) {
	var ws [32]int32 // 4 rows of 8
	for c := 0; c < 8; c++ {
		if c == 4 {
			continue // column 4 does not contribute to 2:1 averages
		}
		f1, f2, f3, f5, f6, f7 := in[8+c], in[16+c], in[24+c], in[40+c], in[48+c], in[56+c]
		if f1|f2|f3|f5|f6|f7 == 0 {
			dc := in[c] << pass1Bits
			ws[c], ws[8+c], ws[16+c], ws[24+c] = dc, dc, dc, dc
			continue
		}
		e := f2*fixCa - f6*fixCb
		f0 := in[c] << constBits
		e0, e1 := f0+e, f0-e
		o0 := f1*fixK11 - f7*fixK17 + f3*fixK33 - f5*fixK35
		o1 := f1*fixK31 - f7*fixK37 - f3*fixK13 + f5*fixK15
		const r = 1 << (pass1Shift - 1)
		ws[c] = (e0 + o0 + r) >> pass1Shift
		ws[8+c] = (e1 + o1 + r) >> pass1Shift
		ws[16+c] = (e1 - o1 + r) >> pass1Shift
		ws[24+c] = (e0 - o0 + r) >> pass1Shift
	}
	for y := 0; y < 4; y++ {
		w := ws[y*8 : y*8+8 : y*8+8]
		d := dst[y*stride : y*stride+4 : y*stride+4]
		f0 := (w[0] + pass2Bias) << constBits
		e := w[2]*fixCa - w[6]*fixCb
		e0, e1 := f0+e, f0-e
		o0 := w[1]*fixK11 - w[7]*fixK17 + w[3]*fixK33 - w[5]*fixK35
		o1 := w[1]*fixK31 - w[7]*fixK37 - w[3]*fixK13 + w[5]*fixK15
		d[0] = clamp8((e0 + o0) >> pass2Shift)
		d[1] = clamp8((e1 + o1) >> pass2Shift)
		d[2] = clamp8((e1 - o1) >> pass2Shift)
		d[3] = clamp8((e0 - o0) >> pass2Shift)
	}
}

// idct2 writes the 2x2 block that is the 4x4 box average of idct8's output.
func idct2(in *[64]int32, dst []byte, stride int) {
	var ws [16]int32 // 2 rows of 8
	for _, c := range [...]int{0, 1, 3, 5, 7} {
		f0 := in[c] << constBits
		d := in[8+c]*fixL1 - in[56+c]*fixL7 - in[24+c]*fixL3 + in[40+c]*fixL5
		const r = 1 << (pass1Shift - 1)
		ws[c] = (f0 + d + r) >> pass1Shift
		ws[8+c] = (f0 - d + r) >> pass1Shift
	}
	for y := 0; y < 2; y++ {
		w := ws[y*8 : y*8+8 : y*8+8]
		f0 := (w[0] + pass2Bias) << constBits
		d := w[1]*fixL1 - w[7]*fixL7 - w[3]*fixL3 + w[5]*fixL5
		o := dst[y*stride : y*stride+2 : y*stride+2]
		o[0] = clamp8((f0 + d) >> pass2Shift)
		o[1] = clamp8((f0 - d) >> pass2Shift)
	}
}

// idct1 writes the mean of idct8's output: the DC term.
func idct1(in *[64]int32, dst []byte, _ int) {
	dst[0] = clamp8((in[0] + 4 + 128*8) >> 3)
}
