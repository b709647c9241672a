#!/bin/sh
# vox check: finds a planted orphan, a leftover temporary file, a damaged stored file and
# the bytes of a withdrawn photo; --repair removes what can be removed without losing a
# committed photo, and moves orphans to lost+found/ (never deletes them), from where
# --adopt brings them back; exit 1 while anything is wrong.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 21
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
a=$(catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" | cut -d' ' -f1)
b=$(catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" | cut -d' ' -f1)
ok "a fresh collection checks clean" vox check
# An orphan: a stored file with no row, as a crash between rename and commit leaves.
o=$(sha256sum "$T/p3.jpg" | cut -c1-64)
mkdir -p "$T/c/store/$(echo $o | cut -c1-2)"
cp "$T/p3.jpg" "$T/c/store/$(echo $o | cut -c1-2)/$o.jpg"
printf 'half a photo' >"$T/c/store/tmp/.vox-AbC123"
status "an orphan and a temporary file make check exit 1" 1 vox check
check "the orphan is reported" "vox check | grep -q \"store/$(echo $o | cut -c1-2)/$o.jpg: orphan\""
check "the temporary file is reported" "vox check | grep -q 'store/tmp/.vox-AbC123: leftover'"
ok "a dry run of the repair removes nothing" sh -c 'vox check --repair -n | grep -q "would remove"; [ -f "$VOX_COLLECTION/store/tmp/.vox-AbC123" ]'
check "--repair moves the orphan to lost+found/ and removes the temporary file" \
	"vox check --repair | grep -q 'orphan file (no photo in the catalog) (moved to lost+found/$o.jpg)'"
check "the orphan's bytes are kept, the temp file is gone, the photos stay" \
	"cmp '$T/p3.jpg' '$T/c/lost+found/$o.jpg' && [ ! -e '$T/c/store/tmp/.vox-AbC123' ] && ! find '$T/c/store' -name '$o*' | grep -q . && [ \"\$(vox ls | wc -l)\" -eq 2 ]"
status "a file waiting in lost+found/ makes check exit 1" 1 vox check
check "it is reported as something to adopt" \
	"vox check | grep -q 'lost+found/$o.jpg: in lost+found: vox check --adopt'"
check "a dry run of --adopt says what it would do and changes nothing" \
	"vox check --adopt -n | grep -q 'would adopt' && [ -f '$T/c/lost+found/$o.jpg' ] && [ \"\$(vox ls | wc -l)\" -eq 2 ]"
check "--adopt adds it back as a private photo of participant unknown" \
	"vox check --adopt | grep -q 'lost+found/$o.jpg: adopted as unknown-01, private' && vox show unknown-01 | grep -q '^consent *private' && [ ! -e '$T/c/lost+found/$o.jpg' ]"
ok "after the repair and the adoption check is clean" vox check
# Damage a stored file.
cp "$T/c/store/$(echo $b | cut -c1-2)/$b.jpg" "$T/saved"
printf 'X' >>"$T/c/store/$(echo $b | cut -c1-2)/$b.jpg"
status "a damaged stored file makes check exit 1" 1 vox check
check "it is reported as not matching its hash, by ref" "vox check | grep -q 'P07-02 does not match its hash'"
status "--repair does not delete a damaged photo (still exit 1)" 1 vox check --repair
check "the damaged file is still there for the facilitator to restore" "[ -f '$T/c/store/$(echo $b | cut -c1-2)/$b.jpg' ]"
cp "$T/saved" "$T/c/store/$(echo $b | cut -c1-2)/$b.jpg"
# Bytes of a withdrawn photo copied somewhere under the collection.
vox withdraw -y -q P07-01 >/dev/null
mkdir -p "$T/c/exports"
cp "$T/p1.jpg" "$T/c/exports/copy.jpg"
status "a copy of withdrawn bytes anywhere under the collection is found" 1 vox check
check "it is reported as withdrawn bytes" "vox check | grep -q 'exports/copy.jpg: holds the bytes of a photo withdrawn on'"
rm -f "$T/c/vox.db-shm"
check "--repair removes it and the collection is clean" "vox check --repair >/dev/null && vox check"
# A stored photo that still holds metadata (privacy rule 4 applies to the store itself).
catalog-add "$T/c" P09 - "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" >/dev/null
status "a stored file with identifying metadata makes check exit 1" 1 vox check
check "it is reported with what was found" "vox check | grep -qi 'P09-01 holds identifying metadata:.*gps'"
done_testing
