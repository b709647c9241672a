#!/bin/sh
# The catalog's migration 3 -> 4: output.kind also accepts 'report'. A version-3 catalog
# made by an earlier photovox (tests/cli/catalog-v3.sql, with an archive and a gallery
# recorded and the photos each holds) is brought forward by the first tool that writes:
# every output keeps its id, every output_photo row is kept, the foreign keys hold and
# still cascade, and a report can be recorded. Then 4 -> 5: the photos an output held
# before it have no caption count (NULL), so no caption change is claimed for them, and a
# caption edited now counts. A tool that only reads (vox ls, vox gallery: often the first
# run after an upgrade) brings an older catalog forward too, when the collection can be
# written; where it cannot, it says why. sqlite3, a second reader, checks.
. tests/cli/lib.sh
plan 14
mkdir "$T/c" "$T/c/store"
sqlite3 "$T/c/vox.db" <tests/cli/catalog-v3.sql
sqlite3 "$T/c/vox.db" 'PRAGMA user_version = 3'
printf '#!/bin/sh\nexec sqlite3 "%s/c/vox.db" "$@"\n' "$T" >"$T/q" && chmod +x "$T/q"
PATH="$T:$PATH"
export PATH T
before_out=$(q 'SELECT id, kind, path, audience, options, built FROM output ORDER BY id')
before_op=$(q 'SELECT output_id, photo_id, sha256 FROM output_photo ORDER BY 1, 2')
export before_out before_op
check "the fixture is version 3 and holds outputs and their photos" \
	'[ "$(q "PRAGMA user_version")" = 3 ] && [ "$(q "SELECT count(*) FROM output_photo")" -ge 2 ]'
check "a report cannot be recorded in version 3" \
	"! q \"INSERT INTO output (kind, path, audience, built) VALUES ('report', '/r', 3, 'x')\""
vox pair -q -C "$T/c" add wales
check "the first tool that writes brings it to version 5" '[ "$(q "PRAGMA user_version")" = 5 ]'
check "the photos outputs held before have no caption count" \
	'[ "$(q "SELECT count(*) FROM output_photo WHERE caption_rev IS NULL")" = "$(q "SELECT count(*) FROM output_photo")" ]'
check "a caption changed now is counted on its photo" \
	'id=$(q "SELECT photo_id FROM caption LIMIT 1") && [ -n "$id" ] &&
	 q "UPDATE caption SET story = coalesce(story, \"\") || \" and more\" WHERE photo_id = $id" &&
	 [ "$(q "SELECT caption_rev FROM photo WHERE id = $id")" = 1 ]'
check "every output keeps its id, kind, path and options" \
	'[ "$(q "SELECT id, kind, path, audience, options, built FROM output ORDER BY id")" = "$before_out" ]'
check "every photo each output holds is kept" \
	'[ "$(q "SELECT output_id, photo_id, sha256 FROM output_photo ORDER BY 1, 2")" = "$before_op" ]'
check "the database is whole, its foreign keys hold, no table is left behind" \
	'[ "$(q "PRAGMA integrity_check")" = ok ] && [ -z "$(q "PRAGMA foreign_key_check")" ] &&
	 [ "$(q "SELECT count(*) FROM sqlite_master WHERE name LIKE \"%_new\" OR name LIKE \"%_kept\"")" = 0 ] &&
	 [ "$(q "SELECT count(*) FROM sqlite_master WHERE name = \"output_photo_photo\"")" = 1 ]'
check "vox outputs lists both as before" \
	'[ "$(vox outputs -C "$T/c" | cut -f1,2 | sort | tr "\n" " ")" = "archive	/tmp/fixture-bag.zip gallery	/tmp/fixture-gallery " ]'
check "a report can now be recorded" \
	"q \"PRAGMA foreign_keys = ON; INSERT INTO output (kind, path, audience, built) VALUES ('report', '/r', 3, 'x')\""
check "output_photo still refers to output and cascades" \
	"q 'PRAGMA foreign_keys = ON; DELETE FROM output WHERE id = 1' &&
	 [ \"\$(q 'SELECT count(*) FROM output_photo WHERE output_id = 1')\" = 0 ] &&
	 [ \"\$(q 'SELECT count(*) FROM output_photo WHERE output_id = 2')\" = 2 ]"
# Readers.
mkdir "$T/r" "$T/r/store"
sqlite3 "$T/r/vox.db" <tests/cli/catalog-v3.sql
sqlite3 "$T/r/vox.db" 'PRAGMA user_version = 3'
cp -a "$T/r" "$T/ro"
check "vox outputs, which only reads, brings a version-3 catalog forward and lists it" \
	'vox outputs -C "$T/r" >"$T/r.out" && [ "$(sqlite3 "$T/r/vox.db" "PRAGMA user_version")" = 5 ] &&
	 grep -q "^gallery	/tmp/fixture-gallery	" "$T/r.out"'
if [ "$(id -u)" -eq 0 ]; then
	R="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	R=
fi
chmod -R a-w "$T/ro"
chmod a+rx "$T"
export R
check "where it cannot be written, a reader says the catalog is older and why it stays so" \
	'! $R vox outputs -C "$T/ro" 2>"$T/ro.err" && cat "$T/ro.err" &&
	 grep -q "made by an older photovox (schema 3), and it cannot be brought up to date here" "$T/ro.err" &&
	 [ "$(sqlite3 "$T/ro/vox.db" "PRAGMA user_version")" = 3 ]'
check "nothing there was changed" '[ ! -e "$T/ro/vox.db-wal" ] && [ ! -e "$T/ro/vox.db-journal" ]'
chmod -R u+w "$T/ro"
done_testing
