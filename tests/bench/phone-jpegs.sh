#!/bin/sh
# phone-jpegs.sh DIR N — makes N phone-sized JPEGs in DIR (4000x3000, about 4.5 MB) that
# carry what a phone writes: EXIF with GPS, dates, make and model, Apple maker notes and an
# EXIF thumbnail (copied from a corpus iPhone photo with exiftool), owner and serial
# numbers, XMP, a comment, and a motion-photo video appended after EOI.
# Cached: does nothing when DIR already holds N such files.
set -eu
dir=${1:?usage: phone-jpegs.sh DIR N} n=${2:?usage: phone-jpegs.sh DIR N}
: "${CORPUS:?CORPUS must name the shared corpus}"
src="$CORPUS/jpg/hdr/iphone_hdr_YES.jpg"
mkdir -p "$dir"
have=$(find "$dir" -maxdepth 1 -name 'phone-*.jpg' | wc -l)
[ "$have" -ge "$n" ] && exit 0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/phone-jpegs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Noise compresses like a detailed photo: three independent bands at quality 88.
for b in 1 2 3; do
	vips gaussnoise "$tmp/n$b.v" 4000 3000 --sigma 16 --mean 128
done
vips bandjoin "$tmp/n1.v $tmp/n2.v $tmp/n3.v" "$tmp/f.v"
vips cast "$tmp/f.v" "$tmp/u.v" uchar
vips copy "$tmp/u.v" "$tmp/s.v" --interpretation srgb
vips jpegsave "$tmp/s.v" "$tmp/base.jpg" --Q 88 --strip
exiftool -q -q -overwrite_original -tagsFromFile "$src" -all:all -ThumbnailImage \
	-Orientation#=6 -Artist="Alice Example" -OwnerName="Alice Example" \
	-SerialNumber=SN0042424242 -LensSerialNumber=LS77 -Comment="taken at the farm" \
	-XMP-dc:Creator="Alice Example" -XMP-dc:Description="our allotment" \
	-XMP-photoshop:City=Truro "$tmp/base.jpg"
# A motion photo's video after EOI, as Samsung and Google phones write it.
{ cat "$tmp/base.jpg"; printf '\0\0\0\030ftypmp42\0\0\0\0mp42isom'; \
	head -c 300000 /dev/urandom; printf 'MotionPhoto_Data'; } >"$tmp/phone.jpg"
i=$have
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	cp "$tmp/phone.jpg" "$dir/phone-$(printf %03d "$i").jpg"
done
