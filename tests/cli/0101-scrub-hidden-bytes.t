#!/bin/sh
# PNG and WebP files that hide a name in the chunks the scrub keeps (a gAMA, spare bytes
# after pHYs or VP8X, bytes after the zlib stream inside IDAT or fdAT, an fdAT in a still,
# ALPH, ANIM or ANMF where they do not belong): the audit finds each, the scrub leaves the
# name out ("Jan" is in every hidden text), and libvips decodes the same pixels from both.
# Sound files keep their bytes.
. tests/cli/lib.sh
F="$T/f"
vips copy "$VOX_TOP/tests/corpus/jpg/orientation/landscape_3.jpg" "$T/big.png" &&
	vips resize "$T/big.png" "$T/small.png" 0.02 &&
	vips copy "$T/small.png" "$T/base.webp[lossless,strip]" &&
	python3 "$VOX_TOP/tests/cli/hidden-bytes-fixtures.py" "$T/base.webp" "$F" || exit 1
hidden=$(cd "$F" && ls | grep -v -e '^plain-' -e '^apng\.png$' -e '^refused-')
plan $((4 * $(echo "$hidden" | wc -l) + 5))
export F T

for f in $hidden; do
	export f
	status "$f: the audit finds the hidden bytes" 1 vox audit -q "$F/$f"
	check "$f: the scrub leaves the name out" '
		vox scrub -q -o "$T/out-$f" "$F/$f" && ! grep -q Jan "$T/out-$f"'
	ok "$f: the scrubbed file audits clean" vox audit -q "$T/out-$f"
	check "$f: libvips decodes the same pixels" '
		vips rawsave "$F/$f" "$T/a.raw" && vips rawsave "$T/out-$f" "$T/b.raw" &&
		cmp -s "$T/a.raw" "$T/b.raw"'
done

check "an IEND chunk with a body is refused, naming it" '
	! vox scrub -q -o "$T/r.png" "$F/refused-iend-body.png" 2>"$T/r.err" &&
	grep -q "IEND chunk with a body" "$T/r.err" && [ ! -e "$T/r.png" ]'
check "a sound PNG keeps its bytes" '
	vox scrub -q -o "$T/p.png" "$F/plain-rgb.png" && cmp -s "$F/plain-rgb.png" "$T/p.png"'
check "a sound animated PNG keeps its bytes and its frames" '
	vox scrub -q -o "$T/a.png" "$F/apng.png" && cmp -s "$F/apng.png" "$T/a.png"'
check "an animated PNG without the tail of its frame keeps both frames, in sequence" '
	vox scrub -q -o "$T/t.png" "$F/apng-fdat-tail.png" &&
	python3 -c "
import struct, sys, zlib
d = open(sys.argv[1], \"rb\").read(); p = 8; seqs = []; frames = 0
while p < len(d):
    n, t = struct.unpack(\">I4s\", d[p:p + 8]); b = d[p + 8:p + 8 + n]
    assert zlib.crc32(t + b) == struct.unpack(\">I\", d[p + 8 + n:p + 12 + n])[0]
    if t in (b\"fcTL\", b\"fdAT\"): seqs.append(struct.unpack(\">I\", b[:4])[0])
    if t == b\"fdAT\": frames += 1; zlib.decompress(b[4:])
    p += 12 + n
assert seqs == [0, 1, 2] and frames == 1, seqs
" "$T/t.png"'
check "the large PNG scrubbed again keeps its bytes" '
	vox scrub -q -o "$T/l2.png" "$T/out-idat-tail-large.png" &&
	cmp -s "$T/out-idat-tail-large.png" "$T/l2.png" &&
	vox scrub -q - <"$F/idat-tail-large.png" | cmp -s - "$T/out-idat-tail-large.png"'
exit $_fail
