#!/bin/sh
# Fixing a caption file and ingesting again: a changed sidecar or sheet row updates the
# stored caption and says what changed, unless photovox edited that field since ingest
# (vox caption, vox tag), which is left alone with a message naming the field and
# vox caption --edit; an unchanged one is silent and writes nothing.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 18
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/src" 2
in=$T/in
mkdir -p "$in" "$T/bare"
cp "$T/src/IMG_000.jpg" "$in/a.jpg"
cp "$T/src/IMG_001.jpg" "$in/b.jpg"
cp "$T/src/IMG_000.jpg" "$T/bare/a.jpg"
printf 'Title: Teh shelves\nAlt: Tins\nThemes: Community\n\nWe stack them.\n' >"$in/a.txt"
printf 'file,title,story\nb.jpg,The van,It comes on Tuesdays\n' >"$in/sheet.csv"
ingest() { vox ingest -p R01 -s truro-foodbank --manifest "$in/sheet.csv" "$in" 2>"$T/err"; }
# What the catalog holds: every row of every table but the event log's, and the events.
dump() { sqlite3 "$c/vox.db" .dump; }
ingest >/dev/null
ref=$(vox ls -l | awk '$NF == "shelves" { print $1 }')
[ -n "$ref" ] || ref=R01-01
dump >"$T/before"

ingest >/dev/null
check "an unchanged sidecar and sheet: already present, nothing said about captions" \
	"grep -q 'already present 2, refused 0\$' '$T/err' && ! grep -q 'updated' '$T/err'"
check "and nothing written to the catalog" "sqlite3 '$c/vox.db' .dump | cmp -s - '$T/before'"
cp "$T/err" "$T/err-same"

printf 'Title: The shelves\nAlt: Tins\nSee: Tins and jars\nThemes: Community; Food and growing\n\nWe stack them.\n' \
	>"$in/a.txt"
ingest >/dev/null
check "a fixed sidecar updates the caption and says which fields" \
	"grep -F \"'$in/a.jpg': already present as R01-01; its caption updated: title, themes, prompts\" '$T/err'"
check "the summary counts the updated captions" \
	"grep -q 'already present 2 (captions updated 1), refused 0' '$T/err'"
check "the new title, answer and themes are stored" \
	"vox caption R01-01 >'$T/cap' && grep -qx 'Title: The shelves' '$T/cap' &&
	 grep -qx 'See: Tins and jars' '$T/cap' &&
	 grep -qx 'Themes: community, food-and-growing' '$T/cap'"
check "the event log names the fields, never their text" \
	"sqlite3 '$c/vox.db' \"SELECT detail FROM event WHERE action = 'caption'\" |
	 grep -qx 'title,themes,prompts'"

# Edited in photovox: vox caption --story, vox tag.
vox caption R01-01 --story 'We stack them every week.' 2>/dev/null
vox tag +community -food-and-growing R01-01 2>/dev/null
vox tag +food-and-growing R01-01 2>/dev/null
check "photo.edited records the fields vox caption and vox tag changed" \
	"[ \"\$(sqlite3 '$c/vox.db' \"SELECT edited FROM photo WHERE seq = 1\")\" = story,themes ]"
printf 'Title: The shelves\nAlt: Tins of beans\nSee: Tins and jars\nThemes: Community\n\nWe stack them, always.\n' \
	>"$in/a.txt"
ingest >/dev/null
echo $? >"$T/rc"
check "the alt text, not edited here, follows the sidecar" \
	"vox caption R01-01 | grep -qx 'Alt: Tins of beans'"
check "the edited story and themes are left as they are" \
	"vox caption R01-01 >'$T/cap' && grep -qx 'We stack them every week.' '$T/cap' &&
	 grep -qx 'Themes: community, food-and-growing' '$T/cap'"
check "the message names the fields left and vox caption --edit" \
	"grep -F \"'$in/a.jpg': R01-01: story, themes edited in photovox since ingest, left as it is; change it with vox caption --edit R01-01\" '$T/err'"
check "and ingest still exits 0" '[ "$(cat $T/rc)" = 0 ]'
vox ingest -q -p R01 -s truro-foodbank --manifest "$in/sheet.csv" "$in" 2>"$T/errq"
check "-q does not hide a field left alone" "grep -q 'left as it is' '$T/errq'"
check "ingest never clears photo.edited" \
	"[ \"\$(sqlite3 '$c/vox.db' \"SELECT edited FROM photo WHERE seq = 1\")\" = story,themes ]"

# A sheet row fixed.
printf 'file,title,story\nb.jpg,The blue van,It comes on Tuesdays\n' >"$in/sheet.csv"
ingest >/dev/null
check "a fixed sheet row updates its photo's title" \
	"grep -F \"'$in/b.jpg': already present as R01-02; its caption updated: title\" '$T/err' &&
	 vox caption R01-02 | grep -qx 'Title: The blue van'"

# The same photo again without its sidecar (another copy of the card): nothing is lost.
dump >"$T/before2"
vox ingest -p R01 -s truro-foodbank "$T/bare/a.jpg" 2>"$T/err2" >/dev/null
check "a copy without a sidecar leaves the caption as it is" \
	"sqlite3 '$c/vox.db' .dump | cmp -s - '$T/before2' && vox caption R01-01 | grep -qx 'Alt: Tins of beans'"
# Consent written into the sidecar afterwards: never changed by ingest, but said.
printf 'Title: The shelves\nAlt: Tins of beans\nConsent: report\nPeople: none\n\nWe stack them, always.\n' \
	>"$in/a.txt"
ingest >/dev/null
check "a sidecar giving another consent leaves the recorded one as it is" \
	"[ \"\$(sqlite3 '$c/vox.db' \"SELECT audience || people FROM photo WHERE seq = 1\")\" = 13 ]"
check "and ingest names the vox consent command that would record it" \
	"grep -F \"'$in/a.jpg': R01-01: its caption file gives another consent than the one recorded, which ingest does not change; if it is right: vox consent --audience report --people none R01-01\" '$T/err'"
ok "vox ingest's manual says what ingesting again does" \
	grep -q 'vox caption --edit' cmd/vox-ingest.1
done_testing
