// Package tiffdec is augpipe's TIFF decoder. It reads the first image of
// a classic or BigTIFF file: grey of 1 to 16 bits, RGB, RGBA (associated
// or unassociated alpha), palette (with or without an alpha sample),
// CMYK and CIELab, unsigned, signed or floating-point samples, chunky or
// planar, in strips or tiles, uncompressed or compressed with LZW,
// Deflate, PackBits, CCITT modified Huffman, Group 3 (1-D) and Group 4,
// JPEG (new style, and old style holding a whole JPEG stream) or LZMA,
// with FillOrder 2 and the horizontal and floating-point predictors.
//
// It never makes pixels from a feature it does not understand: any tag
// value it does not handle fails with an *imgerr.UnsupportedError naming
// it ("unsupported TIFF feature: old-style JPEG compression"), and damaged
// data fails with an error matching imgerr.ErrCorrupt. Dimensions and
// DecodeConfig read only the header and the first IFD, so that a caller
// refuses a decompression bomb before Decode allocates anything.
package tiffdec
