#!/bin/sh
# vox redact: a solid box over what scrubbing cannot see. The boxed pixels are black and the
# rest of the photo is unchanged (djpeg decodes, Python compares: PSNR above 40 dB); the
# photo keeps its ref, caption, themes and consent; the old bytes exist nowhere under the
# collection any more, and the archive carries the new version.
. tests/cli/lib.sh
plan 33
C="$T/c"
export C T
# A phone photo stored sideways (orientation 6, 2048 x 1536 stored, 1536 x 2048 shown): a
# corner of a real one, cut without decoding (jpegtran), its orientation set by exiftool.
jpegtran -copy all -crop 2048x1536+0+0 "$VOX_CORPUS/jpg/mobile/jolla.jpg" >"$T/IMG_0042.jpg" &&
    exiftool -q -q -overwrite_original -Orientation#=6 "$T/IMG_0042.jpg" ||
    { echo "Bail out! cannot make the sideways photo"; exit 1; }
printf 'Title: The farm gate\nAlt: A wooden gate and a field\n\nWe walked up to the gate.\n' \
    >"$T/IMG_0042.txt"
cp "$VOX_CORPUS/jpg/orientation/landscape_1.jpg" "$T/IMG_0043.jpg"

ok "a collection with the photo" sh -c '
    vox init -q "$C" && vox pair -C "$C" add cornwall &&
    vox site -C "$C" add cornwall-farm --pair cornwall --setting rural &&
    vox ingest -q -C "$C" -p P07 -s cornwall-farm --consent report --people consented \
        "$T/IMG_0042.jpg" "$T/IMG_0043.jpg" &&
    vox tag -C "$C" +food-and-growing P07-01' - 
