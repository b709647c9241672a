#!/bin/sh
# A read-only collection (a read-only mount, another user's folder) can still be read:
# ls, show, stats, check, gallery, archive and review work, their outputs written
# elsewhere, without changing a byte of the collection; tools that write say "read-only
# collection". Run as an unprivileged user, since root ignores permissions. Both with the
# catalog closed (vox.db alone) and as a crash leaves it (vox.db-wal holding a change).
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 20
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" consent=group alt="A table" >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" consent=group alt="A door" >/dev/null
check "every program has closed the catalog: no vox.db-wal, no vox.db-shm" \
	"[ ! -e '$T/c/vox.db-wal' ] && [ ! -e '$T/c/vox.db-shm' ]"
if [ "$(id -u)" -eq 0 ]; then
	R="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	R=
fi
chmod -R a-w "$T/c"
chmod a+rx "$T"
mkdir -m 1777 "$T/out" "$T/out/tmp"
trap 'chmod -R u+w "$T/c"; rm -rf "$T"' EXIT
export TMPDIR="$T/out/tmp"
sums() { find "$T/c" -type f | sort | xargs sha256sum; }
sums >"$T/before"
check "ls lists both photos" "[ \$($R vox ls | wc -l) -eq 2 ]"
check "show shows a photo" "$R vox show P07-01 | grep -q '^ref *P07-01'"
ok "stats" $R vox stats
ok "site ls" $R vox site ls
ok "check finds nothing wrong" $R vox check
check "gallery builds with every photo, deriving outside the collection" \
	"$R vox gallery -o '$T/out/gallery' --audience group 2>&1 | grep -q ': 2 photos,'"
check "the gallery holds its images" "[ \$(find '$T/out/gallery' -name '*.jpg' | wc -l) -ge 2 ]"
check "no temporary cache is left behind" "[ -z \"\$(ls -A '$T/out/tmp')\" ]"
check "archive makes a bag with both photos" \
	"$R vox archive -q -o '$T/out/a.zip' -a group && [ \$(unzip -l '$T/out/a.zip' | grep -c 'data/photos/.*jpg') -eq 2 ]"
ok "review makes a participant's booklet" $R vox review -q -o "$T/out/review" P07
check "and says it is not recorded, as gallery and archive do, exiting 0" \
	"$R vox review -o '$T/out/review2' P07 >/dev/null 2>'$T/rv.err' &&
	 grep -q \"'$T/out/review2': not recorded, the collection cannot be written\" '$T/rv.err'"
status "a tool that writes exits 3" 3 $R vox tag +community P07-01
check "it says the collection is read-only" \
	"$R vox tag +community P07-01 2>&1 | grep -q \"'$T/c': read-only collection\""
status "check --repair exits 3 too" 3 $R vox check --repair
check "check --repair says why" "$R vox check --repair 2>&1 | grep -q 'read-only collection'"
sums >"$T/after"
check "not a byte of the collection changed, not a file was added" "cmp '$T/before' '$T/after'"
# A change left in vox.db-wal, as a program that stopped before its last checkpoint
# leaves it (vox.db-wal and vox.db-shm stay): a reader must see it.
chmod -R u+w "$T/c"
python3 - "$T/c/vox.db" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE caption SET title = 'ONLY_IN_THE_LOG' WHERE photo_id = "
           "(SELECT id FROM photo WHERE ref = 'P07-01')")
db.commit()
os._exit(0)
PY
check "the change is only in vox.db-wal" "[ -s '$T/c/vox.db-wal' ] && ! grep -q ONLY_IN_THE_LOG '$T/c/vox.db'"
chmod -R a-w "$T/c"
sums >"$T/before"
check "show reads the change still in vox.db-wal" "$R vox show P07-01 | grep -q ONLY_IN_THE_LOG"
sums >"$T/after"
check "and changes nothing either" "cmp '$T/before' '$T/after'"
done_testing
