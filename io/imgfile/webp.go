package imgfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"io"

	"golang.org/x/image/webp"
)

// WebP is read as libwebp reads it for Pillow:
//   - a lossy (VP8) image's samples are BT.601 limited-range YCbCr
//     (Y 16 to 235): they are turned into RGB with libwebp's own
//     arithmetic and its "fancy" chroma upsampling, not as the
//     full-range YCbCr of JPEG (which is how golang.org/x/image/webp's
//     *image.YCbCr would be read, washed out: golang/go#40173);
//   - of an animated file, the first frame is decoded and placed on its
//     canvas at its offset; the rest of the canvas is transparent.

// webpAnimated is the VP8X flag of an animated file.
const webpAnimated = 0x02

// webpCanvas returns the canvas size and flags of an extended (VP8X)
// WebP from its first 30 bytes; ok is false for a simple WebP.
func webpCanvas(head []byte) (w, h int, flags byte, ok bool) {
	if len(head) < 30 || string(head[12:16]) != "VP8X" {
		return 0, 0, 0, false
	}
	w = 1 + (int(head[24]) | int(head[25])<<8 | int(head[26])<<16)
	h = 1 + (int(head[27]) | int(head[28])<<8 | int(head[29])<<16)
	return w, h, head[20], true
}

// webpConfig reads a WebP's header: the canvas of an extended file, else
// what golang.org/x/image/webp reads.
func webpConfig(r io.Reader) (image.Config, error) {
	head := make([]byte, 30)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return image.Config{}, err
	}
	head = head[:n]
	if w, h, flags, ok := webpCanvas(head); ok && flags&webpAnimated != 0 {
		return image.Config{Width: w, Height: h}, nil
	}
	return webp.DecodeConfig(io.MultiReader(bytes.NewReader(head), r))
}

// decodeWebP decodes a WebP, or the first frame of an animated one, into
// an *image.RGBA, or an *image.NRGBA when it has transparency. An image,
// or a frame, of more than maxPixels pixels is refused from its header.
func decodeWebP(data []byte, maxPixels int64) (image.Image, error) {
	w, h, flags, ok := webpCanvas(data)
	if !ok || flags&webpAnimated == 0 {
		cfg, err := webp.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if err := checkPixels(cfg.Width, cfg.Height, maxPixels); err != nil {
			return nil, err
		}
		img, err := webp.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		return webpRGB(img), nil
	}
	if err := checkPixels(w, h, maxPixels); err != nil {
		return nil, err
	}
	var frame []byte
	webpChunks(data, func(fourcc string, p []byte) bool {
		if fourcc == "ANMF" {
			frame = p
			return false
		}
		return true
	})
	if frame == nil {
		return image.NewNRGBA(image.Rect(0, 0, w, h)), nil // an animation of no frames: its canvas
	}
	if len(frame) < 16 {
		return nil, fmt.Errorf("WebP animation frame header of %d bytes", len(frame))
	}
	x := 2 * (int(frame[0]) | int(frame[1])<<8 | int(frame[2])<<16)
	y := 2 * (int(frame[3]) | int(frame[4])<<8 | int(frame[5])<<16)
	fw := 1 + (int(frame[6]) | int(frame[7])<<8 | int(frame[8])<<16)
	fh := 1 + (int(frame[9]) | int(frame[10])<<8 | int(frame[11])<<16)
	still := webpStill(frame[16:], fw, fh)
	// The frame's own header, not the canvas, says what x/image/webp
	// allocates: it is checked too.
	fc, err := webp.DecodeConfig(bytes.NewReader(still))
	if err != nil {
		return nil, fmt.Errorf("first animation frame: %w", err)
	}
	if err := checkPixels(fc.Width, fc.Height, maxPixels); err != nil {
		return nil, err
	}
	img, err := webp.Decode(bytes.NewReader(still))
	if err != nil {
		return nil, fmt.Errorf("first animation frame: %w", err)
	}
	canvas := image.NewNRGBA(image.Rect(0, 0, w, h))
	fr := webpRGB(img)
	draw.Draw(canvas, image.Rect(x, y, x+fw, y+fh), fr, fr.Bounds().Min, draw.Src)
	return canvas, nil
}

// webpStill wraps an animation frame's chunks (an optional ALPH, then VP8
// or VP8L) into a still WebP file of fw x fh.
func webpStill(chunks []byte, fw, fh int) []byte {
	var body []byte
	if len(chunks) >= 4 && string(chunks[:4]) == "ALPH" {
		vp8x := make([]byte, 18)
		copy(vp8x, "VP8X")
		binary.LittleEndian.PutUint32(vp8x[4:], 10)
		vp8x[8] = 0x10 // alpha
		put24(vp8x[12:], fw-1)
		put24(vp8x[15:], fh-1)
		body = append(vp8x, chunks...)
	} else {
		body = chunks
	}
	out := make([]byte, 12, 12+len(body))
	copy(out, "RIFF")
	binary.LittleEndian.PutUint32(out[4:], uint32(4+len(body)))
	copy(out[8:], "WEBP")
	return append(out, body...)
}

func put24(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }

