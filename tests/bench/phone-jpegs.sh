#!/bin/sh
# phone-jpegs.sh DIR N — makes N phone-sized JPEGs in DIR (4000x3000, about 4.5 MB) that
# carry what a phone writes: EXIF with GPS, dates, make and model, maker notes and an EXIF
# thumbnail (copied with exiftool from a Nikon photo of tests/corpus), owner and serial
# numbers, XMP, a comment, and a motion-photo video appended after EOI. Each file differs
# from the others in one entry of its quantisation table (kept byte for byte by scrubbing),
# so a collection stores every one of them rather than one copy of the same bytes.
# Cached: does nothing when DIR already holds N such files.
set -eu
dir=${1:?usage: phone-jpegs.sh DIR N} n=${2:?usage: phone-jpegs.sh DIR N}
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
src="$top/tests/corpus/jpg/gps/DSCN0010.jpg"
mkdir -p "$dir"
# Files made before they were distinct are made again.
[ -f "$dir/.distinct" ] || rm -f "$dir"/phone-*.jpg
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
python3 - "$tmp/phone.jpg" "$dir" "$have" "$n" <<'PY'
import sys
src, dst, first, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
data = bytearray(open(src, "rb").read())
# Walk the segments (the EXIF thumbnail has tables of its own) to the image's first DQT.
at = 2
while data[at + 1] != 0xDB:
    assert data[at] == 0xFF and data[at + 1] != 0xDA, "no DQT before the scan"
    at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
assert data[at + 4] >> 4 == 0, "not an 8-bit DQT"
pos = at + 4 + 64  # the last entry of the first table: marker, length, id, 64 values
for i in range(first + 1, n + 1):
    data[pos] = 1 + i % 250
    with open("%s/phone-%03d.jpg" % (dst, i), "wb") as f:
        f.write(data)
PY
touch "$dir/.distinct"
