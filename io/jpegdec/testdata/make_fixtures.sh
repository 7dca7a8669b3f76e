#!/bin/sh
# Regenerates the tiny JPEG fixtures in this directory from samples/chelsea.jpg.
# Needs ImageMagick (convert) and libjpeg-turbo-progs (cjpeg).
set -e
cd "$(dirname "$0")"
src=../../../samples/chelsea.jpg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
convert "$src" -resize 37x29! "$tmp/a.ppm"
convert "$src" -resize 64x48! "$tmp/b.ppm"
convert "$src" -resize 17x9! "$tmp/c.ppm"
convert "$src" -resize 1x1! "$tmp/d.ppm"
convert "$tmp/a.ppm" -colorspace Gray "$tmp/a.pgm"
q="-quality 85"
cjpeg $q -sample 2x2 "$tmp/a.ppm" > base420.jpg
cjpeg $q -sample 2x1 "$tmp/a.ppm" > base422.jpg
cjpeg $q -sample 1x2 "$tmp/a.ppm" > base440.jpg
cjpeg $q -sample 4x1 "$tmp/b.ppm" > base411.jpg
cjpeg $q -sample 4x2 "$tmp/b.ppm" > base410.jpg
cjpeg $q -sample 1x1 "$tmp/c.ppm" > base444_17x9.jpg
cjpeg $q -sample 2x1,2x1,2x1 "$tmp/a.ppm" > base444_h2v1.jpg
cjpeg $q -sample 2x2 "$tmp/d.ppm" > base420_1x1.jpg
cjpeg $q -sample 2x2 -restart 1B "$tmp/a.ppm" > base420_rst1.jpg
cjpeg $q -sample 1x1 -restart 1 "$tmp/b.ppm" > base444_rstrow.jpg
cjpeg $q -grayscale "$tmp/a.ppm" > gray.jpg
cjpeg $q -grayscale -progressive -restart 1B "$tmp/a.ppm" > gray_prog_rst.jpg
cjpeg $q -sample 2x2 -progressive "$tmp/a.ppm" > prog420.jpg
cjpeg $q -sample 2x1 -progressive "$tmp/b.ppm" > prog422.jpg
cjpeg $q -sample 1x2 -progressive "$tmp/c.ppm" > prog440.jpg
cjpeg $q -sample 1x1 -progressive "$tmp/c.ppm" > prog444.jpg
cjpeg $q -sample 2x2 -progressive -restart 1B "$tmp/a.ppm" > prog420_rst1.jpg
cjpeg $q -sample 1x1 -progressive -restart 2B "$tmp/a.ppm" > prog444_rst2.jpg
cjpeg $q -optimize "$tmp/a.ppm" > base420_opt.jpg
# Inputs this package leaves to image/jpeg.
cjpeg $q -rgb "$tmp/a.ppm" > unsup_rgb.jpg
convert "$tmp/a.ppm" -colorspace CMYK -quality 85 unsup_cmyk.jpg
# image/jpeg miscounts restart intervals in non-interleaved scans of a
# component with several blocks per MCU and rejects prog420_rst1.jpg; its
# lossless sequential transcode holds the same coefficients and serves as
# the reference.
jpegtran -restart 0 prog420_rst1.jpg > prog420_rst1_seq.jpg
# Arithmetic coding (SOF9, SOF10), each with its lossless Huffman transcode
# as image/jpeg's reference (the same coefficients).
jpegtran -arithmetic base420.jpg > arith420.jpg
jpegtran -arithmetic -progressive -restart 1 base422.jpg > arith_prog422_rst1.jpg
jpegtran -arithmetic -progressive gray.jpg > arith_gray_prog.jpg
jpegtran -arithmetic -restart 1 base444_17x9.jpg > arith444_rst1.jpg
for f in arith*.jpg; do
	case $f in *_seq.jpg) continue ;; esac
	jpegtran "$f" > "${f%.jpg}_seq.jpg"
done
