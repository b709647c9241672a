#!/bin/sh
# vox check, --repair and --adopt stay inside the collection and never lose a photo: a
# collection folder that is a symbolic link is reported and nothing is read, written or
# removed through it; only bytes, never a name, make a file a withdrawn photo's; a catalog
# that is not its store's is refused by every writer and moves nothing; vox init refuses
# what is left of a collection; nothing larger than a photo is read whole.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 29
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
a=$(catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" | cut -d' ' -f1)
b=$(catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" | cut -d' ' -f1)
cp -a "$T/c" "$T/clean"

# lost+found/ a link to a folder outside the collection, holding an unscrubbed original.
mkdir "$T/outside"
cp "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" "$T/outside/holiday.jpg"
ln -s "$T/outside" "$T/c/lost+found"
check "exiftool finds the GPS position in the outside file (so its absence could be seen)" \
	"exiftool -s -GPSLatitude '$T/outside/holiday.jpg' | grep -q GPSLatitude"
status "vox check fails on a lost+found/ that is a link" 1 vox check
check "it names lost+found as a symbolic link" \
	"vox check | grep -q '^lost+found: a symbolic link, not a folder of the collection'"
status "vox check --adopt refuses the collection" 3 vox check --adopt
check "the outside file is where it was, unscrubbed, and nothing was adopted" \
	"[ \"\$(ls '$T/outside')\" = holiday.jpg ] && exiftool -s -GPSLatitude '$T/outside/holiday.jpg' | grep -q GPSLatitude && [ \$(sqlite3 '$T/c/vox.db' 'SELECT count(*) FROM photo') -eq 2 ]"
o=$(sha256sum "$T/p3.jpg" | cut -c1-64)
od=$(echo "$o" | cut -c1-2)
mkdir -p "$T/c/store/$od"
cp "$T/p3.jpg" "$T/c/store/$od/$o.jpg"
status "--repair leaves an orphan it cannot move inside the collection (exit 1)" 1 vox check --repair
check "the orphan is still in the store and nothing went outside" \
	"cmp '$T/p3.jpg' '$T/c/store/$od/$o.jpg' && [ \"\$(ls '$T/outside')\" = holiday.jpg ]"
rm "$T/c/lost+found" "$T/c/store/$od/$o.jpg"

# cache/ a link: reported, and no tool writes derivatives through it.
mkdir "$T/outside2"
printf 'precious\n' >"$T/outside2/thesis.txt"
mv "$T/c/cache" "$T/cache.real"
ln -s "$T/outside2" "$T/c/cache"
check "vox check names cache as a symbolic link" \
	"vox check | grep -q '^cache: a symbolic link, not a folder of the collection'"
status "a gallery refuses the collection (exit 3)" 3 vox gallery -o "$T/g" --audience group
check "nothing was written or removed in the folder the link points to" \
	"[ \"\$(ls -A '$T/outside2')\" = thesis.txt ]"
rm "$T/c/cache"
mv "$T/cache.real" "$T/c/cache"
# A shard of store/ that is a link.
ln -s "$T/outside2" "$T/c/store/ff"
check "vox check names a linked shard of store/" \
	"vox check | grep -q '^store/ff: a symbolic link'"
status "vox ingest refuses to write into that store (exit 3)" 3 vox ingest -q -p P08 "$T/p4.jpg"
rm "$T/c/store/ff"
ok "with the links gone the collection checks clean" vox check

# A file named after a withdrawn photo, holding other bytes, is never removed for its name.
vox withdraw -y -q P07-01 >/dev/null
ad=$(echo "$a" | cut -c1-2)
mkdir -p "$T/c/lost+found" "$T/c/store/$ad"
cp "$T/p5.jpg" "$T/c/lost+found/$a.jpg"
cp "$T/p6.jpg" "$T/c/store/$ad/$a.jpg.bak"
check "check reports both as named after a withdrawn photo, not holding its bytes" \
	"[ \$(vox check | grep -c 'named after a photo withdrawn on .*, but not holding its bytes') -eq 2 ]"
status "--repair leaves something for a person (exit 1)" 1 vox check --repair
check "neither photo was deleted: the one in store/ was moved to lost+found/" \
	"cmp '$T/p5.jpg' '$T/c/lost+found/$a.jpg' && cmp '$T/p6.jpg' '$T/c/lost+found/$a.jpg.bak'"
check "--adopt leaves them where they are" \
	"vox check --adopt | grep -q 'named after a withdrawn photo, with other bytes: left where it is' && [ -f '$T/c/lost+found/$a.jpg' ] && [ -f '$T/c/lost+found/$a.jpg.bak' ]"
rm -r "$T/c/lost+found"

# Nothing larger than a photo is read whole: vox check --adopt and vox check on cache/.
mkdir "$T/c/lost+found"
truncate -s 200M "$T/c/lost+found/scan.tif"
check "--adopt leaves a file larger than any photo where it is, unread" \
	"vox check --adopt | grep -q '^lost+found/scan.tif: larger than 160 MB, more than any photo photovox takes in' && [ -f '$T/c/lost+found/scan.tif' ]"
rm -r "$T/c/lost+found"
truncate -s 200M "$T/c/cache/$b-480.jpg"
check "check calls a derivative larger than any photo not one of photovox's" \
	"vox check | grep -q \"^cache/$b-480.jpg: larger than 160 MB: not a derivative\""
rm "$T/c/cache/$b-480.jpg"

# Another collection's catalog (a new one) copied over this store.
vox init -q "$T/new"
cp "$T/c/vox.db" "$T/saved.db"
rm -f "$T/c/vox.db-wal" "$T/c/vox.db-shm"
cp "$T/new/vox.db" "$T/c/vox.db"
status "vox ingest refuses a catalog that is not its store's (exit 3)" 3 vox ingest -q -p P09 "$T/p4.jpg"
check "it says why and where to look" \
	"vox ingest -q -p P09 '$T/p4.jpg' 2>&1 | grep -q 'vox.db does not belong to this store (.*): was it replaced? vox check explains'"
check "vox check names the catalog, and --repair moves nothing" \
	"vox check | grep -q '^vox.db: does not belong to this store' && ! vox check --repair | grep -q 'moved to' && [ ! -e '$T/c/lost+found' ] && [ -f '$T/c/store/$(echo $b | cut -c1-2)/$b.jpg' ]"
cp "$T/saved.db" "$T/c/vox.db"
ok "with its own catalog back the collection checks clean" vox check

# A collection made before collection ids: the first writer gives both sides one.
rm "$T/clean/store/collection-id"
sqlite3 "$T/clean/vox.db" "DELETE FROM meta WHERE key = 'collection'"
vox pair -q -C "$T/clean" add north
check "an older collection whose catalog holds its photos gets one id on both sides" \
	"[ -s '$T/clean/store/collection-id' ] && [ \"\$(cat '$T/clean/store/collection-id')\" = \"\$(sqlite3 '$T/clean/vox.db' \"SELECT value FROM meta WHERE key = 'collection'\")\" ]"

# What is left of a collection is never a place for a new one.
mkdir "$T/w"
ln -s "$T/elsewhere.db" "$T/w/vox.db"
status "vox init refuses a vox.db that is a symbolic link" 1 vox init -q "$T/w"
check "nothing was made where the link points" "[ ! -e '$T/elsewhere.db' ]"
mkdir "$T/x"
printf 'a log\n' >"$T/x/vox.db-wal"
status "vox init refuses a folder holding vox.db-wal without vox.db" 1 vox init -q "$T/x"
check "the log is kept and no catalog made" \
	"[ \"\$(cat '$T/x/vox.db-wal')\" = 'a log' ] && [ ! -e '$T/x/vox.db' ]"
mkdir -p "$T/y/vox.db"
check "for a vox.db that is a folder, check and init say the same" \
	"vox check -C '$T/y' 2>&1 | grep -q \"vox.db': not a file (a folder?): a damaged collection\" && vox init '$T/y' 2>&1 | grep -q \"vox.db': not a file (a folder?): a damaged collection\""
done_testing
