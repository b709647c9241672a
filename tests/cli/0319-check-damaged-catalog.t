#!/bin/sh
# vox check and vox init on a collection whose catalog is lost, emptied or replaced: that
# is damage, not an empty collection. No tool makes a fresh catalog over it, vox init
# refuses a folder that holds a store, repair never moves or deletes a stored photo on
# the word of such a catalog, and --adopt brings the photos into a new collection, each
# scrubbed and audited again.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 19
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
a=$(catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" | cut -d' ' -f1)
b=$(catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" | cut -d' ' -f1)
stored="find '$T/c/store' -name '*.jpg' -type f | wc -l"
# Photos are ingested on workshop days, before whatever later replaces the catalog.
find "$T/c/store" -type f -exec touch -d '2 days ago' {} +
check "the store holds the two photos" "[ \$($stored) -eq 2 ]"
cp "$T/c/vox.db" "$T/backup.db"

# An emptied catalog: ": > vox.db".
: >"$T/c/vox.db"
rm -f "$T/c/vox.db-wal" "$T/c/vox.db-shm"
status "a tool on an emptied vox.db fails as a damaged collection" 3 vox ls
check "it says the catalog is empty and to restore it" \
	"vox ls 2>&1 | grep -q \"vox.db': empty, or not a photovox catalog: a damaged collection (restore\""
check "no fresh schema was made in it" "[ ! -s '$T/c/vox.db' ]"
status "vox check --repair on it exits 3" 3 vox check --repair
check "every stored photo is still there" "[ \$($stored) -eq 2 ]"

# A lost catalog: "rm vox.db; vox init".
rm -f "$T/c/vox.db"
status "vox init refuses a folder that holds a store" 1 vox init -q "$T/c"
check "it says why and what to do" \
	"vox init '$T/c' 2>&1 | grep -q 'holds a store of photos but no vox.db: restore vox.db'"
check "no vox.db was made and the store is whole" "[ ! -e '$T/c/vox.db' ] && [ \$($stored) -eq 2 ]"

# A replaced catalog: schema and all, but another collection's (a new one made elsewhere).
vox init -q "$T/new"
cp "$T/new/vox.db" "$T/c/vox.db"
status "check on another collection's catalog over a full store exits 1" 1 vox check
check "it names the catalog as the problem, not the photos as orphans" \
	"vox check | grep -q '^vox.db: does not belong to this store' && ! vox check | grep -q orphan"
status "--repair leaves that for a person (still exit 1)" 1 vox check --repair
check "nothing was moved or removed" "[ \$($stored) -eq 2 ] && [ ! -e '$T/c/lost+found' ]"
cp "$T/backup.db" "$T/c/vox.db"
check "with the backup restored the collection checks clean" "vox check && [ \$(vox ls | wc -l) -eq 2 ]"

# No backup: the store goes into a new collection's lost+found/ and is adopted there.
vox init -q "$T/d"
mv "$T/c/store" "$T/d/lost+found"
cp "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" "$T/d/lost+found/dropped.jpg"
printf 'not a photo\n' >"$T/d/lost+found/notes.txt"
check "exiftool finds the GPS position in the dropped file (so its absence can be seen)" \
	"exiftool -s -GPSLatitude '$T/d/lost+found/dropped.jpg' | grep -q GPSLatitude"
status "--adopt adopts the photos, refuses the text file (exit 1)" 1 vox check -C "$T/d" --adopt
check "three photos of participant unknown, all private" \
	"[ \$(vox ls -C '$T/d' --participant unknown | wc -l) -eq 3 ] && [ \$(vox ls -C '$T/d' --audience group | wc -l) -eq 0 ]"
check "the adopted bytes of the stored photos are the same, and the dropped one was scrubbed" \
	"vox ls -C '$T/d' | grep -q $a && vox ls -C '$T/d' | grep -q $b && ! exiftool -s -GPSLatitude \$(find '$T/d/store' -name '*.jpg') | grep -q GPS"
check "only the text file is left in lost+found/, and check says so" \
	"[ \"\$(find '$T/d/lost+found' -type f)\" = '$T/d/lost+found/notes.txt' ] && vox check -C '$T/d' | grep -qx 'lost+found/notes.txt: in lost+found: .*'"
done_testing
