#!/bin/sh
# vox outputs (privacy rule 9): the catalog records every gallery, booklet and archive it
# builds; a withdrawal, a redaction or a lowered consent names the outputs that still hold
# the photo, vox outputs marks them stale, vox check fails for one inside the collection,
# and vox outputs --rebuild rebuilds them until nothing of the photo is left in them.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 44
outputs_collection || echo "Bail out! cannot make the collection"
catalog-add "$C" P02 cornwall-farm "$T/p3.jpg" title="STORYTITLE_C" story="STORYTEXT_C" \
	alt="A gate" consent=group >/dev/null

# Where a photo shows in each output: its story, its image files by ref.
cat >"$T/holds.sh" <<'SH'
# holds OUTPUT REF STORY: whether the output holds the photo's story or image (a zip is
# read with Python's zipfile).
out=$1 ref=$2 story=$3
case $out in
*.zip)
	python3 - "$out" "$ref" "$story" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
hit = any(sys.argv[2] in n for n in names) or \
    any(sys.argv[3].encode() in z.read(n) for n in names if not n.endswith('/'))
sys.exit(0 if hit else 1)
PY
	;;
*)
	grep -rqF -- "$story" "$out" || find "$out" -name "*$ref*" | grep -q .
	;;
esac
SH
holds() { sh "$T/holds.sh" "$@"; }
OUTS="$C/gallery $O/report $O/booklet $O/bag.zip"
export OUTS

ok "a group gallery inside the collection" vox gallery -q -o "$C/gallery" --audience group
ok "a report gallery outside it" vox gallery -q -o "$O/report" --audience report
ok "P07's booklet outside it" vox review -q -o "$O/booklet" P07
ok "a group archive as zip outside it" vox archive -q -o "$O/bag.zip" -a group
check "each output holds P07-01 and its story before the withdrawal" \
	'for o in $OUTS; do sh "$T/holds.sh" "$o" P07-01 STORYTEXT_A || { echo "not in $o"; exit 1; }; done'
check "vox outputs lists the four, ok, with kind, audience and photo count" \
	'vox outputs >"$T/l.out" && cat "$T/l.out" && test $(wc -l <"$T/l.out") -eq 4 &&
	 grep -q "^gallery	$C/gallery	group	.*	3	ok$" "$T/l.out" &&
	 grep -q "^gallery	$O/report	report	.*	2	ok$" "$T/l.out" &&
	 grep -q "^booklet	$O/booklet	private	.*	2	ok$" "$T/l.out" &&
	 grep -q "^archive	$O/bag.zip	group	.*	3	ok$" "$T/l.out"'
ok "vox check is content before anything changes" vox check -q
check "the record holds paths and ids: no caption text, no name" \
	'sqlite3 "$C/vox.db" ".dump output" ".dump output_photo" >"$T/dump.sql" &&
	 grep -q "$C/gallery" "$T/dump.sql" && ! grep -q "STORY" "$T/dump.sql"'

# Withdrawal.
vox withdraw -y P07-01 >"$T/w.out" 2>"$T/w.err"
check "vox withdraw -y names every output that holds the photo, on stderr" \
	'cat "$T/w.err"; for o in "gallery $C/gallery" "gallery $O/report" "booklet $O/booklet" "archive $O/bag.zip"; do
	     grep -q "still in: $o (built 2[0-9-]*T[0-9:]*Z); rebuild with vox outputs --rebuild" "$T/w.err" || exit 1; done &&
	 test $(grep -c "still in:" "$T/w.err") -eq 4'
check "vox outputs --stale marks the four stale: P07-01 withdrawn" \
	'vox outputs --stale >"$T/s.out" && test $(grep -c "	stale: P07-01 withdrawn$" "$T/s.out") -eq 4'
status "vox check fails for the stale gallery inside the collection" 1 vox check
check "vox check names it, and not the ones outside" \
	'vox check >"$T/c.out" 2>/dev/null; grep -q "^gallery: stale gallery: still holds P07-01 withdrawn" "$T/c.out" &&
	 ! grep -q "$O" "$T/c.out"'
check "vox outputs --rebuild -n says what it would rebuild and changes nothing" \
	'vox outputs --rebuild -n >"$T/n.out" && test $(grep -c "^would rebuild" "$T/n.out") -eq 4 &&
	 test $(vox outputs --stale | wc -l) -eq 4 && sh "$T/holds.sh" "$C/gallery" P07-01 STORYTEXT_A'
ok "vox outputs --rebuild rebuilds them" vox outputs -q --rebuild
for o in $OUTS; do
	check "after the rebuild nothing of P07-01 is in $(basename "$o"): no story, no image" \
		"! sh '$T/holds.sh' '$o' P07-01 STORYTEXT_A"
done
check "and the rest is still there" \
	'sh "$T/holds.sh" "$C/gallery" P07-02 STORYTEXT_B && sh "$T/holds.sh" "$O/bag.zip" P02-01 STORYTEXT_C &&
	 sh "$T/holds.sh" "$O/booklet" P07-02 STORYTEXT_B'
check "vox outputs says ok for all four" \
	'vox outputs >"$T/l.out" && test $(grep -c "	ok$" "$T/l.out") -eq 4 && test -z "$(vox outputs --stale)"'
ok "vox check is content again" vox check -q
ok "the rebuilt archive is a valid bag" vox archive -q --verify "$O/bag.zip"

# Consent lowered below an output's audience.
vox consent --audience group P07-02 2>"$T/k.err"
check "vox consent names the report gallery only" \
	'cat "$T/k.err"; grep -q "still in: gallery $O/report " "$T/k.err" && test $(grep -c "still in:" "$T/k.err") -eq 1'
