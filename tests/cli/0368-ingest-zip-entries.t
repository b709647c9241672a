#!/bin/sh
# vox ingest refuses a zip of more than 20,000 entries (a card or a phone's export holds
# hundreds or a few thousand photos) before reading any of its entries, by the count its
# directory gives, the Zip64 one too; a zip of 20,000 entries is read within the 200 MB
# every tool stays under.
. tests/cli/lib.sh
plan 8
C="$T/c"
export C T
python3 - "$T" <<'PY'
import random, subprocess, sys, zipfile
t = sys.argv[1]
random.seed(1)
ppm = t + "/p.ppm"
with open(ppm, "wb") as f:
    f.write(b"P6 32 24 255\n" + bytes(random.randrange(256) for _ in range(32 * 24 * 3)))
photo = subprocess.run(["cjpeg", ppm], check=True, capture_output=True).stdout
def make(name, n):
    with zipfile.ZipFile(t + "/" + name, "w", zipfile.ZIP_STORED) as z:
        z.writestr("first.jpg", photo)
        for i in range(n - 1):
            z.writestr("d/%06d_%s.jpg" % (i, "x" * 150), b"\xff\xd8\xff\xd9")
make("max.zip", 20000)
make("over.zip", 20001)
make("zip64.zip", 70000)
PY
vox init -q "$C" && vox pair -q -C "$C" add p && vox site -q -C "$C" add s --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site s || echo "Bail out! no collection"
check "python's zipfile counts 20,001 and 70,000 entries (the second in a Zip64 record)" '
python3 -c "import sys, zipfile
assert len(zipfile.ZipFile(sys.argv[1]).namelist()) == 20001
assert len(zipfile.ZipFile(sys.argv[2]).namelist()) == 70000" "$T/over.zip" "$T/zip64.zip"'
status "a zip of 20,001 entries is refused (exit 1)" 1 \
	vox ingest -C "$C" -p P01 -s s --consent group --people none "$T/over.zip"
cp "$T/.err" "$T/over.err"
check "  naming the zip, its count and the limit" \
	'grep -q "over.zip.: holds 20001 entries, more than the 20000 a zip of photos may hold" \
	    "$T/over.err" || { cat "$T/over.err"; false; }'
check "  and none of its entries is read: its photo is not added" \
	'[ -z "$(vox ls -C "$C")" ] && ! grep -q "first.jpg\|000000_" "$T/over.err"'
status "a zip of 70,000 entries is refused (exit 1)" 1 \
	vox ingest -C "$C" -p P01 -s s --consent group --people none "$T/zip64.zip"
cp "$T/.err" "$T/zip64.err"
check "  by the count of its Zip64 directory" \
	'grep -q "zip64.zip.: holds 70000 entries, more than the 20000" "$T/zip64.err"'
if [ -n "${VOX_SANITIZED:-}" ]; then
	skip "a zip of 20,000 entries is read under 200 MB" "the sanitizers' memory is not the tool's"
	skip "  and its photo is added" "measured with the one above"
else
	/usr/bin/time -f %M vox ingest -q -C "$C" -p P01 -s s --consent group --people none \
	    "$T/max.zip" >/dev/null 2>"$T/max.err"
	check "a zip of 20,000 entries is read under 200 MB" \
		'k=$(tail -n 1 "$T/max.err"); echo "peak $k kB"; [ "$k" -lt 204800 ]'
	check "  and its photo is added" '[ "$(vox ls -C "$C" | wc -l)" -eq 1 ]'
fi
done_testing
