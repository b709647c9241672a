# Colour profiles end to end: every place a profile has room for a name (free header bytes,
# a colour tag in a type of free bytes or longer than its structure, the unused bytes of a
# look-up table, text after a well-known string) is emptied by vox scrub and reported by
# vox audit, while the colour tags of real profiles keep their bytes. The crafted profiles
# are written by Python (tests/cli/icc-crafted.py); exiftool and djpeg judge.
. tests/cli/lib.sh
plan 32

gps="$VOX_CORPUS/jpg/gps/DSCN0010.jpg"
seeds="$VOX_TOP/tests/fuzz/seeds/icc"
crafted="python3 $VOX_TOP/tests/cli/icc-crafted.py"
export T crafted seeds

# A photo without metadata to carry the profiles, so that audit judges the profile alone.
vox scrub -q -o "$T/base.jpg" "$gps"
$crafted write "$T/base.jpg" "$T"
check "the crafted photos carry the name and exiftool reads their profiles" '
	for f in header rxyz-ui08 ciis-ui08 wtpt-triples clro wtpt-over-desc lut-grid \
	    text-after-nul desc-tail; do
		[ "$(grep -a -c JaneDoe "$T/$f.jpg")" -gt 0 ] || exit 1
	done
	[ "$(exiftool -s3 -ProfileDescription "$T/wtpt-over-desc.jpg")" = JaneDoe ] &&
	[ "$(exiftool -s3 -ProfileDescription "$T/mluc-french.jpg")" = sRGB ]'

# Helpers the checks source: scrubbed NAME scrubs NAME.jpg to NAME.out.jpg and extracts
# both profiles; gone NAME also says the name is nowhere in the scrubbed photo, which keeps
# a profile and its pixels.
cat >"$T/icc.sh" <<'EOF'
scrubbed() {
	vox scrub -q -o "$T/$1.out.jpg" "$T/$1.jpg" &&
	exiftool -b -icc_profile "$T/$1.jpg" >"$T/$1.icc" &&
	exiftool -b -icc_profile "$T/$1.out.jpg" >"$T/$1.out.icc"
}
gone() {
	scrubbed "$1" && [ "$(grep -a -c -e JaneDoe -e Jane "$T/$1.out.jpg")" -eq 0 ] &&
	[ "$(exiftool -s3 -ProfileDescription "$T/$1.out.jpg")" = "ICC profile" ] &&
	djpeg "$T/$1.jpg" >"$T/$1.p1" && djpeg "$T/$1.out.jpg" >"$T/$1.p2" &&
	cmp -s "$T/$1.p1" "$T/$1.p2"
}
EOF

# The header: the bytes that say nothing of the colours are zero, the illuminant is D50.
check "free header bytes lose the name" '. "$T/icc.sh"; gone header'
check "the header is rebuilt as the ICC fixes it" '$crafted header "$T/header.out.icc"'
check "an unknown device class makes the profile malformed: dropped whole, pixels kept" '
	vox scrub -q -o "$T/class.out.jpg" "$T/header-class.jpg" &&
	[ "$(grep -a -c -e Jane -e ICC_PROFILE "$T/class.out.jpg")" -eq 0 ] &&
	djpeg "$T/header-class.jpg" >"$T/c1" && djpeg "$T/class.out.jpg" >"$T/c2" && cmp -s "$T/c1" "$T/c2"'
check "audit reports the header bytes" '
	vox audit "$T/header.jpg" | grep -q "	ICC profile header with [0-9]* bytes where the ICC fixes their value\$"'
check "audit reports a profile of an unknown class as unreadable" '
	vox audit "$T/header-class.jpg" | grep -q "	ICC profile that cannot be read"'

# Colour tags: only in a type ICC.1 allows for them, only the bytes that type defines.
check "rXYZ of type ui08 (free bytes) is dropped" '. "$T/icc.sh"; gone rxyz-ui08'
check "ciis of type ui08 is dropped, the colour tags kept" '
	. "$T/icc.sh"; gone ciis-ui08 && $crafted same-colour-tags "$T/ciis-ui08.icc" "$T/ciis-ui08.out.icc"'
check "a white point with extra XYZ triples keeps only its one XYZNumber" '
	. "$T/icc.sh"; gone wtpt-triples &&
	[ "$(exiftool -s3 -MediaWhitePoint "$T/wtpt-triples.out.jpg")" = "0.9642 1 0.82491" ]'
