#!/bin/sh
# vox consent --from reads a consent sheet saved from a spreadsheet as CSV (with or without
# a byte order mark, CRLF line ends, quoted cells, Excel's semicolons) as well as TSV.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 9
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 4
vox ingest -q -p R01 -s truro-foodbank "$T/in" >/dev/null 2>&1
# consent_of N: photo R01-N's audience and people as the catalog stores them.
printf '#!/bin/sh\nsqlite3 "%s/vox.db" "SELECT audience || %s || people FROM photo WHERE seq = $1"\n' \
	"$c" "','" >"$T/consent_of"
chmod +x "$T/consent_of"

# Excel's "CSV UTF-8": a BOM, CRLF, a quoted cell, headers as people write them.
python3 - "$T/excel.csv" <<'PY'
import csv, sys
with open(sys.argv[1], 'w', encoding='utf-8-sig', newline='') as f:
    w = csv.writer(f, dialect='excel', quoting=csv.QUOTE_MINIMAL)
    w.writerow(['Photo ref', 'Consent', 'People in the photo'])
    w.writerow(['R01-01', 'report', 'consented'])
    w.writerow(['R01-02', 'Group', ''])
    f.write('"R01-03",,"unconsented"\r\n')
PY
check "the CSV has a BOM and CRLF line ends" \
	"head -c 3 '$T/excel.csv' | od -An -tx1 | grep -q 'ef bb bf' && grep -q \"\$(printf '\\r')\" '$T/excel.csv'"
ok "vox consent --from reads it" vox consent --from "$T/excel.csv"
check "each row's audience and people are recorded (3 = report, 1 = consented)" \
	'[ "$($T/consent_of 1)" = "3,1" ] && [ "$($T/consent_of 2)" = "2,3" ] && [ "$($T/consent_of 3)" = "1,2" ]'

# Saved as plain CSV without a BOM, one row, from standard input.
printf 'ref,audience\nR01-04,group\n' >"$T/plain"
ok "a CSV without a BOM on standard input" sh -c "vox consent --from - <'$T/plain'"
check "is recorded" '[ "$($T/consent_of 4)" = "2,3" ]'

# Excel where the comma is the decimal mark separates cells with semicolons.
printf 'ref;audience;people\r\nR01-04;private;none\r\n' >"$T/semi.csv"
ok "a .csv separated by semicolons" vox consent --from "$T/semi.csv"
check "is recorded" '[ "$($T/consent_of 4)" = "1,0" ]'

# TSV as before, with a comment holding a comma above it.
printf '# typed from the booklet, 2 June\nR01-01\tprivate\t\n' >"$T/typed.txt"
ok "a tab-separated sheet with a comment is still read" vox consent --from "$T/typed.txt"
check "is recorded" '[ "$($T/consent_of 1)" = "1,1" ]'
done_testing