// webpRGB turns x/image/webp's limited-range YCbCr into RGB as libwebp
// does; other images (lossless WebP's NRGBA) are returned as they are.
func webpRGB(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.YCbCr:
		out := image.NewRGBA(m.Rect)
		vp8ToRGB(m, out.Pix, out.Stride)
		return out
	case *image.NYCbCrA:
		out := image.NewNRGBA(m.Rect)
		vp8ToRGB(&m.YCbCr, out.Pix, out.Stride)
		b := m.Rect
		for y := 0; y < b.Dy(); y++ {
			a := m.A[y*m.AStride : y*m.AStride+b.Dx()]
			row := out.Pix[y*out.Stride:]
			for x, v := range a {
				row[4*x+3] = v
			}
		}
		return out
	}
	return img
}

// vp8ToRGB writes m (4:2:0, limited range) as RGBA pixels of alpha 255
// into pix, with libwebp's fancy upsampler: each output row pair between
// two chroma rows mixes them 3:1, and each pixel its two nearest chroma
// columns 3:1 (9-3-3-1 in all).
func vp8ToRGB(m *image.YCbCr, pix []byte, stride int) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	if w == 0 || h == 0 {
		return
	}
	yRow := func(y int) []byte { return m.Y[y*m.YStride : y*m.YStride+w] }
	uRow := func(y int) []byte { return m.Cb[y*m.CStride:] }
	vRow := func(y int) []byte { return m.Cr[y*m.CStride:] }
	out := func(y int) []byte { return pix[y*stride : y*stride+4*w] }
	// The first row, from the first chroma row alone.
	upsamplePair(yRow(0), nil, uRow(0), vRow(0), uRow(0), vRow(0), out(0), nil, w)
	for y := 1; y+1 < h; y += 2 {
		c := (y + 1) / 2
		upsamplePair(yRow(y), yRow(y+1), uRow(c-1), vRow(c-1), uRow(c), vRow(c), out(y), out(y+1), w)
	}
	if h%2 == 0 { // the last row, from the last chroma row alone
		c := (h - 1) / 2
		upsamplePair(yRow(h-1), nil, uRow(c), vRow(c), uRow(c), vRow(c), out(h-1), nil, w)
	}
}

// upsamplePair is libwebp's UpsampleRgbaLinePair: rows top and bottom
// (nil for none) lie between chroma rows tu/tv (above) and cu/cv (below).
func upsamplePair(topY, botY, tu, tv, cu, cv, topDst, botDst []byte, n int) {
	last := (n - 1) >> 1
	tlU, tlV := int(tu[0]), int(tv[0])
	lU, lV := int(cu[0]), int(cv[0])
	yuvToRGB(topY[0], (3*tlU+lU+2)>>2, (3*tlV+lV+2)>>2, topDst[0:])
	if botY != nil {
		yuvToRGB(botY[0], (3*lU+tlU+2)>>2, (3*lV+tlV+2)>>2, botDst[0:])
	}
	for x := 1; x <= last; x++ {
		tU, tV := int(tu[x]), int(tv[x])
		U, V := int(cu[x]), int(cv[x])
		avgU := tlU + tU + lU + U + 8
		avgV := tlV + tV + lV + V + 8
		d12U, d12V := (avgU+2*(tU+lU))>>3, (avgV+2*(tV+lV))>>3
		d03U, d03V := (avgU+2*(tlU+U))>>3, (avgV+2*(tlV+V))>>3
		yuvToRGB(topY[2*x-1], (d12U+tlU)>>1, (d12V+tlV)>>1, topDst[4*(2*x-1):])
		yuvToRGB(topY[2*x], (d03U+tU)>>1, (d03V+tV)>>1, topDst[4*(2*x):])
		if botY != nil {
			yuvToRGB(botY[2*x-1], (d03U+lU)>>1, (d03V+lV)>>1, botDst[4*(2*x-1):])
			yuvToRGB(botY[2*x], (d12U+U)>>1, (d12V+V)>>1, botDst[4*(2*x):])
		}
		tlU, tlV, lU, lV = tU, tV, U, V
	}
	if n&1 == 0 {
		yuvToRGB(topY[n-1], (3*tlU+lU+2)>>2, (3*tlV+lV+2)>>2, topDst[4*(n-1):])
		if botY != nil {
			yuvToRGB(botY[n-1], (3*lU+tlU+2)>>2, (3*lV+tlV+2)>>2, botDst[4*(n-1):])
		}
	}
}

// yuvToRGB is libwebp's VP8YuvToRgba: BT.601 limited range, 14-bit fixed
// point.
func yuvToRGB(y byte, u, v int, dst []byte) {
	yy := int(y) * 19077 >> 8
	dst[0] = clip8(yy + v*26149>>8 - 14234)
	dst[1] = clip8(yy - u*6419>>8 - v*13320>>8 + 8708)
	dst[2] = clip8(yy + u*33050>>8 - 17685)
	dst[3] = 0xFF
}

func clip8(v int) byte {
	if v&^16383 == 0 {
		return byte(v >> 6)
	}
	if v < 0 {
		return 0
	}
	return 255
}