check "a colorant order holding text is dropped" '. "$T/icc.sh"; gone clro'
check "a white point stretched over the description keeps only its own bytes" '
	. "$T/icc.sh"; gone wtpt-over-desc &&
	[ "$(exiftool -s3 -MediaWhitePoint "$T/wtpt-over-desc.out.jpg")" = "0.9642 1 0.82491" ]'
check "a look-up table loses the name from its unused grid sizes and reserved bytes" '
	. "$T/icc.sh"; gone lut-grid && [ "$(grep -a -c Doe "$T/lut-grid.out.jpg")" -eq 0 ] &&
	[ "$(grep -a -c "mAB " "$T/lut-grid.out.jpg")" -eq 1 ]'
for f in rxyz-ui08 ciis-ui08 wtpt-triples clro wtpt-over-desc lut-grid; do
	status "audit reports the name hidden in $f" 1 vox audit -q "$T/$f.jpg"
done
check "and every scrubbed copy is clean" '
	vox audit -q "$T/header.out.jpg" "$T/rxyz-ui08.out.jpg" "$T/ciis-ui08.out.jpg" \
	    "$T/wtpt-triples.out.jpg" "$T/clro.out.jpg" "$T/wtpt-over-desc.out.jpg" \
	    "$T/lut-grid.out.jpg"'

# Text that starts as a well-known string: every record and every byte is judged.
check "a description well-known in English but naming someone in French is found" '
	vox audit "$T/mluc-french.jpg" | grep -q "	comments	ICC profile description\$"'
check "a copyright with a name after the NUL of \"Public Domain\" is found" '
	vox audit "$T/text-after-nul.jpg" | grep -q "	people and owners	ICC profile copyright\$"'
check "a description with a name after its structure is found" '
	vox audit "$T/desc-tail.jpg" | grep -q "	comments	ICC profile description\$"'
check "their scrubbed copies are clean and hold no name" '
	for f in mluc-french text-after-nul desc-tail; do
		vox scrub -q -o "$T/$f.out.jpg" "$T/$f.jpg" && vox audit -q "$T/$f.out.jpg" &&
		[ "$(grep -a -c -e Jane -e "J.a.n.e" "$T/$f.out.jpg")" -eq 0 ] || exit 1
	done'

# Real profiles: the corpus's sRGB, Apple's Display P3 (v4) and Generic RGB (v2, with a
# description in 30 languages). Each is clean to audit, and scrubbing keeps every colour
# tag byte for byte, as both our reader of the tag table and exiftool see it.
exiftool -b -icc_profile "$VOX_CORPUS/jpg/Canon_40D.jpg" >"$T/canon-srgb.icc"
for p in "$T/canon-srgb.icc" "$seeds/apple-display-p3-v4.icc" "$seeds/apple-generic-rgb-v2.icc"; do
	n=$(basename "$p" .icc)
	$crafted jpeg "$p" "$T/base.jpg" "$T/real-$n.jpg"
	status "$n is a well-known profile: audit is clean" 0 vox audit -q "$T/real-$n.jpg"
	check "$n: every colour tag keeps its bytes" '
		. "$T/icc.sh"; scrubbed real-'"$n"' &&
		$crafted same-colour-tags "$T/real-'"$n"'.icc" "$T/real-'"$n"'.out.icc"'
	check "$n: exiftool reads the same colour tags in the scrubbed copy" '
		re="^(Media|Red|Green|Blue|Gray|Chromatic|Luminance|Measurement|ViewingCond[^D]|Technology"
		re="$re|ColorSpaceData|ProfileClass|ProfileConnectionSpace|ProfileVersion|RenderingIntent"
		re="$re|ConnectionSpaceIlluminant)"
		exiftool -s -icc_profile:all "$T/real-'"$n"'.jpg" | grep -E "$re" >"$T/'"$n"'.a" &&
		exiftool -s -icc_profile:all "$T/real-'"$n"'.out.jpg" | grep -E "$re" >"$T/'"$n"'.b" &&
		[ "$(wc -l <"$T/'"$n"'.a")" -ge 7 ] && cmp "$T/'"$n"'.a" "$T/'"$n"'.b"'
done
done_testing
