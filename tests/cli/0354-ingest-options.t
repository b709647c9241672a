#!/bin/sh
# vox ingest options and the smaller paths: consent and people flags (a caption's own value
# wins), -q, HEIC said to be lossy, captions and translations inside a zip, a zip's own name
# as the participant with --by-folder, a TSV sheet.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 19
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/src" 8

status "-p and --by-folder together are a usage error" 2 vox ingest -p P01 --by-folder "$T/src"
mkdir -p "$T/a"
cp "$T/src/IMG_000.jpg" "$T/src/IMG_001.jpg" "$T/a/"
printf 'Consent: private\n\nMine stays private.\n' >"$T/a/IMG_001.txt"
vox ingest -q -p P01 --consent group --people none "$T/a" >"$T/out-a" 2>"$T/err-a"
echo $? >"$T/rc-a"
check "--consent and --people apply to the batch" \
	"[ \$(cat $T/rc-a) -eq 0 ] && [ \$(wc -l <$T/out-a) -eq 2 ]"
check "photos without a consent of their own get the flags'" \
	"vox ls --json | python3 -c '
import json, sys
p = {r[\"ref\"]: r for r in map(json.loads, sys.stdin)}
assert p[\"P01-01\"][\"audience\"] == \"group\" and p[\"P01-01\"][\"people\"] == \"none\", p
assert p[\"P01-02\"][\"audience\"] == \"private\", \"the sidecar wins\"
assert p[\"P01-02\"][\"people\"] == \"none\", p
'"
check "-q prints no summary" "[ -f $T/err-a ] && [ ! -s $T/err-a ]"

head -c 700 "$T/src/IMG_002.jpg" >"$T/cut.jpg"
vox ingest -q -p P01 "$T/cut.jpg" >/dev/null 2>"$T/err-q"
check "but -q still names each refusal" "grep -q \"refused: '.*cut.jpg'\" $T/err-q"

vox ingest -p P02 "$VOX_CORPUS/heic/IMG_5195.HEIC" >/dev/null 2>"$T/err-heic"
check "a HEIC photo is added and said to be converted with loss" \
	"grep -q \"IMG_5195.HEIC': converted to JPEG (lossy)\" $T/err-heic"

python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile(t + '/P05.zip', 'w') as z:
    z.write(t + '/src/IMG_003.jpg', 'IMG_3.jpg')
    z.writestr('IMG_3.txt', 'Title: Bara\nLang: cy\n\nStori\n')
    z.writestr('IMG_3.en.txt', 'Title: Bread\n\nStory\n')
    z.write(t + '/src/IMG_004.jpg', 'P06/IMG_4.jpg')
    z.writestr('P06/IMG_4.txt', b'Title: caf\xe9\n')
PY
vox ingest --by-folder "$T/P05.zip" >"$T/out-zip" 2>"$T/err-zip"
check "at the top of a zip the participant is the zip's name" \
	"grep -q '	P05-01	.*P05.zip:IMG_3.jpg\$' $T/out-zip"
check "sidecars and translations inside the zip are read" "vox ls --json --participant P05 |
	python3 -c '
import json, sys
p = json.loads(sys.stdin.readline())
assert p[\"title\"] == \"Bara\" and p[\"lang\"] == \"cy\", p
assert p[\"translation\"] == {\"title\": \"Bread\", \"story\": \"Story\", \"alt\": None,
    \"lang\": \"en\", \"prompts\": {}} or p[\"translation\"][\"title\"] == \"Bread\", p
'"
check "a bad caption inside the zip refuses its photo, naming the entry and line" \
	"grep -q \"refused: '.*P05.zip:P06/IMG_4.jpg': '.*P05.zip:P06/IMG_4.txt': line 1: not UTF-8\" \
	$T/err-zip"

mkdir -p "$T/t"
cp "$T/src/IMG_005.jpg" "$T/t/one.jpg"
printf 'file\tparticipant\ttitle\tthemes\none.jpg\tP07\t"tab\there"\tcooking-togther\n' >"$T/t/c.tsv"
vox ingest --manifest "$T/t/c.tsv" >/dev/null 2>"$T/err-tsv"
check "a TSV sheet is read, and its unknown theme refused with a suggestion" \
	"grep -q \"refused: '.*one.jpg': '.*[.]tsv': line [0-9]*: 'cooking-togther': no such theme (did you mean 'cooking-together'\" \
	$T/err-tsv"
printf 'file\tparticipant\ttitle\none.jpg\tP07\t"tab\there"\n' >"$T/t/c.tsv"
ok "and once fixed the photo goes in" vox ingest -q --manifest "$T/t/c.tsv"
check "with the tab kept inside the quoted title" "vox ls --json --participant P07 |
	python3 -c 'import json, sys; assert json.loads(sys.stdin.readline())[\"title\"] == \"tab\there\"'"
# A zip bomb: 170 MB of zeros squeezed into a few hundred kilobytes, named like a photo.
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile(t + '/bomb.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('P09/IMG_9.jpg', 'w', force_zip64=True) as f:
        block = bytes(1 << 20)
        for _ in range(170):
            f.write(block)
    z.write(t + '/src/IMG_006.jpg', 'P09/IMG_6.jpg')
PY
/usr/bin/time -f %M vox ingest --by-folder "$T/bomb.zip" >"$T/out-bomb" 2>"$T/err-bomb"
check "a zip entry of absurd size is refused and the rest of the zip goes in" \
	"grep -q \"refused: '.*bomb.zip:P09/IMG_9.jpg': .*too large\" $T/err-bomb && \
	grep -q 'P09/IMG_6.jpg\$' $T/out-bomb"
check "without reading it into memory (peak under 200 MB)" \
	"[ \$(tail -n 1 $T/err-bomb) -lt 204800 ]"
# Photos 8 and 9 of a new set: the first eight are the same pixels as those above.
mkjpegs "$T/days" 10 DAY_
vox ingest -q -p P05 -S 2026-99-99-farm "$T/days/DAY_008.jpg" >/dev/null
vox ingest -q -p P05 -S 2026-06-03-farm "$T/days/DAY_009.jpg" >/dev/null
check "a session named after an impossible date gets no date" \
	"vox session ls | grep -q '^2026-99-99-farm	[^	]*	\$'"
check "a session named after a real date gets that date" \
	"vox session ls | grep -q '^2026-06-03-farm	[^	]*	2026-06-03\$'"

# A zip inside a participant's folder is that participant's (P12/outer.zip: P12, not
# "outer"); a folder inside the zip that names a participant still wins.
# Photos 10 to 12 of a new set: the first ten are the same pixels as those above.
mkjpegs "$T/byfp" 13 BYF_
mkdir -p "$T/byf/P12" "$T/byf2/P14"
python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile(t + '/byf/P12/outer.zip', 'w') as z:
    z.write(t + '/byfp/BYF_010.jpg', 'IMG_7.jpg')
    z.write(t + '/byfp/BYF_011.jpg', 'day/IMG_0.jpg')
with zipfile.ZipFile(t + '/byf2/P14/phone-export.zip', 'w') as z:
    z.write(t + '/byfp/BYF_012.jpg', 'Camera/P13/IMG_1.jpg')
PY
vox ingest --by-folder "$T/byf" >"$T/out-byf" 2>"$T/err-byf"
check "--by-folder: a photo at the top of a zip in P12/ is P12's" \
	"grep -q '	P12-[0-9]*	.*P12/outer.zip:IMG_7.jpg\$' $T/out-byf"
check "--by-folder: and one in a folder of the zip that names no participant too" \
	"grep -q '	P12-[0-9]*	.*P12/outer.zip:day/IMG_0.jpg\$' $T/out-byf"
vox ingest --by-folder "$T/byf2/P14/phone-export.zip" >"$T/out-byf2" 2>&1
check "--by-folder: a participant's folder inside the zip wins over the zip's folder" \
	"grep -q '	P13-01	.*phone-export.zip:Camera/P13/IMG_1.jpg\$' $T/out-byf2"
done_testing
