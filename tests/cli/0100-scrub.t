#!/bin/sh
# vox scrub end to end: the three ways to call it, batches that go on past a bad file,
# no output left for a refused input, and exiftool and djpeg as the judges.
. tests/cli/lib.sh
plan $((38 + 2 * $(ncorpus)))
gps="$VOX_CORPUS/jpg/gps/DSCN0010.jpg"
portrait="$VOX_CORPUS/jpg/orientation/portrait_6.jpg"
heic="$VOX_CORPUS/heic/IMG_5195.HEIC"
export T gps portrait heic

ok "-h prints the usage" sh -c 'vox scrub -h | grep -q "usage: vox scrub"'
status "no file is a usage error" 2 vox scrub
status "-o with two files is a usage error" 2 vox scrub -o "$T/x.jpg" "$gps" "$gps"
status "-o and -d together are a usage error" 2 vox scrub -o "$T/x.jpg" -d "$T" "$gps"
status "an unknown option is a usage error" 2 vox scrub -Z "$gps"
status "a folder given as the photo is refused, not an I/O failure" 1 vox scrub -o "$T/d.jpg" "$T"
# The output is renamed into place: a device or a FIFO given as -o must be left as it is.
mknod "$T/null" c 1 3 && mkfifo "$T/fifo"
check "-o a device is refused and the device is left a device" '
	vox scrub -o "$T/null" "$gps" 2>"$T/null.err"; [ $? -eq 1 ] &&
	[ -c "$T/null" ] && grep -q "not a regular file" "$T/null.err"'
check "-o a FIFO is refused at once and the FIFO is left a FIFO" '
	timeout 20 vox scrub -o "$T/fifo" "$gps" 2>/dev/null; [ $? -eq 1 ] && [ -p "$T/fifo" ]'

ok "-o writes a scrubbed copy" vox scrub -o "$T/a.jpg" "$gps"
check "exiftool finds GPS in the original" 'exiftool -a -G1 "$gps" | grep -q "^\[GPS\]"'
check "exiftool finds no GPS, camera or EXIF in the copy" \
	'! exiftool -a -G1 "$T/a.jpg" | grep -E "^\[(GPS|IFD0|ExifIFD|IFD1|XMP|MakerNotes|Nikon)"'
check "the copy decodes to the same pixels" 'djpeg "$gps" >"$T/p1" && djpeg "$T/a.jpg" >"$T/p2" && cmp -s "$T/p1" "$T/p2"'

ok "a portrait photo is scrubbed" vox scrub -o "$T/p.jpg" "$portrait"
check "its orientation 6 is kept" '[ "$(exiftool -n -s3 -Orientation "$T/p.jpg")" = 6 ]'

mkdir -p "$T/in"
cp "$gps" "$T/in/one.jpg"
head -c 5000 "$gps" >"$T/in/cut.jpg"
printf 'GIF89a not really' >"$T/in/pic.gif"
cp "$portrait" "$T/in/two.jpg"
status "-d goes on past refused files and exits 1" 1 \
	vox scrub -d "$T/out" "$T/in/one.jpg" "$T/in/cut.jpg" "$T/in/pic.gif" "$T/in/two.jpg"
check "the good files were written under their names" '[ -s "$T/out/one.jpg" ] && [ -s "$T/out/two.jpg" ]'
check "no output is left for the refused ones" '[ ! -e "$T/out/cut.jpg" ] && [ ! -e "$T/out/pic.gif" ] && [ "$(ls -A "$T/out" | wc -l)" -eq 2 ]'
check "the truncated file is named with the problem" \
	'vox scrub -d "$T/out2" "$T/in/cut.jpg" 2>&1 | grep -q "cut.jpg.*truncated"'
check "the other format is named with the formats accepted" \
	'vox scrub -o "$T/g.jpg" "$T/in/pic.gif" 2>&1 | grep -q "JPEG, PNG, WebP and HEIC/HEIF"'

check "HEIC becomes .jpg in -d and the loss is said" \
	'vox scrub -d "$T/h" "$heic" 2>"$T/h.err" && [ -s "$T/h/IMG_5195.jpg" ] && grep -q "lossy" "$T/h.err"'
check "-q keeps the lossy note quiet" 'vox scrub -q -o "$T/hq.jpg" "$heic" 2>"$T/hq.err" && [ ! -s "$T/hq.err" ]'
check "the converted HEIC carries no metadata" \
	'! exiftool -a -G1 "$T/h/IMG_5195.jpg" | grep -E "^\[(GPS|IFD0|ExifIFD|XMP|Apple|MakerNotes)"'

check "stdin to stdout gives the same bytes as -o" \
	'vox scrub - <"$gps" >"$T/s.jpg" && cmp -s "$T/s.jpg" "$T/a.jpg"'
check "a refused stdin writes nothing to stdout and exits 1" \
	'vox scrub - <"$T/in/cut.jpg" >"$T/s2.jpg"; [ $? -eq 1 ] && [ ! -s "$T/s2.jpg" ]'
check "scrubbing a file onto itself is refused" \
	'cp "$gps" "$T/self.jpg"; vox scrub -o "$T/self.jpg" "$T/self.jpg"; [ $? -eq 1 ] && cmp -s "$gps" "$T/self.jpg"'
check "an unwritable output folder is an I/O failure (exit 3)" \
	'vox scrub -o "$T/no/such/dir/x.jpg" "$gps"; [ $? -eq 3 ]'
