#!/bin/sh
# A participant created by ingest can be fixed later: vox participant set gives a home
# site and a private name; vox participant rename changes the code, the refs of its photos
# follow (R04-01 becomes P04-01), the old refs still find the same photos, and the old code
# is never given to anyone else.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 27
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" R04 - "$T/p1.jpg" title="The gate" consent=group >/dev/null
catalog-add "$T/c" R04 - "$T/p2.jpg" >/dev/null
catalog-add "$T/c" R04 - "$T/p3.jpg" >/dev/null
vox withdraw -q -y R04-03 >/dev/null
check "ingest made R04 without a site" "vox participant ls | grep -qx 'R04		0'"
status "adding it again is refused" 1 vox participant add R04 --site truro-foodbank
check "and the refusal says how to change it" \
	"vox participant add R04 --site truro-foodbank 2>&1 | grep -q 'participant exists already (vox participant set R04 changes its site or name)'"

ok "vox participant set gives a home site" vox participant set R04 --site truro-foodbank
check "ls shows it" "vox participant ls | grep -qx 'R04	truro-foodbank	0'"
vox participant set R04 --name "Jane Secretname" 2>"$T/set.err"
check "set gives a private name, and says so without the name" \
	"vox show R04-01 | grep -q '^real name *Jane Secretname' && grep -qx 'vox participant: R04: private name set' '$T/set.err' && ! grep -q Secretname '$T/set.err'"
check "the event log records the change, never the name" \
	"sqlite3 '$T/c/vox.db' \"SELECT detail FROM event WHERE action = 'set'\" | grep -q 'participant R04' && ! sqlite3 '$T/c/vox.db' 'SELECT * FROM event' | grep -q Secretname"
vox participant set R04 --name "Jane Othername"
check "a replaced name leaves the database files" \
	"! cat '$T'/c/vox.db* | grep -q Secretname && cat '$T'/c/vox.db* | grep -q Othername"
status "a misspelt site is refused" 1 vox participant set R04 --site truro-foodbnk
check "and names the closest site" "vox participant set R04 --site truro-foodbnk 2>&1 | grep -q truro-foodbank"
status "an unknown participant is refused" 1 vox participant set R99 --site truro-foodbank
status "set without --site or --name is a usage error" 2 vox participant set R04

# A gallery built before the rename shows the old refs.
vox gallery -q --audience group -o "$T/g" 2>/dev/null
vox participant rename R04 P04 >"$T/rename.out" 2>"$T/rename.err"
echo $? >"$T/rename.rc"
check "rename succeeds" "[ \$(cat '$T/rename.rc') -eq 0 ]"
check "it lists each ref that changed, withdrawn ones too, old and new" \
	"printf 'R04-01\tP04-01\nR04-02\tP04-02\nR04-03\tP04-03\n' | cmp -s - '$T/rename.out'"
check "it says what it did on stderr" \
	"grep -qx \"vox participant: renamed participant 'R04' to 'P04'; the old refs still find the same photos\" '$T/rename.err'"
check "and names the gallery built before, which still shows the old refs" \
	"grep -q \"gallery $T/g (built .*) still shows the old refs until it is built again\" '$T/rename.err'"
check "the photos' refs followed" "vox show P04-01 | grep -q '^ref *P04-01' && vox show P04-01 | grep -q '^title *The gate'"
check "the old ref still finds the same photo" \
	"[ \"\$(vox show R04-01 | grep '^id')\" = \"\$(vox show P04-01 | grep '^id')\" ]"
check "vox ls shows the new refs only" "vox ls -l | grep -q P04-01 && ! vox ls -l | grep -q R04-"
vox consent -q --audience report --people none R04-02
check "a consent sheet printed with the old ref still reaches that photo" \
	"vox show P04-02 | grep -q '^consent *report'"
check "a filter naming the old code says what it became" \
	"vox ls --participant R04 2>&1 | grep -q \"'R04': no such participant (renamed to P04)\""
status "the old code is not given to a new participant" 1 vox participant add R04
check "the refusal says why" \
	"vox participant add R04 2>&1 | grep -q \"'R04': was renamed to P04; its refs (R04-01 ...) still name P04's photos\""
check "a photo ingested for the old code goes to the renamed participant" \
	"catalog-add '$T/c' R04 - '$T/p4.jpg' | grep -q ' P04-04\$' && ! vox participant ls | grep -q '^R04'"
status "a code that exists is refused" 1 sh -c 'vox participant add P05 && vox participant rename P04 P05'
ok "renaming back is allowed" vox participant rename -q P04 R04
check "then the refs are R04's again, and P04-01 still finds the photo" \
	"vox show R04-01 | grep -q '^ref *R04-01' && [ \"\$(vox show P04-01 | grep '^id')\" = \"\$(vox show R04-01 | grep '^id')\" ]"
done_testing
