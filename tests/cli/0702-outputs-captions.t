#!/bin/sh
# A caption changed after an output was built leaves the old words there: a participant who
# takes a name out of her story expects it gone from the gallery too (privacy rule 9).
# Every change to a caption, a prompt answer, a translation or a voice story, by any tool
# (vox caption, a changed sidecar ingested again, a bag imported), makes the outputs holding
# the photo stale: vox caption and vox ingest name them, vox outputs marks them, vox check fails for one
# inside the collection, and vox outputs --rebuild leaves only the new words. Saving the
# same words again, tagging, or ingesting the same sidecar again changes nothing.
. tests/cli/lib.sh
. tests/cli/ingest.sh
. tests/cli/audio.sh
plan 16
C="$T/c"
export C T
mkjpegs "$T/in" 2
printf 'Title: At the gate\n\nMe and Jane Doe by the gate.\n' >"$T/in/IMG_000.txt"
printf 'Title: The field\n\nA wide field.\n' >"$T/in/IMG_001.txt"
make_audio "$T/a" >/dev/null 2>&1 || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkcoll "$C" && vox participant -q -C "$C" add P01 --site truro-foodbank &&
    vox ingest -q -C "$C" -p P01 -s truro-foodbank --consent group --people none "$T/in" \
    >/dev/null || echo "Bail out! cannot make the collection"
vox gallery -q -C "$C" -o "$C/g" --audience group 2>/dev/null &&
    vox gallery -q -C "$C" -o "$T/out" --audience group 2>/dev/null ||
    echo "Bail out! cannot build the galleries"
ok "vox check is content after the builds" vox check -q -C "$C"

# Changes that leave every word as it was.
ok "the same story saved again" vox caption -q -C "$C" P01-01 --story "Me and Jane Doe by the gate."
ok "the same sidecars ingested again" sh -c 'vox ingest -q -C "$C" -p P01 -s truro-foodbank \
    --consent group --people none "$T/in" >/dev/null'
ok "a theme tagged" sh -c 'echo P01-02 | vox tag -q -C "$C" +cooking-together'
check "none of them makes an output stale" \
	'vox outputs -C "$C" >"$T/o1" && [ "$(grep -c "	ok$" "$T/o1")" -eq 2 ]'

# A name taken out of the story.
vox caption -C "$C" P01-01 --story "Me by the gate." 2>"$T/cap.err"
check "vox caption names both galleries that hold the old story" \
	'cat "$T/cap.err"; [ "$(grep -c "the old caption is still in: gallery .*; rebuild with vox outputs --rebuild" "$T/cap.err")" -eq 2 ]'
check "vox outputs marks both stale, for that photo" \
	'vox outputs -C "$C" >"$T/o2" && [ "$(grep -c "	stale: P01-01 with its old caption$" "$T/o2")" -eq 2 ]'
status "vox check fails for the one inside the collection" 1 vox check -q -C "$C"
ok "vox outputs --rebuild rebuilds them" vox outputs -q -C "$C" --rebuild
check "and the name is gone from both, the new story there" \
	'! grep -rq "Jane Doe" "$C/g" "$T/out" && grep -rq "Me by the gate." "$C/g" &&
	 grep -rq "Me by the gate." "$T/out"'
ok "vox check is content again" vox check -q -C "$C"

# Other ways a caption changes.
vox caption -q -C "$C" P01-02 --prompt see="Jane Doe's field"
check "a prompt answer makes them stale" \
	'vox outputs -C "$C" | grep -q "stale: P01-02 with its old caption"'
vox outputs -q -C "$C" --rebuild 2>/dev/null
vox caption -q -C "$C" P01-02 --translation-lang cy --translation-title "Y cae"
check "a translation makes them stale" \
	'vox outputs -C "$C" | grep -q "stale: P01-02 with its old caption"'
vox outputs -q -C "$C" --rebuild 2>/dev/null
printf 'Title: The field\n\nA wide field, and Jane.\n' >"$T/in/IMG_001.txt"
vox ingest -q -C "$C" -p P01 -s truro-foodbank --consent group --people none "$T/in" \
    >/dev/null 2>"$T/ing.err"
check "a changed sidecar ingested again makes them stale, and ingest names them" \
	'vox outputs -C "$C" | grep -q "stale: P01-02 with its old caption" &&
	 [ "$(grep -c "the old caption is still in: gallery" "$T/ing.err")" -eq 2 ]'
vox outputs -q -C "$C" --rebuild 2>/dev/null
vox caption -q -C "$C" P01-01 --audio "$T/a/memo.m4a"
check "a voice story added makes them stale" \
	'vox outputs -C "$C" | grep -q "stale: P01-01 with its old caption"'
check "the catalog keeps counts of changes, never the words" \
	'sqlite3 "$C/vox.db" ".dump output_photo" >"$T/op.sql" && grep -q "INSERT INTO" "$T/op.sql" &&
	 ! grep -q "Jane\|gate\|field" "$T/op.sql"'
done_testing