check "-S (flushed to disk) writes the same bytes" \
	'vox scrub -S -o "$T/sync.jpg" "$gps" && cmp -s "$T/sync.jpg" "$T/a.jpg"'
# A phone's JPEG and its HEIF of the same name both become NAME.jpg.
mkdir -p "$T/twins"
cp "$gps" "$T/twins/IMG_5195.jpg"
check "-d refuses a second input that would take the same name" \
	'vox scrub -q -d "$T/dup" "$T/twins/IMG_5195.jpg" "$heic" 2>"$T/dup.err"; [ $? -eq 1 ] &&
	grep -q "same output name" "$T/dup.err" && [ "$(ls "$T/dup" | wc -l)" -eq 1 ]'
# A colour profile naming its owner (the corpus's sRGB profile with its texts rewritten),
# an APP2 that only starts like one, Adobe APP14 with text after it, a PNG iCCP named for
# a person: the name must be gone, the colours and the pixels must not change.
exiftool -b -icc_profile "$VOX_CORPUS/jpg/Canon_40D.jpg" >"$T/srgb.icc"
python3 tests/cli/icc-fixtures.py "$T/srgb.icc" "$gps" "$T"
check "the fixtures carry the name, as exiftool reads it" \
	'[ "$(grep -a -c Jane "$T/jane.jpg")" -gt 0 ] && [ "$(grep -a -c Jane "$T/lookalike.jpg")" -gt 0 ] &&
	exiftool -s3 -ProfileCopyright "$T/jane.jpg" | grep -q "Jane Doe" &&
	exiftool -s3 -ProfileName "$T/jane.png" | grep -q "Jane Doe"'
ok "a photo whose profile names its owner is scrubbed" vox scrub -o "$T/jane.out.jpg" "$T/jane.jpg"
check "no byte of the name is left" '[ "$(grep -a -c -e Jane -e Truro "$T/jane.out.jpg")" -eq 0 ]'
check "exiftool reads a neutral profile" \
	'! exiftool -a -icc_profile:all "$T/jane.out.jpg" | grep -q -e Jane -e Truro &&
	[ "$(exiftool -s3 -ProfileDescription "$T/jane.out.jpg")" = "ICC profile" ]'
check "the colour tags are those of the original" '
	for t in MediaWhitePoint RedMatrixColumn GreenMatrixColumn BlueMatrixColumn RedTRC BlueTRC; do
		a=$(exiftool -b -ICC_Profile:$t "$T/jane.jpg" | od -An -tx1) &&
		b=$(exiftool -b -ICC_Profile:$t "$T/jane.out.jpg" | od -An -tx1) &&
		[ -n "$a" ] && [ "$a" = "$b" ] || exit 1
	done'
check "and so are the pixels" \
	'djpeg "$T/jane.jpg" >"$T/j1" && djpeg "$T/jane.out.jpg" >"$T/j2" && cmp -s "$T/j1" "$T/j2"'
check "a look-alike ICC chunk and text after Adobe APP14 are dropped, pixels kept" \
	'vox scrub -o "$T/look.out.jpg" "$T/lookalike.jpg" &&
	[ "$(grep -a -c Jane "$T/look.out.jpg")" -eq 0 ] &&
	exiftool -s3 -ColorTransform "$T/look.out.jpg" | grep -q YCbCr &&
	djpeg "$T/lookalike.jpg" >"$T/l1" && djpeg "$T/look.out.jpg" >"$T/l2" && cmp -s "$T/l1" "$T/l2"'
check "a PNG iCCP named for a person gets a neutral name and profile" \
	'vox scrub -o "$T/jane.out.png" "$T/jane.png" &&
	[ "$(grep -a -c -e Jane -e Truro "$T/jane.out.png")" -eq 0 ] &&
	[ "$(exiftool -s3 -ProfileName "$T/jane.out.png")" = "ICC profile" ] &&
	[ "$(exiftool -s3 -RedMatrixColumn "$T/jane.png")" = "$(exiftool -s3 -RedMatrixColumn "$T/jane.out.png")" ]'
status "vox audit finds the names in the fixtures" 1 vox audit "$T/jane.jpg" "$T/lookalike.jpg" "$T/jane.png"
status "and nothing in their scrubbed copies" 0 vox audit "$T/jane.out.jpg" "$T/look.out.jpg" "$T/jane.out.png"

# Every photo of each corpus but the damaged ones, scrubbed, then judged by vox audit.
n=0
scrub_corpus() {
	n=$((n + 1))
	mkdir -p "$T/all$n"
	find "$1/jpg" "$1/heic" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.heic' \
		-o -iname '*.heif' \) ! -path '*/invalid/*' ! -name corrupted.jpg 2>/dev/null |
		sort >"$T/all$n.list"
	i=0
	while IFS= read -r f; do
		i=$((i + 1))
		vox scrub -q -o "$T/all$n/$i.jpg" "$f" || echo "$f" >>"$T/all$n.failed"
	done <"$T/all$n.list"
	export D="$T/all$n"
	check "every photo of $1 is scrubbed" '[ ! -e "$D.failed" ] && [ -s "$D.list" ] &&
		[ $(ls "$D" | wc -l) -eq $(wc -l <"$D.list") ]'
	status "vox audit agrees the scrubbed $1 is clean" 0 vox audit "$T/all$n"
}
each_corpus scrub_corpus
done_testing