check "vox outputs marks it stale: P07-02 no longer consented; the group ones are ok" \
	'vox outputs >"$T/l.out" && grep -q "^gallery	$O/report	.*	stale: P07-02 no longer consented$" "$T/l.out" &&
	 grep -q "^gallery	$C/gallery	.*	ok$" "$T/l.out" && grep -q "^archive	$O/bag.zip	.*	ok$" "$T/l.out"'
ok "vox check does not mind a stale output outside the collection" vox check -q
check "vox outputs --rebuild leaves P07-02 out of the report gallery" \
	'sh "$T/holds.sh" "$O/report" P07-02 STORYTEXT_B && vox outputs -q --rebuild >/dev/null &&
	 ! sh "$T/holds.sh" "$O/report" P07-02 STORYTEXT_B && test -z "$(vox outputs --stale)"'

# A redaction makes a new version of the photo: the old pixels are in the outputs.
vox redact -q --box 0,0,40,40 P02-01 >/dev/null 2>"$T/r.err"
check "vox redact names the outputs that hold the old version" \
	'cat "$T/r.err"; grep -q "still in: gallery $C/gallery " "$T/r.err" && grep -q "still in: archive $O/bag.zip " "$T/r.err" &&
	 test $(grep -c "still in:" "$T/r.err") -eq 2'
check "vox outputs marks them stale: P02-01 redacted" \
	'test $(vox outputs --stale | grep -c "	stale: P02-01 redacted$") -eq 2'
status "vox check fails again for the gallery inside" 1 vox check -q
# The SHA-256 of P02-01's file in the bag, and of its stored version now.
cat >"$T/bagsha.py" <<'PY'
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
n = [n for n in z.namelist() if 'P02-01' in n]
print(hashlib.sha256(z.read(n[0])).hexdigest() if n else 'none')
PY
check "the archive holds the old bytes until it is rebuilt" \
	"test \"\$(python3 '$T/bagsha.py' '$O/bag.zip')\" != \"\$(sqlite3 '$C/vox.db' \"SELECT sha256 FROM photo WHERE ref = 'P02-01'\")\" &&
	 test \"\$(python3 '$T/bagsha.py' '$O/bag.zip')\" != none"
ok "vox outputs --rebuild" vox outputs -q --rebuild
check "the rebuilt archive holds the redacted version" \
	"test \"\$(python3 '$T/bagsha.py' '$O/bag.zip')\" = \"\$(sqlite3 '$C/vox.db' \"SELECT sha256 FROM photo WHERE ref = 'P02-01'\")\""
check "all ok, and vox check is content" 'test -z "$(vox outputs --stale)" && vox check -q'

# Outputs that are gone, and ones that cannot be rebuilt.
rm -rf "$O/booklet"
vox withdraw -y P07-02 >/dev/null 2>"$T/w2.err"
check "a withdrawal does not name an output that is gone" '! grep -q "$O/booklet" "$T/w2.err"'
check "vox outputs lists it as missing, not stale" \
	'vox outputs | grep -q "^booklet	$O/booklet	private	.*	missing$" && ! vox outputs --stale | grep -q booklet'
check "--json gives one valid object a line with the state and the reason" \
	'vox outputs --json >"$T/j.out" && python3 -c "
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 4, rows
st = {r[\"path\"]: (r[\"state\"], r[\"reason\"]) for r in rows}
assert st[sys.argv[2] + \"/booklet\"] == (\"missing\", None), st
assert st[sys.argv[3] + \"/gallery\"] == (\"stale\", \"P07-02 withdrawn\"), st
assert all(r[\"photos\"] >= 0 and r[\"built\"] for r in rows), rows
" "$T/j.out" "$O" "$C"'
# The gallery folder, taken over by something else: the gallery refuses to replace it.
rm -rf "$C/gallery" && mkdir "$C/gallery" && echo notes >"$C/gallery/notes.txt"
status "an output that cannot be rebuilt: exit status 1, the others are rebuilt" 1 \
	vox outputs -q --rebuild
check "it says which and why" \
	'vox outputs -q --rebuild 2>&1 | grep -q "$C/gallery.: not rebuilt; it still holds P07-02 withdrawn"'
check "only that one is still stale" \
	'vox outputs --stale >"$T/s.out"; test $(wc -l <"$T/s.out") -eq 1 && grep -q "^gallery	$C/gallery	" "$T/s.out"'
# A participant withdrawing all their photos: each output named once, not once a photo.
catalog-add "$C" P09 cornwall-farm "$T/p4.jpg" alt="A barn" consent=group >/dev/null
catalog-add "$C" P09 cornwall-farm "$T/p5.jpg" alt="A hen" consent=group >/dev/null
vox gallery -q -o "$O/p09" --audience group --participant P09
check "vox withdraw -y --participant names their gallery once" \
	'vox withdraw -y --participant P09 >/dev/null 2>"$T/w3.err"; cat "$T/w3.err";
	 test $(grep -c "still in: gallery $O/p09 " "$T/w3.err") -eq 1'
status "--rebuild with --json is a usage error" 2 vox outputs --rebuild --json
status "-n without --rebuild is a usage error" 2 vox outputs -n
ok "-h prints the usage" vox outputs -h
check "vox-outputs.1 is a man page for vox outputs" \
	"grep -q '^.Nm vox outputs' '$VOX_TOP/cmd/vox-outputs.1' && grep -q '^.Sh EXIT STATUS' '$VOX_TOP/cmd/vox-outputs.1'"
done_testing
