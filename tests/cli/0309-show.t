#!/bin/sh
# vox show: everything about a photo, private fields included; ids or refs, args or stdin.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 11
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
a=$(catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" theme=community title="Gate" \
	story="Line one
line two" name=IMG_0042.JPG | cut -d' ' -f1)
vox participant add P07 2>/dev/null
sqlite3 "$T/c/vox.db" "UPDATE participant SET name = 'Jane Example' WHERE code = 'P07'"
ok "show by ref" vox show P07-01
check "show names the private fields for the facilitator" \
	"vox show P07-01 | grep -q 'Jane Example' && vox show P07-01 | grep -q IMG_0042.JPG"
check "show by a 6-digit id prefix finds the same photo" \
	"vox show \$(echo $a | cut -c1-6) | head -1 | grep -qx 'id  *$a'"
check "a multi-line story keeps its lines, indented" "vox show P07-01 | grep -qx '  *line two'"
check "ids are read from stdin when none are given" "vox ls | vox show | grep -q '^ref *P07-01'"
status "an unknown ref is refused with exit 1" 1 vox show P07-99
check "the refusal names the ref" "vox show P07-99 2>&1 | grep -q \"'P07-99': no such photo\""
check "show --json includes the private fields" \
	"vox show --json P07-01 | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j[\"participant_name\"]==\"Jane Example\" and j[\"source_name\"]==\"IMG_0042.JPG\"'"
# A Welsh caption with its English translation: the longest label is "translation title".
sqlite3 "$T/c/vox.db" "UPDATE caption SET lang = 'cy', title = 'Ŵyn ar y fferm', tr_lang = 'en', tr_title = 'The village square', tr_story = 'First line
second line' WHERE photo_id = (SELECT id FROM photo WHERE ref = 'P07-01')"
vox show P07-01 >"$T/show.out"
check "a long label is not run into its value" \
	"grep -qx 'translation title  The village square' '$T/show.out' && ! grep -q 'titleThe' '$T/show.out'"
# Every value starts in one column, counted in characters (ŵ is two bytes, one column);
# the lines that continue a multi-line value start there too.
cat >"$T/cols.py" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
labels = ('id', 'ref', 'title', 'translation title', 'translation story', 'story', 'consent')
cols = set()
for l in lines:
    m = re.match(r'(\S+(?: \S+)?)( +)(.*)', l)
    if m and m.group(1) in labels:
        cols.add(len(m.group(1)) + len(m.group(2)))
    elif l.startswith(' '):
        cols.add(len(l) - len(l.lstrip(' ')))
assert len(cols) == 1, cols
assert any('Ŵyn ar y fferm' in l for l in lines)
PY
check "every value and every continuation line starts in the same column" \
	"python3 '$T/cols.py' '$T/show.out'"
check "the translation's second story line is indented under its first" \
	"grep -qx ' *second line' '$T/show.out' && [ \"\$(grep -c '^ *second line' '$T/show.out')\" -eq 1 ]"
done_testing
