#!/bin/sh
# vox ingest end to end: bad inputs are each refused with file and reason while the rest go
# in; captions survive sidecar -> catalog -> ls --json -> show exactly; same bytes twice;
# withdrawn photos refused; manifests as Python's csv module writes them.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 28
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"

ok "-h prints the usage" sh -c 'vox ingest -h | grep -q "usage: vox ingest"'
status "an unknown option is a usage error" 2 vox ingest --frobnicate x
status "no path and no manifest is a usage error" 2 vox ingest
status "a bad consent word is a usage error" 2 vox ingest --consent everyone x

# The inputs: good photos, and one of each kind of bad input.
mkjpegs "$T/src" 12
in=$T/in
mkdir -p "$in/P07" "$in/P08" "$in/sub/deep"
cp "$T/src/IMG_000.jpg" "$in/P07/IMG_1.jpg"
cp "$T/src/IMG_001.jpg" "$in/P07/IMG_2.jpg"
cp "$T/src/IMG_002.jpg" "$in/P08/IMG_3.jpg"
cp "$T/src/IMG_003.jpg" "$in/sub/deep/IMG_4.jpg"
head -c 1500 "$T/src/IMG_004.jpg" >"$in/P08/truncated.jpg"
cp "$T/src/IMG_005.jpg" "$in/P08/latin1.jpg"
printf 'Title: Caf\351 au lait\n\nGood.\n' >"$in/P08/latin1.txt"
cp "$T/src/IMG_006.jpg" "$in/P08/theme.jpg"
printf 'Themes: cooking-togeter\n' >"$in/P08/theme.txt"
ln -s "$in/sub" "$in/sub/deep/loop"
# The tricky caption: markup, quotes, tabs, line breaks, emoji, Hebrew and Arabic.
python3 - "$in/P07/IMG_1.txt" <<'PY'
import sys
story = ('<script>alert("x")</script> & \'single\' "double"\ttab\n'
         'second line \U0001F33B emoji\n\n'
         '\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 right-to-left')
open(sys.argv[1], 'w', encoding='utf-8').write(
    'Title: A "quoted" <b>title</b>\nAlt: Two mugs\tand a <table>\nLang: en\n'
    'Themes: cooking-together, community\nSee: line one\n line two\n\n' + story + '\n')
open(sys.argv[1] + '.expected', 'w', encoding='utf-8').write(story)
PY
mv "$in/P07/IMG_1.txt.expected" "$T/expected-story"
# A zip with a photo, a path climbing out of the archive, and an absolute one.
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile(t + '/in/card.zip', 'w') as z:
    z.write(t + '/src/IMG_007.jpg', 'P09/IMG_7.jpg')
    z.write(t + '/src/IMG_008.jpg', '../../evil.jpg')
    # ZipInfo keeps the leading '/' that ZipFile.write would strip.
    z.writestr(zipfile.ZipInfo('/tmp/evil-abs.jpg'), open(t + '/src/IMG_009.jpg', 'rb').read())
PY
# A manifest with a row naming a photo that is not there.
printf 'file,title\r\nIMG_2.jpg,"From the sheet, with a comma"\r\nIMG_2231.jpg,Missing\r\n' \
	>"$T/captions.csv"

vox ingest --by-folder -s cornwall-farm -S 2026-06-02-farm --manifest "$T/captions.csv" \
	"$in" >"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a run with refusals exits 1" "[ \$(cat $T/rc) -eq 1 ]"
check "every good photo is added, one line each: id, ref, source" \
	"[ \$(wc -l <$T/out) -eq 5 ] && awk -F'\t' 'NF != 3 || length(\$1) != 64 { exit 1 }' $T/out"
check "refs follow the folders" "grep -q '	P07-01	.*P07/IMG_1.jpg\$' $T/out && \
	grep -q '	P09-01	.*card.zip:P09/IMG_7.jpg\$' $T/out && grep -q '	deep-01	.*sub/deep/IMG_4.jpg\$' $T/out"
check "the summary counts added and refused" \
	"grep -q 'vox ingest: added 5, already present 0, refused 7' $T/err"
check "a truncated JPEG is refused, naming it" "grep -q \"refused: '.*truncated.jpg': trunc\" $T/err"
check "a caption that is not UTF-8 refuses its photo, naming file and line" \
	"grep -q \"refused: '.*latin1.jpg'.*latin1.txt': line 1: not UTF-8\" $T/err"
check "an unknown theme is refused with the nearest one suggested" \
	"grep \"refused: '.*theme.jpg'\" $T/err | grep -q cooking-together"
check "a folder loop through a link is refused, not followed" \
	"grep -q \"refused: '.*deep/loop': a link back to\" $T/err"
check "zip entries climbing out of the archive are refused" \
	"grep -q \"refused: '.*card.zip:../../evil.jpg': a path outside\" $T/err && \
	grep -q \"refused: '.*card.zip:/tmp/evil-abs.jpg': a path outside\" $T/err"
check "nothing from the zip is written to disk" \
	"[ ! -e $T/evil.jpg ] && [ ! -e /tmp/evil-abs.jpg ] && [ ! -e $T/in/../../evil.jpg ]"
check "a manifest row naming a missing photo is refused with file and line" \
	"grep -q \"refused: '.*captions.csv' line 3: 'IMG_2231.jpg': no such photo\" $T/err"
check "the catalog holds exactly the photos added" "[ \$(sqlite3 $c/vox.db \"SELECT count(*) FROM photo\") -eq 5 ]"
check "participants are made only for photos added" \
	"[ \"\$(sqlite3 $c/vox.db 'SELECT code FROM participant ORDER BY code' | tr '\n' ' ')\" = \
	'P07 P08 P09 deep ' ]"
