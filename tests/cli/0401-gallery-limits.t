#!/bin/sh
# vox gallery, vox review and vox redact refuse a photo above the decoding limit (100
# megapixels) from its header, before decoding it: a 2 KB progressive JPEG claiming
# 22000 x 22000 pixels (it cannot shrink on load: libjpeg would hold gigabytes of
# coefficients). Each tool runs with its address space capped at 1 GB, which a decode would
# pass, and says why the photo is refused; the other photo of the gallery is made.
. tests/cli/lib.sh
plan 7
C="$T/c"
export C T
# A 64 x 48 progressive JPEG whose frame header (SOF2) is patched to claim 22000 x 22000.
python3 - "$T/small.ppm" <<'PY'
import random, sys
random.seed(7)
w, h = 64, 48
with open(sys.argv[1], "wb") as f:
    f.write(b"P6 %d %d 255\n" % (w, h))
    f.write(bytes(random.randrange(256) for _ in range(w * h * 3)))
PY
cjpeg -progressive -quality 90 "$T/small.ppm" >"$T/small.jpg"
python3 - "$T/small.jpg" "$T/bomb.jpg" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = 2
while d[i + 1] != 0xC2:
    i += 2 + int.from_bytes(d[i + 2:i + 4], "big")
d[i + 5:i + 9] = (22000).to_bytes(2, "big") * 2
open(sys.argv[2], "wb").write(d)
PY
cjpeg -quality 90 "$T/small.ppm" >"$T/fine.jpg"
vox init -q --title Limits "$C" && vox pair -q -C "$C" add p &&
    vox site -q -C "$C" add s --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site s &&
    vox ingest -q -C "$C" -p P01 -s s --consent report --people none \
        "$T/bomb.jpg" "$T/fine.jpg" >/dev/null
check "the crafted photo claims 22000 x 22000 pixels in 2 KB" \
    'test $(wc -c <"$T/bomb.jpg") -lt 4096 && vox show -C "$C" P01-01 | grep -q 22000'

# Each tool runs with 1 GB of address space at most (the decode would need about 3 GB); not
# under make asan, whose sanitizers reserve terabytes of address space (VOX_SANITIZED).
cap=1048576
check "vox gallery leaves the photo out, names it and the limit (exit 1)" '
({ [ -n "${VOX_SANITIZED:-}" ] || ulimit -v '$cap'; } && exec vox gallery -C "$C" -o "$T/g" --audience group) 2>"$T/gallery.err"
test $? -eq 1 && grep "P01-01" "$T/gallery.err" |
    grep -q "22000 x 22000 pixels, more than photovox decodes (100 megapixels); refused"'
check "the other photo is in the gallery, the large one is not" \
    'test -e "$T/g/photo-P01-02.html" && ! test -e "$T/g/photo-P01-01.html"'
check "vox review refuses the booklet holding it, names it and the limit (exit 1)" '
({ [ -n "${VOX_SANITIZED:-}" ] || ulimit -v '$cap'; } && exec vox review -C "$C" -o "$T/r" P01) 2>"$T/review.err"
test $? -eq 1 && grep -q "P01-01.: 22000 x 22000 pixels, more than photovox decodes (100 megapixels)" \
    "$T/review.err"'
check "vox redact refuses it and names the limit (exit 1)" '
({ [ -n "${VOX_SANITIZED:-}" ] || ulimit -v '$cap'; } && exec vox redact -C "$C" --box 0,0,10,10 P01-01) 2>"$T/redact.err"
test $? -eq 1 && grep -q "22000 x 22000 pixels, more than photovox decodes (100 megapixels)" \
    "$T/redact.err"'
check "the photo is still stored as it was" 'vox check -q -C "$C" && vox show -C "$C" P01-01 | grep -q 22000'
check "the manuals state the limit" \
    'for m in gallery review redact ingest; do grep -q "100 megapixels" cmd/vox-$m.1 || exit 1; done'
done_testing
