#!/bin/sh
# A sheet of captions with the headers people write ("Alt text", "Participant code",
# "Story / caption", "Consent"), as Excel saves it: each maps to its column; an unknown
# header is named with the closest known one and nothing is ingested.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 6
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 2

# Written by Python's csv module with Excel's dialect, a BOM first (Excel's "CSV UTF-8").
python3 - "$T/in/sheet.csv" <<'PY'
import csv, sys
with open(sys.argv[1], 'w', encoding='utf-8-sig', newline='') as f:
    w = csv.writer(f, dialect='excel')
    w.writerow(['Photo file', 'Participant code', 'Title', 'Story / caption', 'Alt text',
                'Consent', 'People in the photo', 'Our lives'])
    w.writerow(['IMG_000.jpg', 'R04', 'The shelves', 'We stack them, "every" Tuesday',
                'Tins on metal shelves', 'Group', 'none', 'It feeds the town'])
PY
vox ingest -s truro-foodbank --manifest "$T/in/sheet.csv" "$T/in/IMG_000.jpg" \
	>"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "the sheet is read and its photo added" '[ "$(cat $T/rc)" = 0 ] && grep -q R04-01 $T/out'
check "Participant code, Story / caption, Alt text and Our lives reach their fields" \
	"vox caption R04-01 >'$T/cap' &&
	 grep -qx 'Alt: Tins on metal shelves' '$T/cap' &&
	 grep -qx 'Our-lives: It feeds the town' '$T/cap' &&
	 grep -qx 'We stack them, \"every\" Tuesday' '$T/cap'"
check "Consent and People in the photo are recorded" \
	"vox ls --json --participant R04 | grep -F '\"audience\":\"group\"' | grep -qF '\"people\":\"none\"'"

printf 'File,Partcipant,Story\nIMG_001.jpg,R04,x\n' >"$T/in/typo.csv"
vox ingest -s truro-foodbank --manifest "$T/in/typo.csv" "$T/in/IMG_001.jpg" \
	>"$T/out2" 2>"$T/err2"
echo $? >"$T/rc2"
check "a sheet with an unknown header is refused whole" \
	'[ "$(cat $T/rc2)" != 0 ] && [ "$(sqlite3 '"$c"'/vox.db "SELECT count(*) FROM photo")" = 1 ]'
check "the message names the sheet, the header and the closest known one" \
	"grep -F \"typo.csv': line 1: unknown column 'Partcipant' (did you mean 'participant'?\" '$T/err2'"
ok "vox ingest's manual shows a sheet with such headers" \
	grep -q 'Story / caption' cmd/vox-ingest.1
done_testing
