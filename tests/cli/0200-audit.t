# vox audit end to end: exit statuses, plain and JSON output, folders, archives (made by
# Python, an independent writer), and agreement with exiftool on the whole corpus.
. tests/cli/lib.sh
plan $((41 + 3 * $(ncorpus)))

GPS="$VOX_CORPUS/jpg/gps/DSCN0010.jpg"
CLEAN="$VOX_CORPUS/jpg/orientation/landscape_3.jpg"
export GPS CLEAN T

ok "-h prints usage and exits 0" vox audit -h
status "no operand is a usage error" 2 vox audit
status "an unknown option is a usage error" 2 vox audit --frobnicate "$GPS"
status "a GPS photo exits 1" 1 vox audit "$GPS"
check "its findings are path<TAB>category<TAB>what lines, location among them" '
	vox audit "$GPS" >"$T/gps.txt"
	grep -q "^$GPS	location	EXIF GPSLatitude\$" "$T/gps.txt" &&
	awk -F "\t" "NF != 3 { exit 1 }" "$T/gps.txt"'
check "a photo holding only orientation, JFIF and ICC is clean: no output, exit 0" '
	vox audit -q "$CLEAN" >"$T/clean.txt" && ! [ -s "$T/clean.txt" ]'
check "-v lists a clean file as clean" '
	vox audit -v -q "$CLEAN" | grep -q "^$CLEAN	clean\$"'
check "the summary goes to stderr, -q silences it" '
	vox audit "$GPS" "$CLEAN" 2>"$T/err" >/dev/null
	grep -q "^2 files, 1 with identifying metadata\$" "$T/err" &&
	vox audit -q "$GPS" 2>"$T/err2" >/dev/null
	! [ -s "$T/err2" ]'
