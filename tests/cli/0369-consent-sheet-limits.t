#!/bin/sh
# vox consent --from bounds what it holds of a sheet, as ingest bounds a manifest: a sheet
# of more than 16 MB is refused by its size without being read whole, a row of more than
# 1,000 fields or a sheet of more than 20,000 rows is refused naming the line, and a cell
# is never held longer than a field may be (256 bytes).
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 9
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 1
vox ingest -q -p R01 -s truro-foodbank "$T/in" >/dev/null 2>&1
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
open(t + "/wide.csv", "w").write("ref,audience\nR01-01,group" + "," * 1000 + "\n")
open(t + "/rows.csv", "w").write("ref,audience\n" + "R01-01,group\n" * 20001)
open(t + "/cell.csv", "w").write("ref,audience\nR01-01," + "g" * (15 << 20) + "\n")
with open(t + "/big.csv", "w") as f:
    f.write("ref,audience\n")
    for _ in range(64):
        f.write("R01-01," + "g" * (1 << 20) + "\n")
PY
ok "the sheets are what they say (a row of 1,002 fields, 20,001 rows, 64 MB)" python3 -c '
import csv, os, sys
t = sys.argv[1]
assert len(list(csv.reader(open(t + "/wide.csv")))[1]) == 1002
assert len(list(csv.reader(open(t + "/rows.csv")))) == 20002
assert os.path.getsize(t + "/big.csv") > 64 << 20' "$T"
status "a row of 1,002 fields is refused (exit 1)" 1 vox consent --from "$T/wide.csv"
cp "$T/.err" "$T/wide.err"
check "  naming the line and the limit" \
	'grep -q "wide.csv.: line 2: more than 1000 fields in one row" "$T/wide.err"'
status "a sheet of 20,001 rows is refused (exit 1)" 1 vox consent --from "$T/rows.csv"
cp "$T/.err" "$T/rows.err"
check "  naming the line and the limit" \
	'grep -q "rows.csv.: line 20002: more than 20000 rows" "$T/rows.err"'
status "a sheet of 64 MB is refused (exit 1)" 1 vox consent --from "$T/big.csv"
cp "$T/.err" "$T/big.err"
check "  by its size" 'grep -q "big.csv.: larger than a consent sheet may be (16 MB)" "$T/big.err"'
if [ -n "${VOX_SANITIZED:-}" ]; then
	skip "a sheet of 64 MB on standard input is not read whole" "the sanitizers' memory is not the tool's"
	skip "a cell of 15 MB is refused, never held whole" "as above"
else
	check "a sheet of 64 MB on standard input is not read whole (under 40 MB)" '
	/usr/bin/time -f %M vox consent --from - <"$T/big.csv" 2>"$T/stdin.err"
	k=$(tail -n 1 "$T/stdin.err"); echo "peak $k kB"
	grep -q "larger than a consent sheet may be" "$T/stdin.err" && [ "$k" -lt 40960 ]'
	check "a cell of 15 MB is refused, never held whole (under 30 MB: the sheet once)" '
	/usr/bin/time -f %M vox consent --from "$T/cell.csv" 2>"$T/cell.err"
	k=$(tail -n 1 "$T/cell.err"); echo "peak $k kB"
	grep -q "line 2: field too long" "$T/cell.err" && [ "$k" -lt 30720 ]'
fi
done_testing
