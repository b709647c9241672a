#!/bin/sh
# A PNG or WebP whose EXIF says "rotate 90 CW" (as phones and editors write it) keeps that
# orientation through the scrub, in a fresh EXIF holding nothing else, exactly as a JPEG does:
# exiftool reads the orientation and no name or place, libvips decodes the same pixels and
# turns them as before, a second scrub changes nothing, and the audit finds the output clean.
# An EXIF that readers never honour (a PNG eXIf after the image data, a WebP EXIF without
# its VP8X flag or in a simple file) gives no orientation, and orientation 1 gives no EXIF.
. tests/cli/lib.sh
vips resize "$VOX_CORPUS/jpg/orientation/landscape_1.jpg" "$T/plain.png[strip]" 0.05 &&
	vips copy "$T/plain.png" "$T/plain.webp[Q=80]" || exit 1
tags='-Artist=JaneDoe -GPSLatitude=50.26 -GPSLatitudeRef=N -GPSLongitude=5.05
	-GPSLongitudeRef=W'
for f in png webp; do
	cp "$T/plain.$f" "$T/rot6.$f" && cp "$T/plain.$f" "$T/rot1.$f" &&
		exiftool -q -overwrite_original -Orientation#=6 $tags "$T/rot6.$f" &&
		exiftool -q -overwrite_original -Orientation#=1 $tags "$T/rot1.$f" || exit 1
done
# The variants, written with the standard library only: the WebP EXIF as bare TIFF data (as
# the container specification has it; exiftool writes "Exif\0\0" first), the PNG eXIf moved
# after IDAT, the WebP's VP8X EXIF flag cleared, and a simple WebP (no VP8X) ending in EXIF.
python3 - "$T" <<'EOF' || exit 1
import struct, sys, zlib
t = sys.argv[1]

def png_chunks(d):
    p, out = 8, []
    while p < len(d):
        n = struct.unpack(">I", d[p:p + 4])[0]
        out.append(d[p:p + 12 + n])
        p += 12 + n
    return out

def riff_chunks(d):
    p, out = 12, []
    while p < len(d):
        n = struct.unpack("<I", d[p + 4:p + 8])[0]
        out.append([d[p:p + 4], d[p + 8:p + 8 + n]])
        p += 8 + n + (n & 1)
    return out

def riff(chunks):
    b = b"".join(i + struct.pack("<I", len(x)) + x + b"\0" * (len(x) & 1) for i, x in chunks)
    return b"RIFF" + struct.pack("<I", len(b) + 4) + b"WEBP" + b

d = open(t + "/rot6.png", "rb").read()
cs = png_chunks(d)
types = [c[4:8] for c in cs]
assert types.index(b"eXIf") < types.index(b"IDAT"), types
ex = cs.pop(types.index(b"eXIf"))
cs.insert(len(cs) - 1, ex)
open(t + "/late.png", "wb").write(d[:8] + b"".join(cs))

cs = riff_chunks(open(t + "/rot6.webp", "rb").read())
ids = [c[0] for c in cs]
assert ids[0] == b"VP8X" and cs[0][1][0] & 0x08 and b"VP8 " in ids, ids
body = cs[ids.index(b"EXIF")][1]
assert body.startswith(b"Exif\0\0"), body[:8]
bare = [[i, body[6:] if i == b"EXIF" else x] for i, x in cs]
open(t + "/bare.webp", "wb").write(riff(bare))
noflag = [[i, bytes([x[0] & ~0x08]) + x[1:] if i == b"VP8X" else x] for i, x in cs]
open(t + "/noflag.webp", "wb").write(riff(noflag))
open(t + "/simple.webp", "wb").write(riff([c for c in cs if c[0] in (b"VP8 ", b"EXIF")]))
EOF
plan 25
export T

