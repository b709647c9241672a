#!/bin/sh
# The sample workshop through vox ingest: every planted piece of metadata is gone from the
# store (our audit and exiftool agree), orientations are kept, trailers dropped, and the
# captions arrive as the sidecars and the sheet hold them (read back with Python's csv).
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 9
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
vox pair -C "$c" add gloucestershire &&
vox site -C "$c" add stroud-valley-farm --pair gloucestershire --setting rural ||
	echo "Bail out! cannot declare sites"
export VOX_COLLECTION="$c"

vox ingest -q --by-folder -s cornwall-farm -S 2026-05-12-cornwall-farm samples/cornwall \
	>"$T/out" 2>"$T/err1"
echo $? >"$T/rc1"
vox ingest -q --by-folder -s stroud-valley-farm -S 2026-05-19-stroud-valley-farm \
	--manifest samples/gloucestershire/captions.csv samples/gloucestershire \
	>>"$T/out" 2>"$T/err2"
echo $? >"$T/rc2"
check "both days go in without a refusal" \
	"[ \$(cat $T/rc1) -eq 0 ] && [ \$(cat $T/rc2) -eq 0 ] && [ ! -s $T/err1 ] && [ ! -s $T/err2 ]"
check "thirty photos, one line each" \
	"[ \$(wc -l <$T/out) -eq 30 ] && [ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -eq 30 ]"
ok "vox audit finds nothing identifying in the store" vox audit -q "$c/store"
check "exiftool finds no GPS, serial, owner, artist, XMP or thumbnail in the store" \
	"! exiftool -q -q -r -a -G1 -GPS:all -SerialNumber -OwnerName -Artist -XMP:all \
	-ThumbnailImage -PNG:Author -PNG:Comment $c/store | grep -q ."
cat >"$T/orient.py" <<'PY'
import json, subprocess, sys
out, coll = sys.argv[1], sys.argv[2]
src = {l.split('\t')[0]: l.rstrip('\n').split('\t')[2] for l in open(out)}
rows = [json.loads(l) for l in subprocess.run(['vox', 'ls', '--json'], capture_output=True,
        check=True, text=True).stdout.splitlines()]
jpgs = [r for r in rows if r['ext'] == 'jpg']
paths = [src[r['id']] for r in jpgs] + [r['path'] for r in jpgs]
meta = json.loads(subprocess.run(['exiftool', '-j', '-n', '-Orientation'] + paths,
                                 capture_output=True, text=True).stdout)
orient = {m['SourceFile']: int(m.get('Orientation', 1)) for m in meta}
seen = set()
for r in jpgs:
    want, got = orient[src[r['id']]], orient[r['path']]
    assert want == got == r['orientation'], (src[r['id']], want, got, r['orientation'])
    seen.add(want)
    data = open(r['path'], 'rb').read()
    assert data.endswith(b'\xff\xd9'), r['path'] + ': bytes after EOI'
assert {3, 6, 8} <= seen, seen
PY
check "orientations 3, 6 and 8 are kept, and nothing follows the end of a JPEG" \
	"python3 $T/orient.py $T/out $c"
check "the Welsh caption has its English translation beside it" \
	"vox ls --json --participant P03 | python3 -c '
import json, sys
p = [json.loads(l) for l in sys.stdin][0]
assert p[\"lang\"] == \"cy\" and p[\"title\"] == \"Y twnnel tyfu\", p
assert p[\"translation\"][\"lang\"] == \"en\", p
assert p[\"translation\"][\"title\"] == \"The polytunnel\", p
assert p[\"translation\"][\"story\"].startswith(\"It was warm\"), p
'"
cat >"$T/sheet.py" <<'PY'
import csv, json, subprocess
rows = list(csv.DictReader(open('samples/gloucestershire/captions.csv', newline='',
                                encoding='utf-8-sig')))
got = {}
for l in subprocess.run(['vox', 'ls', '--json', '--site', 'stroud-valley-farm'],
                        capture_output=True, check=True, text=True).stdout.splitlines():
    p = json.loads(l)
    got[p['title']] = p
assert len(rows) == 10, len(rows)
for r in rows:
    p = got[r['title']]
    assert p['participant'] == r['participant'], (p, r)
    assert (p['story'] or '') == r['story'].replace('\r\n', '\n'), (p['story'], r['story'])
    assert (p['alt'] or '') == r['alt'], (p['alt'], r['alt'])
    assert p['audience'] == (r['consent'] or 'private'), (p['audience'], r)
    assert sorted(p['themes']) == sorted(t.strip() for t in r['themes'].split(',') if t), p
    if r['why']:
        assert p['prompts']['why'] == r['why'], p
PY
check "every row of the sheet arrives as Python's csv module reads it" "python3 $T/sheet.py"
check "photos without a caption are listed as such" \
	"[ \$(vox ls --uncaptioned | wc -l) -eq 11 ]"
vox ingest -q --by-folder -s cornwall-farm samples/cornwall >"$T/again" 2>&1
check "ingesting a day twice adds nothing" "[ ! -s $T/again ] && \
	[ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -eq 30 ]"
done_testing