cat >"$T/lsjson.py" <<'PY'
import json, sys
want = open(sys.argv[1], encoding='utf-8').read()
p = [json.loads(l) for l in sys.stdin if json.loads(l)['ref'] == 'P07-01'][0]
assert p['story'] == want, repr(p['story'])
assert p['title'] == 'A "quoted" <b>title</b>', p['title']
assert p['alt'] == 'Two mugs\tand a <table>', p['alt']
assert p['prompts']['see'] == 'line one\nline two', p['prompts']
assert p['themes'] == ['community', 'cooking-together'] or \
    sorted(p['themes']) == ['community', 'cooking-together'], p['themes']
PY
cat >"$T/show.py" <<'PY'
import sys
want = open(sys.argv[1], encoding='utf-8').read()
got = sys.stdin.read()
for line in want.split('\n'):
    assert line in got, line
assert 'A "quoted" <b>title</b>' in got
PY
check "the caption survives sidecar -> catalog -> ls --json exactly" \
	"vox ls --json | python3 $T/lsjson.py $T/expected-story"
check "and through vox show" "vox show P07-01 | python3 $T/show.py $T/expected-story"
check "the manifest's caption is recorded" "vox show P07-02 | grep -q 'From the sheet, with a comma'"
check "themes from the sidecar are recorded" "vox ls --theme cooking-together | grep -q ."

vox ingest --by-folder -s cornwall-farm "$in/P07" >"$T/out2" 2>"$T/err2"
check "ingesting the same photos again adds nothing and says they are present" \
	"[ ! -s $T/out2 ] && grep -q 'already present 2' $T/err2 && \
	grep -q \"IMG_1.jpg': already present as P07-01\" $T/err2 && [ \$(sqlite3 $c/vox.db \"SELECT count(*) FROM photo\") -eq 5 ]"

vox ingest -p P10 -s truro-fodbank "$T/src/IMG_010.jpg" >/dev/null 2>"$T/err3"
echo $? >"$T/rc3"
check "an unknown site flag is refused once, suggesting the nearest site, nothing ingested" \
	"[ \$(cat $T/rc3) -eq 1 ] && grep -q \"'truro-fodbank': no such site (did you mean 'truro-foodbank'?)\" $T/err3 && \
	grep -q 'nothing ingested' $T/err3 && ! grep -q 'IMG_010' $T/err3"

id=$(awk -F'\t' '$2 == "P08-01" { print $1 }' "$T/out")
vox withdraw -y "$id" >/dev/null 2>&1
vox ingest -p P08 "$in/P08/IMG_3.jpg" >/dev/null 2>"$T/err4"
echo $? >"$T/rc4"
check "a withdrawn photo is refused when ingested again, saying so" \
	"[ \$(cat $T/rc4) -eq 1 ] && grep -q \"refused: '.*IMG_3.jpg': withdrawn\" $T/err4"
check "refused, present and withdrawn photos leave nothing in store/tmp" \
	"[ -d $c/store/tmp ] && [ -z \"\$(ls -A $c/store/tmp)\" ]"
cat >"$T/nowhere.py" <<'PY'
import os, sys
d = open(sys.argv[1], 'rb').read()
needle = d[len(d) // 2:len(d) // 2 + 64]  # a run of its entropy-coded data
found = [os.path.join(r, f) for r, _, fs in os.walk(sys.argv[2]) for f in fs
         if needle in open(os.path.join(r, f), 'rb').read()]
print('\n'.join(found))
sys.exit(1 if found else 0)
PY
mkdir -p "$T/scrubbed"
# The search must find a photo still kept (IMG_1, P07-01) for its silence on IMG_3 to count.
check "and the withdrawn photo's scrubbed bytes are nowhere in the collection" \
	"vox scrub -q -d $T/scrubbed $in/P08/IMG_3.jpg $in/P07/IMG_1.jpg &&
	! python3 $T/nowhere.py $T/scrubbed/IMG_1.jpg $c >/dev/null &&
	python3 $T/nowhere.py $T/scrubbed/IMG_3.jpg $c"

# A manifest written by Python's csv module: quoted commas, quotes, CRLF, line breaks.
mkdir -p "$T/m"
cp "$T/src/IMG_011.jpg" "$T/m/photo one.jpg"
python3 - "$T/m/sheet.csv" <<'PY'
import csv, sys
with open(sys.argv[1], 'w', newline='', encoding='utf-8-sig') as f:
    w = csv.writer(f)
    w.writerow(['File', 'Participant', 'Site', 'Title', 'Story', 'Our_Lives', 'Consent',
                'translation-lang', 'translation'])
    w.writerow(['photo one.jpg', 'P11', 'truro-foodbank', 'Bread, jam, "tea"',
                'Line one,\r\nline "two"', 'Every week', 'group', 'cy', 'Bara a jam'])
PY
ok "a manifest alone names its photos beside it" vox ingest --manifest "$T/m/sheet.csv"
cat >"$T/sheet.py" <<'PY'
import json, sys
p = json.loads(sys.stdin.readline())
assert p['site'] == 'truro-foodbank', p
assert p['audience'] == 'group', p
assert p['title'] == 'Bread, jam, "tea"', p['title']
assert p['story'] == 'Line one,\nline "two"', repr(p['story'])
assert p['prompts']['our-lives'] == 'Every week', p['prompts']
assert p['translation']['lang'] == 'cy' and p['translation']['story'] == 'Bara a jam', p
PY
check "and its caption arrives as the csv module wrote it" \
	"vox ls --json --participant P11 | python3 $T/sheet.py"
done_testing
