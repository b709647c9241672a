#!/bin/sh
# vox show: everything about a photo, private fields included; ids or refs, args or stdin.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 8
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
	"[ \"\$(vox show \$(echo $a | cut -c1-6) | head -1)\" = \"id           $a\" ]"
check "a multi-line story keeps its lines, indented" "vox show P07-01 | grep -qx '             line two'"
check "ids are read from stdin when none are given" "vox ls | vox show | grep -q '^ref *P07-01'"
status "an unknown ref is refused with exit 1" 1 vox show P07-99
check "the refusal names the ref" "vox show P07-99 2>&1 | grep -q \"'P07-99': no such photo\""
check "show --json includes the private fields" \
	"vox show --json P07-01 | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j[\"participant_name\"]==\"Jane Example\" and j[\"source_name\"]==\"IMG_0042.JPG\"'"
done_testing
