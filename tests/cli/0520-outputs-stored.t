#!/bin/sh
# Every output re-hashes the stored files it uses (privacy rule 8), and every output treats
# a stored file that is missing or not what its name says alike: the photo is left out with
# a warning naming its ref, the rest is written, the tool exits 1, and the output's own
# counts say what it holds.
. tests/cli/lib.sh
plan 22
B="python3 tests/cli/bagmake.py"
export SOURCE_DATE_EPOCH=1780000000
C1="$T/coll"
vox init -q --title "Cornwall photovoice" "$C1"
$B good "$T/in.zip"
vox import -q -C "$C1" "$T/in.zip" >/dev/null
vox participant -q -C "$C1" add P11 --site truro-foodbank >/dev/null
vox ingest -q -C "$C1" -p P11 -s truro-foodbank --consent report --people none \
	"$VOX_CORPUS/jpg/gps/DSCN0010.jpg" >/dev/null
stored() { # REF: the path of its stored file
	_id=$(vox show -C "$C1" "$1" | awk '$1 == "id" { print $2 }')
	find "$C1/store" -name "$_id.*"
}
P11=$(stored P11-01)
P07=$(stored P07-01)
export C1 T P11 P07

ok "the camera photo is in the store" test -s "$P11"
ok "a report gallery before anything is changed fills the cache" \
	vox gallery -q -C "$C1" --audience report -o "$T/g0"
# By hand, as a facilitator with a file manager might: the original, GPS and all, goes in
# under the scrubbed file's name.
cp "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" "$P11"

status "vox archive leaves the changed photo out and exits 1" 1 \
	vox archive -C "$C1" -a report -o "$T/a.zip"
check "and names it" 'vox archive -C "$C1" -a report -o "$T/a2.zip" 2>&1 | grep -q "P11-01.*left out.*does not match"'
ok "the bag it wrote checks clean" vox archive --verify "$T/a.zip"
check "without the changed photo, and no GPS in it" \
	'! bsdtar -tf "$T/a.zip" | grep -q P11-01 && mkdir "$T/ax" && bsdtar -xf "$T/a.zip" -C "$T/ax" && ! exiftool -r -a -G1 "$T/ax" | grep -q GPS'
check "its README and catalog.json count only what is in it" \
	'n=$(bsdtar -tf "$T/a.zip" | grep -c "/data/photos/.*\.jpg$") &&
	 bsdtar -xOf "$T/a.zip" "a/data/README.txt" | grep -q "holds $n photo" &&
	 ! bsdtar -xOf "$T/a.zip" "a/data/catalog.json" | grep -q P11-01'
status "vox archive --with-gallery too" 1 \
	vox archive -C "$C1" -a report --with-gallery -o "$T/ag.zip"
check "its gallery holds the changed photo nowhere" \
	'! bsdtar -tf "$T/ag.zip" | grep -q P11-01'

status "vox gallery leaves it out although its sizes are cached, and exits 1" 1 \
	vox gallery -C "$C1" --audience report -o "$T/g1"
check "and names it" 'vox gallery -C "$C1" --audience report -o "$T/g2" 2>&1 | grep -q "P11-01.*left out.*does not match"'
check "no page and no image of it in the gallery" \
	'test -s "$T/g1/index.html" && ! grep -rq P11-01 "$T/g1" && ! ls "$T/g1/img" | grep -q P11-01'

mkdir -p "$T/b" "$T/b2"
status "vox review leaves it out of P11's booklet and exits 1" 1 \
	vox review -C "$C1" -o "$T/b/P11" P11
check "and names it" 'vox review -C "$C1" -o "$T/b2/P11" P11 2>&1 | grep -q "P11-01.*left out.*does not match"'
check "the booklet has no image and no page entry for it" \
	'! test -e "$T/b/P11/img/P11-01.jpg" && ! grep -q P11-01 "$T/b/P11/index.html" "$T/b/P11/consent.tsv"'
check "vox redact refuses it" \
	'vox redact -C "$C1" --box 0,0,10,10 P11-01 >/dev/null 2>"$T/r.err"; [ $? -ne 0 ] && grep -q "does not match" "$T/r.err"'

# A stored file lost: the same for every output.
rm "$P07"
status "vox archive leaves a missing photo out and exits 1 (not 3)" 1 \
	vox archive -C "$C1" -a report -o "$T/m.zip"
check "and names it" 'vox archive -C "$C1" -a report -o "$T/m2.zip" 2>&1 | grep -q "P07-01.*left out"'
ok "the bag checks clean" vox archive --verify "$T/m.zip"
status "vox gallery leaves it out and exits 1" 1 vox gallery -C "$C1" --audience report -o "$T/g3"
check "vox review leaves it out of P07's booklet and exits 1" \
	'vox review -C "$C1" -o "$T/b/P07" P07 2>"$T/rv.err"; [ $? -eq 1 ] && grep -q "P07-01.*left out" "$T/rv.err" && ! test -e "$T/b/P07/img/P07-01.jpg"'
check "the other photos are still in every output" \
	'bsdtar -tf "$T/m.zip" | grep -q P07-02.jpg && ls "$T/g3/img" | grep -q P07-02 && test -s "$T/b/P07/img/P07-02.jpg"'
done_testing
