#!/bin/sh
# vox participant: codes at a home site; the private name never shows in ls.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 7
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
ok "vox participant add declares a code with a home site and a private name" \
	vox participant add P07 --site truro-foodbank --name "Jane Secretname" --minor
check "ls shows code, site and the minor flag" "vox participant ls | grep -qx 'P07	truro-foodbank	1'"
check "ls never shows the private name" "! vox participant ls | grep -q Secretname && ! vox participant ls --json | grep -q Secretname"
status "a code with a dash is refused (refs are CODE-NN)" 1 vox participant add P-1
status "a misspelt site is refused" 1 vox participant add P08 --site truro-foodbnk
catalog-add "$T/c" P09 truro-foodbank "$T/p1.jpg" >/dev/null
check "participants are created on first use by a photo" "vox participant ls | grep -q '^P09	truro-foodbank'"
status "rm refuses a participant with photos" 1 vox participant rm P09
done_testing
