#!/bin/sh
# vox archive --with-report: the bag holds the report of the same selection under
# data/report/, the same bytes vox report writes, described in the RO-Crate as a Dataset
# whose parts are its files (the ro-crate package's validator accepts it; Python checks each
# file's size and SHA-256 against the bag). The bag still verifies, passes the independent
# bag checker and stays byte for byte the same when made again; the recorded archive is
# rebuilt with its report.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 13
A11Y="$VOX_TOP/tests/a11y"
export SOURCE_DATE_EPOCH=1780000000
mkphotos
mkcollection
export VOX_COLLECTION="$T/c" T A11Y
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" title=T story=STORY_ONE alt=A consent=report people=none theme=community session=2026-05-12-truro >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" consent=public people=none theme=community theme=food-and-growing >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" story=STORY_THREE consent=report people=none >/dev/null
catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" story=GROUP_ONLY consent=group >/dev/null
mkdir "$T/a" "$T/b"
ok "vox archive --with-report writes the bag" vox archive -q -a report -o "$T/a/r.zip" --with-report
vox archive -q -a report -o "$T/b/r.zip" --with-report
vox archive -q -a report --format dir -o "$T/bag" --with-report
vox report -q -o "$T/rep" --audience report
check "the bag holds data/report/ with the same files vox report writes" \
	'for f in index.html figures.json $(cd "$T/rep" && ls img | sed "s|^|img/|"); do cmp "$T/rep/$f" "$T/bag/data/report/$f" || exit 1; done &&
	 [ "$(cd "$T/bag/data/report" && find . -type f | wc -l)" = "$(cd "$T/rep" && find . -type f ! -name .vox-output | wc -l)" ]'
ok "its figures equal vox stats --json" "$VOX_TOP/tests/cli/report-figures.py" "$T/bag/data/report" --audience report
check "the report in the bag holds what consent allows, not the group-only photo" \
	'grep -q STORY_THREE "$T/bag/data/report/index.html" && ! grep -q GROUP_ONLY "$T/bag/data/report/index.html"'
ok "vox archive --verify accepts both bags" vox archive --verify "$T/a/r.zip" "$T/bag"
ok "the independent bag checker accepts them" sh -c 'python3 tests/cli/bagcheck.py "$T/a/r.zip" && python3 tests/cli/bagcheck.py "$T/bag"'
ok "made twice, the bag is the same bytes" cmp "$T/a/r.zip" "$T/b/r.zip"
ok "the ro-crate package's validator accepts the crate" node "$A11Y/rocrate-check.mjs" "$T/bag/data"
check "the crate: report/ a Dataset of the root, each of its files a File with its size and SHA-256" \
	"python3 - '$T/bag/data' <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
g = {e['@id']: e for e in json.load(open(os.path.join(d, 'ro-crate-metadata.json')))['@graph']}
assert {'@id': 'report/'} in g['./']['hasPart']
ds = g['report/']
assert ds['@type'] == 'Dataset'
parts = sorted(p['@id'] for p in ds['hasPart'])
files = sorted('report/' + os.path.relpath(os.path.join(r, f), os.path.join(d, 'report'))
               for r, _, fs in os.walk(os.path.join(d, 'report')) for f in fs)
assert parts == files and len(files) >= 4, (parts, files)
for f in files:
    b = open(os.path.join(d, f), 'rb').read()
    e = g[f]
    assert e['@type'] == 'File' and e['sha256'] == hashlib.sha256(b).hexdigest() and int(e['contentSize']) == len(b), f
PY"
check "README.txt names the report" 'grep -q "data/report/index.html" "$T/bag/data/README.txt"'
status "a REFI-QDA project holds no report: usage error" 2 vox archive -q -a report -o "$T/p.qdpx" --with-report
vox withdraw -qy P02-01 >/dev/null 2>&1
ok "a withdrawal makes the archive stale and vox outputs --rebuild rebuilds it" \
	sh -c 'vox outputs --stale | grep -q "$T/a/r.zip" && vox outputs -q --rebuild'
check "... with its report, without the withdrawn photo" \
	"python3 -c \"import zipfile; z=zipfile.ZipFile('$T/a/r.zip'); h=z.read('r/data/report/index.html').decode(); assert 'STORY_ONE' in h and 'STORY_THREE' not in h\""
