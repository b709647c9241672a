#!/bin/sh
# vox withdraw: no byte of the photo is left anywhere under the collection (store, cache
# derivatives, caption text), a tombstone refuses the same bytes again, refs stay reserved.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 17
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
vox withdraw P07-01 >"$T/withdraw.out" 2>&1
check "vox withdraw P07-01 says what it removed: stored file, both derivatives, caption" \
	"grep -q 'removed P07-01: store/' '$T/withdraw.out' && grep -q 'removed P07-01: cache/$a-320.jpg' '$T/withdraw.out' && grep -q 'removed P07-01: cache/gallery/$a-1024.webp' '$T/withdraw.out' && grep -q 'removed P07-01: caption text' '$T/withdraw.out' && grep -q 'withdrew P07-01: tombstone $a' '$T/withdraw.out'"
ok "withdrawing it again is harmless" vox withdraw P07-01
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
ok "--participant withdraws all of a participant's photos" vox withdraw --participant P02
check "P02 has no photos left to list, vox check is clean" \
	"[ -z \"\$(vox ls --participant P02)\" ] && vox check"
done_testing
