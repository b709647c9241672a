#!/bin/sh
# A booklet built with --zip leaves a zip beside its folder: the file that is emailed or
# printed. It is an output of its own (privacy rule 9): vox outputs lists it, a withdrawal
# names it, vox outputs --rebuild rebuilds it with its folder (once), and then nothing of
# the withdrawn photo is in the zip. Python's zipfile reads the zip.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 8
outputs_collection || echo "Bail out! cannot make the collection"
cat >"$T/inzip.py" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
hit = any(sys.argv[2].encode() in z.read(n) for n in z.namelist() if not n.endswith('/'))
sys.exit(0 if hit else 1)
PY
ok "P07's booklet is built with --zip" vox review -q -o "$O/P07" --zip P07
check "the zip holds both stories" \
	'python3 "$T/inzip.py" "$O/P07.zip" STORYTEXT_A && python3 "$T/inzip.py" "$O/P07.zip" STORYTEXT_B'
check "vox outputs lists the folder and the zip, each holding 2 photos" \
	'vox outputs >"$T/l" && cat "$T/l" && [ "$(wc -l <"$T/l")" -eq 2 ] &&
	 grep -q "^booklet	$O/P07	private	.*	2	ok$" "$T/l" &&
	 grep -q "^booklet	$O/P07.zip	private	.*	2	ok$" "$T/l"'
vox withdraw -y P07-01 >/dev/null 2>"$T/w.err"
check "the withdrawal names the zip as well as the folder" \
	'cat "$T/w.err"; grep -q "still in: booklet $O/P07.zip (built" "$T/w.err" &&
	 grep -q "still in: booklet $O/P07 (built" "$T/w.err"'
check "vox outputs marks both stale" \
	'[ "$(vox outputs --stale | grep -c "	stale: P07-01 withdrawn$")" -eq 2 ]'
vox outputs --rebuild >"$T/r.out" 2>"$T/r.err"
check "vox outputs --rebuild builds them once, together" \
	'cat "$T/r.out"; [ "$(grep -c "^rebuilt booklet " "$T/r.out")" -eq 2 ] &&
	 grep -q "^rebuilt booklet $O/P07\(\.zip\)\{0,1\} with its folder$" "$T/r.out"'
check "the zip no longer holds the withdrawn story, and still holds the other" \
	'! python3 "$T/inzip.py" "$O/P07.zip" STORYTEXT_A && python3 "$T/inzip.py" "$O/P07.zip" STORYTEXT_B'
check "both are ok again" '[ "$(vox outputs | grep -c "	ok$")" -eq 2 ]'
done_testing