check "--json gives one valid object a file with path, clean and findings" '
	vox audit --json -q "$GPS" "$CLEAN" >"$T/out.json"
	python3 -c "
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 2, recs
g, c = recs
assert g[\"clean\"] is False and c[\"clean\"] is True and c[\"findings\"] == []
assert {\"category\": \"location\", \"what\": \"EXIF GPSLatitude\"} in g[\"findings\"]
" "$T/out.json"'
status "a missing file is an I/O error" 3 vox audit "$T/nope.jpg"
check "the error names the file" '
	vox audit "$T/nope.jpg" 2>&1 | grep -q "vox audit: .*nope.jpg.*No such file"'
check "a named file that is not an image is an error, not a clean bill" '
	echo hello >"$T/notes.txt"
	vox audit "$T/notes.txt"; [ $? -eq 3 ]'
check "a truncated photo: exit 3, what was found before the cut is still reported" '
	head -c 20000 "$GPS" >"$T/cut.jpg"
	vox audit "$T/cut.jpg" >"$T/cut.out" 2>"$T/cut.err"; rc=$?
	[ $rc -eq 3 ] && grep -q "location" "$T/cut.out" && grep -q "cut.jpg.*truncated" "$T/cut.err"'
check "bytes after EOI are found with their count" '
	cat "$CLEAN" >"$T/trail.jpg"; printf "0123456789" >>"$T/trail.jpg"
	vox audit "$T/trail.jpg" | grep -q "trailing data	10 bytes after EOI"'
check "folders: recursive, non-images skipped silently and counted, listed with -v" '
	mkdir -p "$T/dir/sub"
	cp "$GPS" "$T/dir/sub/a.jpg"; cp "$CLEAN" "$T/dir/b.jpg"; echo story >"$T/dir/sub/a.txt"
	vox audit "$T/dir" >"$T/dir.out" 2>"$T/dir.err"; rc=$?
	[ $rc -eq 1 ] && grep -q "^$T/dir/sub/a.jpg	location" "$T/dir.out" &&
	! grep -q "b.jpg\|a.txt" "$T/dir.out" &&
	grep -q "2 files, 1 with identifying metadata, 1 skipped" "$T/dir.err" &&
	vox audit -v "$T/dir" 2>/dev/null | grep -q "^$T/dir/sub/a.txt	skipped"'
check "a folder of clean photos exits 0" '
	mkdir -p "$T/cleandir"; cp "$CLEAN" "$T/cleandir/"
	vox audit -q "$T/cleandir"'
check "a symbolic link loop ends" '
	mkdir -p "$T/loop/sub"; ln -s .. "$T/loop/sub/up"; cp "$GPS" "$T/loop/sub/a.jpg"
	timeout 20 vox audit "$T/loop" >"$T/loop.out"; [ $? -eq 1 ] &&
	[ $(wc -l <"$T/loop.out") -eq $(vox audit "$GPS" | wc -l) ]'
check "JSON escapes names with quotes, tabs and newlines" '
	mkdir -p "$T/odd"; cp "$GPS" "$T/odd/$(printf "a\"b\tc\nd.jpg")"
	vox audit --json -q "$T/odd" >"$T/odd.json"
	python3 -c "
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1 and recs[0][\"path\"].endswith(\"a\\\"b\\tc\\nd.jpg\"), recs
" "$T/odd.json"'
check "plain output keeps one finding a line whatever the name" '
	vox audit -q "$T/odd" | awk -F "\t" "NF != 3 { exit 1 }"'

# Archives written by Python: a GPS photo, a clean one, a text file.
python3 - "$T" "$GPS" "$CLEAN" <<'EOF'
import io, sys, tarfile, zipfile
t, gps, clean = sys.argv[1:4]
with zipfile.ZipFile(t + "/archive.zip", "w") as z:
    z.write(gps, "inner/a.jpg")
    z.write(clean, "inner/b.jpg")
    z.writestr("inner/notes.txt", "story")
with tarfile.open(t + "/archive.tar.gz", "w:gz") as tf:
    tf.add(gps, "inner/a.jpg")
    tf.add(clean, "inner/b.jpg")
# Hostile: a path that climbs out, an absolute path, a link, a device, a huge declared size.
with zipfile.ZipFile(t + "/hostile.zip", "w") as z:
    z.write(gps, "../../escape.jpg")
    z.write(gps, "/tmp/vox-audit-absolute.jpg")
with tarfile.open(t + "/hostile.tar", "w") as tf:
    info = tarfile.TarInfo("link.jpg"); info.type = tarfile.SYMTYPE; info.linkname = "/etc/passwd"
    tf.addfile(info)
    info = tarfile.TarInfo("dev"); info.type = tarfile.CHRTYPE; info.devmajor = 1; info.devminor = 3
    tf.addfile(info)
    tf.add(gps, "../up.jpg")
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
    data = open(gps, "rb").read()
    info = tarfile.TarInfo("big.jpg"); info.size = len(data)
    tf.addfile(info, io.BytesIO(data))
raw = bytearray(buf.getvalue())
# Declare 8 GB less a byte (11 octal digits) and fix the header checksum: the data is not there.
raw[124:136] = b"%011o\0" % ((8 << 30) - 1)
raw[148:156] = b"        "
raw[148:156] = b"%06o\0 " % sum(raw[0:512])
open(t + "/huge.tar", "wb").write(bytes(raw))
open(t + "/broken.zip", "wb").write(open(t + "/archive.zip", "rb").read()[:300])
EOF

check "a zip names inner files archive.zip!inner/path" '
	vox audit "$T/archive.zip" >"$T/zip.out"; [ $? -eq 1 ] &&
	grep -q "^$T/archive.zip!inner/a.jpg	location	EXIF GPSLatitude\$" "$T/zip.out" &&
	! grep -q "inner/b.jpg" "$T/zip.out"'
check "a tar.gz is read the same way" '
	vox audit "$T/archive.tar.gz" >"$T/tgz.out"; [ $? -eq 1 ] &&
	grep -q "^$T/archive.tar.gz!inner/a.jpg	location" "$T/tgz.out" &&
	! grep -q "inner/b.jpg" "$T/tgz.out"'
check "--json -v lists the clean and the skipped inner files" '
	vox audit --json -v -q "$T/archive.zip" | python3 -c "
import json, sys
recs = {r[\"path\"].split(\"!\")[1]: r for r in map(json.loads, sys.stdin)}
assert recs[\"inner/b.jpg\"][\"clean\"] is True, recs
assert recs[\"inner/notes.txt\"][\"skipped\"], recs
assert recs[\"inner/a.jpg\"][\"clean\"] is False, recs
"'
check "hostile entry names are reported, never written anywhere" '
	cd "$T" && mkdir -p deep/er && cd deep/er &&
	vox audit "$T/hostile.zip" "$T/hostile.tar" >"$T/hostile.out"; [ $? -eq 1 ] &&
	grep -q "hostile.zip!../../escape.jpg	location" "$T/hostile.out" &&
	grep -q "hostile.tar!../up.jpg	location" "$T/hostile.out" &&
	! grep -q "link.jpg\|!dev" "$T/hostile.out" &&
	! [ -e "$T/escape.jpg" ] && ! [ -e /tmp/vox-audit-absolute.jpg ] && ! [ -e "$T/deep/up.jpg" ] &&
	[ -z "$(ls -A "$T/deep/er")" ]'
check "a huge declared entry size is refused without reading it: exit 3" '
	timeout 20 vox audit "$T/huge.tar" >/dev/null 2>"$T/huge.err"; [ $? -eq 3 ] &&
	grep -q "huge.tar!big.jpg" "$T/huge.err"'
check "a broken zip is an I/O error naming it" '
	vox audit "$T/broken.zip" 2>"$T/broken.err"; [ $? -eq 3 ] &&
	grep -q "broken.zip" "$T/broken.err"'
check "PNG text and time chunks and WebP EXIF are found" '
	python3 - "$T" <<"EOF"
import struct, sys, zlib
t = sys.argv[1]
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\0" + b"\x80" * 3 for _ in range(1))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
       chunk(b"tEXt", b"Comment\0my street") + chunk(b"tIME", b"\x07\xea\x05\x0c\x0a\0\0") +
       chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(t + "/meta.png", "wb").write(png)
plain = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
         chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(t + "/plain.png", "wb").write(plain)
EOF
	vox audit "$T/meta.png" >"$T/png.out"; [ $? -eq 1 ] &&
	grep -q "comments	PNG tEXt .Comment." "$T/png.out" && grep -q "dates	PNG tIME" "$T/png.out" &&
	vox audit -q "$T/plain.png"'
check "HEIC from an iPhone: location and device ids" '
	vox audit "$VOX_CORPUS/heic/IMG_5195.HEIC" >"$T/heic.out"; [ $? -eq 1 ] &&
	grep -q "location	EXIF GPSLatitude" "$T/heic.out" && grep -q "device ids	EXIF Make" "$T/heic.out"'

# The independent reader, on every corpus folder ($1; $2 numbers the work folders), and what
# vox scrub writes, which must audit clean, by audit and by exiftool.
audit_corpus() {
	export C="$1" W="$T/corpus$2"
	check "audit reports every category exiftool finds in $1" '
	python3 tests/cli/audit-oracle.py "$C"'
	check "the JPEGs of $1 stripped by exiftool -all= audit clean, and exiftool agrees" '
	exiftool -q -q -all= -r -ext jpg -ext jpeg -o "$W/stripped/%d/" "$C/jpg" 2>/dev/null
	find "$W/stripped" -name corrupted.jpg -delete
	want=$(find "$C/jpg" -type f \( -iname "*.jpg" -o -iname "*.jpeg" \) \
		! -name corrupted.jpg | wc -l)
	[ "$want" -gt 0 ] && [ $(find "$W/stripped" -type f | wc -l) -eq "$want" ] &&
	python3 tests/cli/audit-oracle.py --expect-clean "$W/stripped"'
	check "every photo of $1 scrubbed by vox scrub audits clean, and exiftool agrees" '
	mkdir -p "$W/scrubbed"
	find "$C" -type f \( -iname "*.jp*g" -o -iname "*.heic" -o -iname "*.heif" \) \
		! -name corrupted.jpg >"$W/list"
	while read -r f; do
		n=$(echo "${f#$C/}" | tr / _)
		vox scrub -q -o "$W/scrubbed/${n%.*}.jpg" "$f" || echo "$f" >>"$W/failed"
	done <"$W/list"
	[ ! -e "$W/failed" ] && [ -s "$W/list" ] &&
	[ $(ls "$W/scrubbed" | wc -l) -eq $(wc -l <"$W/list") ] && vox audit -q "$W/scrubbed" &&
	python3 tests/cli/audit-oracle.py --expect-clean "$W/scrubbed"'
}
n=0
each_corpus_numbered() { n=$((n + 1)); audit_corpus "$1" "$n"; }
each_corpus each_corpus_numbered
check "the whole of tests/corpus: exit 3 for the damaged file, and findings elsewhere" '
	vox audit -q "$VOX_CORPUS" >"$T/all.out" 2>"$T/all.err"; [ $? -eq 3 ] &&
	grep -q "corrupted.jpg" "$T/all.err" && grep -q "	location	" "$T/all.out"'
check "- reads standard input: a GPS photo is found, its scrubbed copy is clean" '
	vox audit - <"$GPS" >"$T/stdin.out"; [ $? -eq 1 ] &&
	grep -q "^-	location	EXIF GPSLatitude\$" "$T/stdin.out" &&
	vox scrub - <"$GPS" | vox audit -q -'

check "PNG and WebP carrying EXIF are found, and clean once scrubbed" '
	vips copy "$GPS" "$T/gps.png" && vips copy "$GPS" "$T/gps.webp" &&
	vox audit "$T/gps.png" "$T/gps.webp" >"$T/pw.out"; [ $? -eq 1 ] &&
	grep -q "gps.png	location	PNG EXIF GPSLatitude" "$T/pw.out" &&
	grep -q "gps.webp	location	WebP EXIF GPSLatitude" "$T/pw.out" &&
	vox scrub -q -o "$T/s.png" "$T/gps.png" && vox scrub -q -o "$T/s.webp" "$T/gps.webp" &&
	vox audit -q "$T/s.png" "$T/s.webp" &&
	python3 tests/cli/audit-oracle.py --expect-clean "$T/s.png" "$T/s.webp"'

# Colour profiles: a standard one is clean (the corpus's Canon and Apple profiles, above);
# one naming its owner is found, and exiftool, reading its texts, agrees.
exiftool -b -icc_profile "$VOX_CORPUS/jpg/Canon_40D.jpg" >"$T/srgb.icc"
python3 tests/cli/icc-fixtures.py "$T/srgb.icc" "$GPS" "$T"
check "a profile naming its owner is found under people, comments, device ids and dates" '
	vox audit "$T/jane.jpg" >"$T/icc.out"; [ $? -eq 1 ] &&
	grep -q "	people and owners	ICC profile copyright\$" "$T/icc.out" &&
	grep -q "	comments	ICC profile description\$" "$T/icc.out" &&
	grep -q "	device ids	ICC profile device maker and model\$" "$T/icc.out" &&
	grep -q "	dates	ICC profile creation date\$" "$T/icc.out"'
check "a look-alike ICC chunk, text after APP14 and a PNG iCCP name are found" '
	vox audit "$T/lookalike.jpg" "$T/jane.png" >"$T/look.out"; [ $? -eq 1 ] &&
	grep -q "lookalike.jpg	device ids	ICC profile that cannot be read" "$T/look.out" &&
	grep -q "lookalike.jpg	comments	18 bytes after the fixed form of Adobe APP14" "$T/look.out" &&
	grep -q "jane.png	comments	PNG ICC profile name" "$T/look.out" &&
	grep -q "jane.png	people and owners	PNG ICC profile copyright" "$T/look.out"'
check "a HEIC whose profile names its owner is found, its scrubbed JPEG is clean" '
	vips copy "$T/jane.jpg" "$T/jane.heic[Q=50]" &&
	vox audit "$T/jane.heic" >"$T/heic-icc.out"; [ $? -eq 1 ] &&
	grep -q "	people and owners	HEIF ICC profile copyright\$" "$T/heic-icc.out" &&
	vox scrub -q -o "$T/jane-heic.jpg" "$T/jane.heic" && vox audit -q "$T/jane-heic.jpg" &&
	[ "$(grep -a -c Jane "$T/jane-heic.jpg")" -eq 0 ]'
check "exiftool agrees on the profiles, and on their scrubbed copies" '
	python3 tests/cli/audit-oracle.py "$T/jane.jpg" "$T/jane.png" &&
	mkdir -p "$T/iccs" && vox scrub -q -d "$T/iccs" "$T/jane.jpg" "$T/jane.png" "$T/lookalike.jpg" &&
	python3 tests/cli/audit-oracle.py --expect-clean "$T/iccs"'

# A Canon CIFF block whose 10 records each point back at the whole heap (as fuzz_audit
# found): walking every path to depth 8 is 10^9 visits, so the walk has a budget. timeout
# only catches the hang; the audit takes milliseconds.
python3 - "$T/ciff.jpg" <<'PY'
import struct, sys
m = 2 + 10 * 10 + 4
heap = struct.pack('<H', 10) + struct.pack('<HII', 0x2800, m, 0) * 10 + struct.pack('<I', 0)
ciff = b'II' + struct.pack('<I', 14) + b'HEAPCCDR' + heap
open(sys.argv[1], 'wb').write(b'\xff\xd8\xff\xe0' + struct.pack('>H', len(ciff) + 2) + ciff + b'\xff\xd9')
PY
check "a CIFF block whose heaps point at themselves is audited, not walked for ever" "
	timeout 60 vox audit '$T/ciff.jpg' >'$T/ciff.out'; [ \$? -eq 1 ] && grep -q 'Canon CIFF block' '$T/ciff.out'"

# A HEIF file of 1,500 Exif items whose location entries each claim 65,535 extents of no
# bytes at all (as fuzz_audit found, in 28 KB): each item was looked up through every entry,
# every extent spun, 10^11 steps. Such a list is damaged, and a file's Exif and XMP items
# are read up to 32.
python3 - "$T/items.heic" <<'PY'
import struct, sys
def box(t, b): return struct.pack('>I', 8 + len(b)) + t + b
n = 1500
infe = b''.join(box(b'infe', b'\2\0\0\0' + struct.pack('>HH', i + 1, 0) + b'Exif\0') for i in range(n))
iinf = box(b'iinf', b'\0\0\0\0' + struct.pack('>H', n) + infe)
entries = b''.join(struct.pack('>HHHH', n + 1 + i, 0, 0, 0xffff) for i in range(n))
iloc = box(b'iloc', b'\1\0\0\0' + b'\0\0' + struct.pack('>H', n) + entries)
hdlr = box(b'hdlr', b'\0' * 8 + b'pict' + b'\0' * 13)
meta = box(b'meta', b'\0\0\0\0' + hdlr + iinf + iloc)
open(sys.argv[1], 'wb').write(box(b'ftyp', b'heic\0\0\0\0mif1heic') + meta)
PY
check "a HEIF file of empty extents by the thousand is audited in seconds, not spun on" "
	timeout 20 vox audit '$T/items.heic' >'$T/items.out'; [ \$? -eq 1 ] && cat '$T/items.out' &&
	grep -q 'HEIF file with more than 32 Exif and XMP items' '$T/items.out'"

# An image is parsed whole, so audit holds at most the largest photo vox ingest takes in
# (160 MB) and reports a larger one as not audited; archives and everything that is not an
# image are streamed, never held. The 190 MB entries deflate to a few hundred KB.
python3 - "$T" "$GPS" <<'PY'
import sys, zipfile
t, gps = sys.argv[1:3]
with zipfile.ZipFile(t + '/bigjpeg.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('big.jpg', 'w') as f:
        f.write(b'\xff\xd8\xff\xfe\x00\x10')
        for _ in range(190):
            f.write(bytes(1 << 20))
with zipfile.ZipFile(t + '/bigbag.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('bag/data/catalog.json', 'w') as f:
        for _ in range(190):
            f.write(b' ' * (1 << 20))
    z.write(gps, 'bag/data/photos/gps.jpg')
with zipfile.ZipFile(t + '/nested.zip', 'w', zipfile.ZIP_STORED) as z:
    z.write(t + '/bigbag.zip', 'inner.zip')
PY
check "an image entry larger than any photo is 'too large to audit': exit 3, never clean" '
	/usr/bin/time -f %M -o "$T/rss-bigjpeg" vox audit -q "$T/bigjpeg.zip" 2>"$T/bigjpeg.err"
	[ $? -eq 3 ] && grep -q "bigjpeg.zip!big.jpg.: 190 MB, too large to audit" "$T/bigjpeg.err"'
check "... and is not read into memory (peak under 200 MB)" '
	[ $(tail -n 1 "$T/rss-bigjpeg") -lt 204800 ]'
check "a 190 MB entry that is not an image is skipped unread; the photo beside it is audited" '
	/usr/bin/time -f %M -o "$T/rss-bigbag" vox audit -v "$T/bigbag.zip" >"$T/bigbag.out" \
	    2>"$T/bigbag.err"
	[ $? -eq 1 ] && grep -q "bigbag.zip!bag/data/photos/gps.jpg	location" "$T/bigbag.out" &&
	grep -q "bigbag.zip!bag/data/catalog.json	skipped" "$T/bigbag.out" &&
	[ $(tail -n 1 "$T/rss-bigbag") -lt 204800 ]'
check "an archive inside an archive is streamed too (peak under 200 MB)" '
	/usr/bin/time -f %M -o "$T/rss-nested" vox audit -q "$T/nested.zip" >"$T/nested.out"
	[ $? -eq 1 ] && grep -q "nested.zip!inner.zip!bag/data/photos/gps.jpg	location" \
	    "$T/nested.out" && [ $(tail -n 1 "$T/rss-nested") -lt 204800 ]'
check "a 300 MB photo file and the same on standard input are too large to audit, exit 3" '
	{ printf "\377\330\377\376\000\020"; head -c 1000 /dev/zero; } >"$T/huge.jpg"
	truncate -s 300M "$T/huge.jpg"
	vox audit -q "$T/huge.jpg" 2>"$T/huge.err"; rc=$?
	vox audit -q - <"$T/huge.jpg" 2>"$T/huge-stdin.err"; rc2=$?
	[ $rc -eq 3 ] && [ $rc2 -eq 3 ] &&
	grep -q "huge.jpg.: 300 MB, too large to audit (more than 160 MB); not read" "$T/huge.err" &&
	grep -q "too large to audit" "$T/huge-stdin.err"'
done_testing