for f in rot6.png rot6.webp bare.webp; do
	export f
	check "$f: the scrubbed file is turned 90 CW, as exiftool reads it" '
		vox scrub -q -o "$T/out-$f" "$T/$f" &&
		[ "$(exiftool -s3 -Orientation "$T/out-$f")" = "Rotate 90 CW" ]'
	check "$f: no name, place or other tag is left" '
		exiftool -s3 -Orientation "$T/$f" | grep -q . &&
		exiftool -s3 -Artist -GPS:all "$T/$f" | grep -q JaneDoe &&
		[ -z "$(exiftool -s3 -Artist -GPS:all -XMP:all "$T/out-$f")" ] &&
		[ "$(exiftool -s -EXIF:all "$T/out-$f" | wc -l)" -eq 1 ] &&
		! grep -q JaneDoe "$T/out-$f"'
	check "$f: libvips decodes the same pixels and the same orientation" '
		vips rawsave "$T/$f" "$T/a.raw" && vips rawsave "$T/out-$f" "$T/b.raw" &&
		cmp -s "$T/a.raw" "$T/b.raw" &&
		[ "$(vipsheader -f orientation "$T/out-$f")" = 6 ] &&
		[ "$(vipsheader -f orientation "$T/$f")" = 6 ]'
	check "$f: scrubbing the output again gives the same bytes" '
		vox scrub -q -o "$T/again-$f" "$T/out-$f" && cmp "$T/out-$f" "$T/again-$f"'
	ok "$f: the scrubbed file audits clean" vox audit -q "$T/out-$f"
	status "$f: the original does not" 1 vox audit -q "$T/$f"
done

check "a WebP keeps its orientation in an EXIF chunk after the image, flagged in VP8X" '
	python3 -c "
import struct, sys
d = open(sys.argv[1], \"rb\").read(); p = 12; ids = []
while p < len(d):
    n = struct.unpack(\"<I\", d[p + 4:p + 8])[0]; ids.append(d[p:p + 4])
    if d[p:p + 4] == b\"VP8X\": assert d[p + 8] & 0x08
    if d[p:p + 4] == b\"EXIF\": assert d[p + 8:p + 12] in (b\"II*\0\", b\"MM\0*\")
    p += 8 + n + (n & 1)
assert ids == [b\"VP8X\", b\"VP8 \", b\"EXIF\"], ids
" "$T/out-rot6.webp"'
check "a PNG keeps its orientation in an eXIf chunk before IDAT" '
	python3 -c "
import struct, sys
d = open(sys.argv[1], \"rb\").read(); p = 8; types = []
while p < len(d):
    n = struct.unpack(\">I\", d[p:p + 4])[0]; types.append(d[p + 4:p + 8]); p += 12 + n
assert types.count(b\"eXIf\") == 1 and types.index(b\"eXIf\") < types.index(b\"IDAT\"), types
" "$T/out-rot6.png"'

for f in rot1.png rot1.webp; do
	export f
	check "$f: orientation 1 gives no EXIF, and the bytes of the file without any" '
		vox scrub -q -o "$T/out-$f" "$T/$f" &&
		vox scrub -q -o "$T/none-$f" "$T/plain.${f#*.}" &&
		cmp "$T/out-$f" "$T/none-$f" && ! grep -q -e eXIf -e EXIF "$T/out-$f"'
done

for f in late.png noflag.webp simple.webp; do
	export f
	check "$f: an EXIF readers do not honour gives no orientation, as before" '
		[ "$(exiftool -s3 -Orientation "$T/$f")" = "Rotate 90 CW" ] &&
		! vipsheader -f orientation "$T/$f" 2>/dev/null &&
		vox scrub -q -o "$T/out-$f" "$T/$f" &&
		[ -z "$(exiftool -s3 -Orientation -Artist "$T/out-$f")" ] &&
		vips rawsave "$T/$f" "$T/a.raw" && vips rawsave "$T/out-$f" "$T/b.raw" &&
		cmp -s "$T/a.raw" "$T/b.raw"'
done
exit $_fail
