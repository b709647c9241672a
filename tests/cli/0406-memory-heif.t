#!/bin/sh
# A HEIC/HEIF is converted to JPEG whole: libheif decodes every pixel at once (about 8 bytes
# a pixel at 8 bits, 16 deeper, 2 more with alpha). One whose conversion would hold more
# than photovox allows (128 MB: 16.7 megapixels at 8 bits) is refused from its header,
# saying why and what to do, before any pixel is decoded; one just under converts; and
# ingest, converting on two threads, stays under 200 MB (a 48-megapixel iPhone photo
# reached 368 MB before). The photos are flat colours, which x265 encodes in a moment.
. tests/cli/lib.sh
plan 9
C="$T/c"
export C T
under="$VOX_TOP/tests/cli/under"
export under
# mkheif W H BANDS VALUE OUT [heifsave options]: a flat W x H image saved as HEIF.
mkheif() {
	fmt=uchar
	case "${6-}" in *bitdepth*) fmt=ushort ;; esac
	vips black "$T/b.v" "$1" "$2" --bands "$3" && vips linear "$T/b.v" "$T/l.v" 1 "$4" &&
	    vips cast "$T/l.v" "$T/c.v" "$fmt" && vips copy "$T/c.v" "$T/s.v" --interpretation srgb &&
	    vips heifsave "$T/s.v" "$5" --Q 30 ${6-} && rm -f "$T"/*.v
}
mkdir "$T/in" "$T/big"
mkheif 4700 3560 3 70 "$T/in/under-a.heic" && mkheif 4700 3560 3 170 "$T/in/under-b.heic" &&
    mkheif 4000 3000 4 120 "$T/in/alpha.heic" &&
    mkheif 4760 3570 3 90 "$T/big/over.heic" && mkheif 4000 3600 4 60 "$T/big/alpha-over.heic" &&
    mkheif 3600 2640 3 400 "$T/big/deep-over.heic" "--bitdepth 10" ||
    { echo "Bail out! vips cannot make HEIF files"; exit 1; }

check "a 16.7-megapixel HEIF converts under 200 MB, to a JPEG of its size (djpeg)" \
	'"$under" 0 "$T/a.err" vox scrub "$T/in/under-a.heic" -o "$T/a.jpg" &&
	 djpeg -pnm "$T/a.jpg" | head -c 20 | grep -q "4700 3560"'
check "one with alpha converts, flattened to three bands" \
	'vox scrub -q "$T/in/alpha.heic" -o "$T/al.jpg" && vipsheader -f bands "$T/al.jpg" | grep -qx 3'
check "a 17-megapixel HEIF is refused, saying why and what to do, and nothing is written" \
	'! vox scrub "$T/big/over.heic" -o "$T/o.jpg" 2>"$T/o.err"; cat "$T/o.err";
	 grep -q "over.heic.: 4760 x 3570 pixels: converting it from HEIC/HEIF would hold about 130 MB at once, more than photovox allows (128 MB); refused (export it from the phone or camera as a JPEG)" "$T/o.err" &&
	 ! test -e "$T/o.jpg"'
check "so is one deeper than 8 bits past the limit, saying so" \
	'! vox scrub "$T/big/deep-over.heic" -o "$T/d.jpg" 2>"$T/d.err"; cat "$T/d.err";
	 grep -q "3600 x 2640 pixels deeper than 8 bits: converting it .* would hold about 146 MB" "$T/d.err"'
check "and one whose alpha takes it past the limit" \
	'! vox scrub "$T/big/alpha-over.heic" -o "$T/ao.jpg" 2>"$T/ao.err"; cat "$T/ao.err";
	 grep -q "4000 x 3600 pixels: converting it .* would hold about 138 MB" "$T/ao.err"'
check "each refusal is made from the header: the refused files cost no memory" \
	'"$under" 1 "$T/r.err" vox scrub -d "$T/out" "$T/big/over.heic" "$T/big/deep-over.heic" &&
	 ! ls "$T/out"/* 2>/dev/null'
vox init -q "$C" || { echo "Bail out! cannot make the collection"; exit 1; }
check "ingest of them all stays under 200 MB and exits 1 for the refused" \
	'"$under" 1 "$T/i.err" vox ingest -C "$C" -p P01 "$T/in" "$T/big"; rc=$?; cat "$T/i.err"; exit $rc'
check "the three that fit are stored, lossy, the refused are not" \
	'test "$(vox ls -C "$C" | wc -l)" -eq 3'
check "and ingest names each refused file with its reason" \
	'for f in over deep-over alpha-over; do
		grep -q "$f.heic.*more than photovox allows (128 MB); refused" "$T/i.err" || exit 1
	 done'
done_testing
