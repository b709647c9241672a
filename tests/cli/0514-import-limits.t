#!/bin/sh
# vox import bounds catalog.json before SQLite parses it, and every text by the field it
# fills: a catalog.json of more than 40 MB (what 20,000 photos with their captions need)
# is refused by its size before it is read, one of more than 2,000,000 values (each costs
# memory whatever its length) before it is parsed, and a bag cannot carry text vox ingest
# would refuse: a caption's text or a prompt's answer of more than 1 MB, a name of more
# than 1024 bytes. The largest catalog.json taken is read under 200 MB.
. tests/cli/lib.sh
plan 13
B="python3 tests/cli/bagmake.py"
export T B
for w in story answer name size values largest; do
	$B limit "$T/$w.zip" $w || echo "Bail out! cannot make the $w bag"
done
ok "catalog.json is 40 MB and one byte, and holds 2,000,001 zeros, as python's zipfile reads them" \
	python3 -c '
import sys, zipfile
t = sys.argv[1]
assert zipfile.ZipFile(t + "/size.zip").getinfo("bag/data/catalog.json").file_size == 40 * 2**20 + 1
assert zipfile.ZipFile(t + "/values.zip").read("bag/data/catalog.json").count(b"0,") == 2000000' "$T"

# refused BAG MESSAGE: the bag is refused (exit 1), with MESSAGE, and nothing is written.
refused() {
	rm -rf "$T/c" && vox init -q "$T/c"
	check "a bag where $(python3 -c 'import sys; sys.path.insert(0, "tests/cli");
import bagmake; print(bagmake.LIMITS[sys.argv[1]])' "$1") is refused (exit 1)" "
		vox import -C \"\$T/c\" \"\$T/$1.zip\" >/dev/null 2>\"\$T/$1.err\"; [ \$? -eq 1 ]"
	check "  naming the bag and why" "grep -F \"'\$T/$1.zip': $2\" \"\$T/$1.err\""
}
refused story "'data/catalog.json': photos[4] (P09-01): 'story' is longer than 1 MB, more than vox ingest takes"
refused answer "'data/catalog.json': photos[4] (P09-01): 'see' is longer than 1 MB"
refused name "'data/catalog.json': sites[1]: 'name' is longer than 1024 bytes"
refused size "its data/catalog.json is 41943041 bytes, more than the 40 MB a bag's catalog may be"
refused values "'data/catalog.json': more than 2000000 values"
check "nothing of them was written" '[ -z "$(vox ls -C "$T/c")" ]'
if [ -n "${VOX_SANITIZED:-}" ]; then
	skip "a catalog.json of 40 MB and 20,000 photos is read whole under 200 MB" \
	    "the sanitizers' memory is not the tool's"
else
	check "a catalog.json of 40 MB and 20,000 photos is read whole under 200 MB" '
	/usr/bin/time -f %M vox import -C "$T/c" "$T/largest.zip" >/dev/null 2>"$T/largest.err"
	k=$(tail -n 1 "$T/largest.err"); echo "peak $k kB"
	grep -q "P07-100.jpg.: in catalog.json but not in the bag" "$T/largest.err" &&
	    [ "$k" -lt 204800 ]'
fi
done_testing