old=$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = 'P07-01'")
oldfile=$(ls "$C"/store/*/"$old".jpg)
cp "$oldfile" "$T/old.jpg"
# A distinctive run of the old bytes, from the middle of the compressed data.
dd if="$T/old.jpg" of="$T/chunk" bs=1 skip=$(($(wc -c <"$T/old.jpg") / 2)) count=64 2>/dev/null
export old
ok "a gallery of the photo before" vox gallery -q -C "$C" -o "$T/gallery" --audience report
check "the gallery left derivatives of the old bytes in cache/" \
    'test -n "$(find "$C/cache" -name "$old*")"'

status "no box is a usage error" 2 vox redact -C "$C" P07-01
status "a box outside the photo as shown is a usage error" 2 \
    vox redact -C "$C" --box 1600,0,10,10 P07-01
check "the message says the box reaches outside the photo, with its size" \
    'vox redact -C "$C" --box 1600,0,10,10 P07-01 2>&1 | grep -q "outside the photo (1536 x 2048"'
status "an empty box is a usage error" 2 vox redact -C "$C" --box 10,10,0,5 P07-01
status "a malformed box is a usage error" 2 vox redact -C "$C" --box 10,10,5 P07-01
status "blur is not a colour" 2 vox redact -C "$C" --box 1,1,5,5 --colour blur P07-01
status "an unknown photo is refused" 1 vox redact -C "$C" --box 1,1,5,5 P07-99
check "nothing changed after the refusals" \
    'test "$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = '"'P07-01'"'")" = "$old"'

ok "--preview writes the result" \
    vox redact -C "$C" --preview "$T/preview.jpg" --box 10%,5%,40%,20% --box 300,500,100,60 P07-01
check "--preview changes nothing in the collection" \
    'test -f "$C/store/${old%"${old#??}"}/$old.jpg" &&
     test "$(sqlite3 "$C/vox.db" "SELECT count(*) FROM tombstone")" -eq 0'
check "the preview is covered, upright and otherwise the photo (djpeg, Python)" \
    'djpeg -ppm "$T/old.jpg" >"$T/old.ppm" && djpeg -ppm "$T/preview.jpg" >"$T/preview.ppm" &&
     python3 tests/cli/redact-pixels.py "$T/old.ppm" 6 "$T/preview.ppm" \
         153,102,615,410 300,500,100,60'

check "vox redact stores a new version and prints ref and new hash" \
    'vox redact -C "$C" --box 10%,5%,40%,20% --box 300,500,100,60 P07-01 >"$T/r.out" &&
     new=$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = '"'P07-01'"'") &&
     test "$new" != "$old" && test "$(cat "$T/r.out")" = "$(printf "P07-01\t%s" "$new")"'
new=$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = 'P07-01'")
export new
check "the stored file is named by the SHA-256 of its bytes" \
    'test "$(sha256sum "$C/store/${new%"${new#??}"}/$new.jpg" | cut -d" " -f1)" = "$new"'
check "the boxes are black and the rest unchanged (PSNR > 40 dB)" \
    'djpeg -ppm "$C/store/${new%"${new#??}"}/$new.jpg" >"$T/new.ppm" &&
     python3 tests/cli/redact-pixels.py "$T/old.ppm" 6 "$T/new.ppm" \
         153,102,615,410 300,500,100,60'
check "the new version is stored upright, with no metadata but the JPEG's own (exiftool)" \
    'exiftool -a -G1 -s "$C/store/${new%"${new#??}"}/$new.jpg" >"$T/exif.txt" &&
     grep -q "ImageWidth *: 1536" "$T/exif.txt" &&
     ! grep "^\[" "$T/exif.txt" | grep -Ev "^\[(System|File|ExifTool|Composite|JFIF)\]"'
check "ref, caption, themes and consent are kept" \
    'test "$(sqlite3 -separator " " "$C/vox.db" "SELECT p.ref, p.audience, p.people, c.title, p.width, p.height, p.orientation FROM photo p JOIN caption c ON c.photo_id = p.id WHERE p.sha256 = '"'$new'"'")" = "P07-01 3 1 The farm gate 1536 2048 1" &&
     vox ls -C "$C" --theme food-and-growing | grep -q "^$new"'
check "the old hash has a tombstone" \
    'test "$(sqlite3 "$C/vox.db" "SELECT count(*) FROM tombstone WHERE sha256 = '"'$old'"'")" -eq 1'
check "no file under the collection is named by the old hash" \
    'test -z "$(find "$C" -name "*$old*")"'
check "the old bytes are in no file under the collection" \
    'python3 -c "
import os, sys
chunk = open(sys.argv[1], \"rb\").read()
assert len(chunk) == 64
for d, _, fs in os.walk(sys.argv[2]):
    for f in fs:
        if chunk in open(os.path.join(d, f), \"rb\").read():
            sys.exit(\"old bytes in \" + os.path.join(d, f))
" "$T/chunk" "$C"'
ok "vox check finds the collection sound" vox check -C "$C"
status "the old bytes cannot be ingested again" 1 \
    vox ingest -q -C "$C" -p P07 -s cornwall-farm "$T/old.jpg"
ok "an archive builds" vox archive -q -C "$C" -o "$T/a.zip" -a report
check "the archive carries the new version, not the old" \
    'python3 -c "
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
h = {hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if n.endswith(\".jpg\")}
assert sys.argv[2] in h, h
assert sys.argv[3] not in h
" "$T/a.zip" "$new" "$old"'
ok "a gallery built afterwards" vox gallery -q -C "$C" -o "$T/gallery" --audience report
check "the gallery carries the covered version: every size of P07-01 is black in the box" \
    'n=0; for f in "$T"/gallery/img/*.jpg; do
         djpeg -ppm "$f" >"$T/g.ppm" || exit 1
         python3 -c "
import sys
d = open(sys.argv[1], \"rb\").read()
parts = d.split(b\"\\n\", 3)
w, h = map(int, parts[1].split())
if w > h:
    sys.exit(0)  # the other photo, which is landscape
x, y = int(w * 0.3), int(h * 0.15)  # the middle of box 10%,5%,40%,20%
i = (y * w + x) * 3
assert max(parts[3][i:i + 3]) <= 8, (sys.argv[1], x, y, parts[3][i:i + 3])
print(\"checked\")
" "$T/g.ppm" >>"$T/g.log" || exit 1
         done; test "$(grep -c checked "$T/g.log")" -ge 2'
check "percent boxes: a white box over the right half of an upright photo" \
    'vox redact -q -C "$C" --colour white --box 50%,0%,50%,100% P07-02 >/dev/null &&
     sha=$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = '"'P07-02'"'") &&
     djpeg -ppm "$C/store/${sha%"${sha#??}"}/$sha.jpg" | python3 -c "
import sys
d = sys.stdin.buffer.read()
parts = d.split(b\"\\n\", 3)
w, h = map(int, parts[1].split())
px = parts[3]
for y in range(8, h - 8, 7):
    for x in range(w // 2 + 8, w - 8, 7):
        i = (y * w + x) * 3
        assert min(px[i:i + 3]) >= 253, (x, y, px[i:i + 3])
"'
# Memory: JPEG and PNG are decoded, covered and encoded as they stream, so a 24-megapixel
# photo stored sideways (every pixel held to be turned) stays under 200 MB; libvips holds a
# WebP whole both ways, so a WebP above the size that fits is refused, named with its size
# and the limit, and the collection is left as it was.
vips black "$T/big.v" 4000 6000 --bands 3 && vips linear "$T/big.v" "$T/grey.v" 1 100 --uchar &&
    vips copy "$T/grey.v" "$T/IMG_0100.jpg[Q=90]" &&
    exiftool -q -q -overwrite_original -Orientation#=6 "$T/IMG_0100.jpg" &&
    vips crop "$T/grey.v" "$T/IMG_0101.webp[Q=50,effort=0]" 0 0 4000 3000 ||
    { echo "Bail out! cannot make the large photos"; exit 1; }
vox ingest -q -C "$C" -p P08 "$T/IMG_0100.jpg" "$T/IMG_0101.webp" >/dev/null
webp=$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = 'P08-02'")
export webp
check "a 24-megapixel photo to be turned upright is redacted under 200 MB" '
	/usr/bin/time -f %M -o "$T/rss-jpeg" vox redact -q -C "$C" --box 1,1,50,50 P08-01 \
	    >/dev/null && [ $(tail -n 1 "$T/rss-jpeg") -lt 204800 ]'
check "a 12-megapixel WebP is refused (exit 1), naming it, its size and the limit" '
	vox redact -C "$C" --box 1,1,50,50 P08-02 2>"$T/webp.err"; [ $? -eq 1 ] &&
	grep -q "^vox redact: .P08-02.: 4000 x 3000 pixels, a WebP: .* more than" "$T/webp.err" &&
	grep -q "allows (144 MB); refused (such a photo is redacted up to 10.1 megapixels)\$" \
	    "$T/webp.err"'
check "... and the collection still has it as it was" '
	[ "$(sqlite3 "$C/vox.db" "SELECT sha256 FROM photo WHERE ref = '"'P08-02'"'")" = "$webp" ] &&
	[ -z "$(ls "$C/store/tmp" 2>/dev/null)" ]'
check "... as does a preview of it" '
	vox redact -C "$C" --box 1,1,50,50 --preview "$T/p.webp" P08-02 2>/dev/null
	[ $? -eq 1 ] && ! [ -e "$T/p.webp" ] && [ -z "$(ls -A "$T" | grep "^\.vox-")" ]'
done_testing
