#!/bin/sh
# vox ls: every filter, ids one a line, -l table, --json with public fields only.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 16
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
a=$(catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" theme=community title="Gate" alt="A gate" \
	consent=report people=none name=SECRET_SOURCE.JPG | cut -d' ' -f1)
b=$(catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" theme=food-and-growing consent=group \
	session=2026-05-12-truro | cut -d' ' -f1)
c=$(catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" story="Muddy boots" | cut -d' ' -f1)
d=$(catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" consent=public people=unknown | cut -d' ' -f1)
vox participant add P07 2>/dev/null
sqlite3 "$T/c/vox.db" "UPDATE participant SET name = 'SECRET_NAME' WHERE code = 'P07'"
check "ids one a line, full SHA-256, ordered by pair, site, participant, number" \
	"[ \"\$(vox ls | tr '\n' ' ')\" = '$c $a $b $d ' ]"
check "--pair" "[ \"\$(vox ls --pair wales)\" = '$d' ]"
check "--site" "[ \"\$(vox ls --site truro-foodbank | wc -l)\" -eq 2 ]"
check "--theme" "[ \"\$(vox ls --theme community)\" = '$a' ]"
check "--participant" "[ \"\$(vox ls --participant P02)\" = '$c' ]"
check "--session" "[ \"\$(vox ls --session 2026-05-12-truro)\" = '$b' ]"
status "a filter naming nothing is a usage error, not an empty list" 2 vox ls --site truro-fodbank
check "--audience group takes group and wider" "[ \"\$(vox ls --audience group | sort | tr '\n' ' ')\" = \"\$(printf '%s\n' $a $b $d | sort | tr '\n' ' ')\" ]"
check "--audience report needs people none or consented" "[ \"\$(vox ls --audience report)\" = '$a' ]"
check "--people" "[ \"\$(vox ls --people none)\" = '$a' ]"
check "--untagged" "[ \"\$(vox ls --untagged | sort | tr '\n' ' ')\" = \"\$(printf '%s\n' $c $d | sort | tr '\n' ' ')\" ]"
check "--uncaptioned" "[ \"\$(vox ls --uncaptioned | sort | tr '\n' ' ')\" = \"\$(printf '%s\n' $b $d | sort | tr '\n' ' ')\" ]"
check "--no-alt with --site combine" "[ \"\$(vox ls --no-alt --site truro-foodbank)\" = '$b' ]"
check "-l is a table with ref, site, participant, themes, consent, title" \
	"vox ls -l | grep -E '^P07-01 +truro-foodbank +P07 +community +report +Gate\$'"
check "--json has the public fields" \
	"vox ls --json | python3 -c '
import json,sys
r=[json.loads(l) for l in sys.stdin]
g=[x for x in r if x[\"ref\"]==\"P07-01\"][0]
assert g[\"id\"]==\"$a\" and g[\"site\"]==\"truro-foodbank\" and g[\"pair\"]==\"cornwall\", g
assert g[\"themes\"]==[\"community\"] and g[\"audience\"]==\"report\" and g[\"people\"]==\"none\", g
assert g[\"title\"]==\"Gate\" and g[\"alt\"]==\"A gate\" and g[\"setting\"]==\"urban\", g
assert len(r)==4'"
check "neither the participant's name nor the source file name is in ls output" \
	"! { vox ls --json; vox ls -l; vox ls; } | grep -q -e SECRET_NAME -e SECRET_SOURCE"
done_testing
