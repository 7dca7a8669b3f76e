#!/bin/sh
# pngsets.sh CORPUS OUT: writes the two PNG sets of the benchmark's --png mode
# (files already there are kept):
#   OUT/photos   the six corpus photos Bridge, Dragonfly, Picture_0B, Wine, free
#                and life, converted by ImageMagick's convert with default settings
#                (8-bit RGB, non-interlaced);
#   OUT/dataset  a dataset-like set made from the 14 corpus photos, each turned
#                into one kind of PNG in turn - 8-bit RGB, 8-bit RGBA (translucent),
#                paletted (256 colours), interlaced (Adam7) 8-bit RGB and 16-bit
#                RGB - and resized so that its longer side is 1600, 2048, 2560 or
#                3072 pixels in turn (shrinking it, never enlarging).
# Needs ImageMagick (Debian: apt-get install imagemagick).
set -eu
corpus=$1
out=$2
command -v convert >/dev/null || { echo "pngsets.sh: ImageMagick's convert not found (apt-get install imagemagick)" >&2; exit 1; }
mkdir -p "$out/photos" "$out/dataset"
for stem in Bridge Dragonfly Picture_0B Wine free life; do
	for src in "$corpus/$stem"_*.jpg; do
		[ -f "$src" ] || { echo "pngsets.sh: no $stem photo in $corpus" >&2; exit 1; }
		dst="$out/photos/$(basename "$src" .jpg).png"
		[ -f "$dst" ] || convert "$src" "$dst"
	done
done
i=0
for src in "$corpus"/*.jpg; do
	kinds="rgb8 rgba8 palette8 interlaced rgb16"
	sizes="1600 2048 2560 3072"
	kind=$(echo $kinds | cut -d' ' -f$((i % 5 + 1)))
	size=$(echo $sizes | cut -d' ' -f$((i % 4 + 1)))
	dst="$out/dataset/$(printf %02d $i)-$kind-$(basename "$src" .jpg).png"
	i=$((i + 1))
	[ -f "$dst" ] && continue
	resize="-resize ${size}x${size}>"
	case $kind in
	rgb8) convert "$src" $resize PNG24:"$dst" ;;
	rgba8) convert "$src" $resize -alpha set -channel A -evaluate set 75% +channel PNG32:"$dst" ;;
	palette8) convert "$src" $resize -colors 256 PNG8:"$dst" ;;
	interlaced) convert "$src" $resize -interlace PNG PNG24:"$dst" ;;
	rgb16) convert "$src" $resize -depth 16 PNG48:"$dst" ;;
	esac
done
