#!/bin/sh
# vox withdraw: no byte of the photo is left anywhere under the collection (store, cache
# derivatives, caption text), a tombstone refuses the same bytes again, refs stay reserved.
# The caption text leaves vox.db and vox.db-wal too: withdraw waits for another program
# reading the collection, or says it could not purge and exits 3, and vox check reports
# the text left behind until vox check --repair purges it.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 27
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
a=$(catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" theme=community \
	title="DISTINCTIVE_TITLE_TEXT" story="DISTINCTIVE_STORY_TEXT" consent=group | cut -d' ' -f1)
b=$(catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" | cut -d' ' -f1)
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" >/dev/null
# Derivatives as the gallery caches them: by hash and width.
mkdir -p "$T/c/cache/gallery"
cp "$T/p1.jpg" "$T/c/cache/$a-320.jpg"
cp "$T/p1.jpg" "$T/c/cache/gallery/$a-1024.webp"
cp "$T/p2.jpg" "$T/c/cache/$b-320.jpg"
# A distinctive run of the photo's bytes, searched for in every file afterwards.
# (a window of its entropy-coded data found in none of the other photos)
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
d = open(t + '/p1.jpg', 'rb').read()
others = [open('%s/p%d.jpg' % (t, i), 'rb').read() for i in range(2, 7)]
for off in range(len(d) - 100, 0, -16):
    w = d[off:off + 48]
    if not any(w in o for o in others):
        open(t + '/needle', 'wb').write(w)
        break
else:
    sys.exit(1)
PY
cat >"$T/search.py" <<'PY'
import os, sys
needle = open(sys.argv[1], 'rb').read()
texts = [t.encode() for t in sys.argv[3:]]
found = []
for root, dirs, files in os.walk(sys.argv[2]):
    for f in files:
        p = os.path.join(root, f)
        data = open(p, 'rb').read()
        if needle in data or any(t in data for t in texts):
            found.append(p)
print("\n".join(found))
sys.exit(1 if found else 0)
PY
check "before: the bytes are found in the store and cache" \
	"! python3 '$T/search.py' '$T/needle' '$T/c'"
ok "a dry run changes nothing" vox withdraw -n P07-01
check "the dry run says what it would remove" "vox withdraw -n P07-01 | grep -q 'would remove P07-01: store/'"
check "after a dry run the photo is still there" "vox ls | grep -q $a"
vox withdraw -y P07-01 >"$T/withdraw.out" 2>&1
check "vox withdraw -y P07-01 says what it removed: stored file, both derivatives, caption" \
	"grep -q 'removed P07-01: store/' '$T/withdraw.out' && grep -q 'removed P07-01: cache/$a-320.jpg' '$T/withdraw.out' && grep -q 'removed P07-01: cache/gallery/$a-1024.webp' '$T/withdraw.out' && grep -q 'removed P07-01: caption text' '$T/withdraw.out' && grep -q 'withdrew P07-01: tombstone $a' '$T/withdraw.out'"
ok "withdrawing it again is harmless" vox withdraw -y P07-01
check "no byte of the photo and no word of its caption is left anywhere under the collection" \
	"python3 '$T/search.py' '$T/needle' '$T/c' DISTINCTIVE_TITLE_TEXT DISTINCTIVE_STORY_TEXT"
check "no file named after its hash is left" "! find '$T/c' -name '$a*' | grep -q ."
check "the other photo's derivative is untouched" "[ -f '$T/c/cache/$b-320.jpg' ]"
check "withdrawn photos are never listed" "! vox ls | grep -q $a && [ \"\$(vox ls | wc -l)\" -eq 2 ]"
check "show still knows the ref, as withdrawn" "vox show P07-01 | grep -q '^consent *withdrawn'"
status "adding the same bytes again is refused" 1 catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg"
check "the refusal says it was withdrawn, and when" \
	"catalog-add '$T/c' P07 truro-foodbank '$T/p1.jpg' 2>&1 | grep -q \"withdrawn on \$(date -u +%Y-%m-%d)\""
check "refs are never given again: the next photo of P07 is P07-03" \
	"catalog-add '$T/c' P07 truro-foodbank '$T/p4.jpg' | grep -q ' P07-03\$'"
check "the event log records the withdrawal without caption text" \
	"sqlite3 '$T/c/vox.db' \"SELECT count(*) FROM event WHERE action='withdraw' AND ref='P07-01'\" | grep -qx '[12]' && ! sqlite3 '$T/c/vox.db' 'SELECT * FROM event' | grep -q DISTINCTIVE"
# Another program reading the catalog holds its pages back (a read transaction open in the
# sqlite3 shell for SECONDS), as a long vox gallery or a forgotten shell would.
hold_reader() {
	rm -f "$T/reader.out"
	{ echo 'BEGIN; SELECT count(*) FROM photo;'; sleep "$1"; echo 'COMMIT;'; } |
		sqlite3 "$T/c/vox.db" >"$T/reader.out" &
	reader=$!
	_i=0
	while [ ! -s "$T/reader.out" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
}
catalog-add "$T/c" P05 truro-foodbank "$T/p5.jpg" story="READER_HELD_STORY_ONE" >/dev/null
catalog-add "$T/c" P05 truro-foodbank "$T/p6.jpg" story="READER_HELD_STORY_TWO" >/dev/null
check "the stories are in the database files (so their absence can be seen)" \
	"cat '$T'/c/vox.db* | grep -q READER_HELD_STORY_ONE && cat '$T'/c/vox.db* | grep -q READER_HELD_STORY_TWO"
# Longer than the catalog's busy timeout (10 s), which a purge used to give up after, in
# silence.
hold_reader 12
ok "withdraw waits for a reader that holds the text back, then completes" vox withdraw -y P05-01
# Looked at at once: when the reader ends, its own close checkpoints the log.
check "no word of the story is left in vox.db or vox.db-wal when it returns" \
	"! cat '$T'/c/vox.db* | grep -q READER_HELD_STORY_ONE"
wait $reader
hold_reader 6
vox withdraw -y -w 1 P05-02 >"$T/w.out" 2>"$T/w.err"
echo $? >"$T/w.rc"
check "withdraw -w 1 gives up on a longer reader and exits 3" "[ \$(cat '$T/w.rc') -eq 3 ]"
check "it says the text may still be in the database files" \
	"grep -q 'another program is still reading the collection after 1 s: deleted text may still be in vox.db or vox.db-wal' '$T/w.err'"
check "the photo is withdrawn all the same (file removed, tombstone written)" \
	"vox show P05-02 | grep -q '^consent *withdrawn' && [ ! -e '$T/c/store/$(sha256sum "$T/p6.jpg" | cut -c1-2)/$(sha256sum "$T/p6.jpg" | cut -c1-64).jpg' ]"
status "vox check reports the text not purged (exit 1)" 1 vox check
check "it says where the text may be" "vox check | grep -q '^vox.db: text deleted by a withdrawal may still be in vox.db or vox.db-wal'"
wait $reader
check "once the reader is gone, vox check --repair purges it" \
	"vox check --repair | grep -q '(purged)\$' && ! cat '$T'/c/vox.db* | grep -q READER_HELD_STORY_TWO"
ok "and the collection checks clean" vox check
ok "--participant withdraws all of a participant's photos" vox withdraw -y --participant P02
check "P02 has no photos left to list, vox check is clean" \
	"[ -z \"\$(vox ls --participant P02)\" ] && vox check"
done_testing
