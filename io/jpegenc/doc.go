// Package jpegenc is augpipe's baseline JPEG encoder (ITU-T T.81 SOF0,
// 8-bit, Huffman coded with the standard tables of its Annex K).
//
// It reads planar samples straight from the image it is given: the Y, Cb
// and Cr planes of an *image.YCbCr (any subsampling) or the grey plane of
// an *image.Gray. Other images are converted to Y, Cb and Cr one row of
// blocks at a time, never as a whole image. Its output is 4:2:0 by default
// (Sub420) or 4:4:4 (Sub444); an *image.Gray gives a one-component
// (greyscale) JPEG.
//
// For the same quality and a 4:2:0 output it writes the same bytes as Go's
// image/jpeg (Go 1.26): the same markers (SOI, DQT, SOF0, DHT, SOS, EOI and
// nothing else), the same quantisation tables scaled by quality as
// libjpeg does, the same integer forward DCT and rounding, the same
// chroma averaging and edge replication. What differs is how the work is
// done: samples are read row by row from the planes instead of pixel by
// pixel, quantisation multiplies by exact reciprocals instead of dividing,
// only the non-zero coefficients are visited, and the bit writer collects
// 64 bits before it stores them. docs/jpegenc.md has the design and the
// measurements.
package jpegenc
