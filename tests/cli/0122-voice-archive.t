#!/bin/sh
# Voice stories in archives and between collections: the bag holds each story the consent
# allows (data/audio/PAIR/SITE/REF.EXT), captions.csv names it and gives its transcript in
# its last columns, catalog.json describes it; vox import brings it in after checking it
# as it checks a photo. Python's zipfile and csv and ffprobe read the bag.
. tests/cli/lib.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 13
oracle="python3 $PWD/tests/cli/audio-oracle.py"
make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/in" 2 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/in/IMG_000.m4a"
cp "$T/a/note.opus" "$T/in/IMG_001.opus"
printf 'Consent: private\nTranscript: Only for me.\n\nMine.\n' >"$T/in/IMG_001.txt"
printf 'Consent: group\nPeople: none\nTranscript: We "grew" leeks, here.\n\nOurs.\n' \
	>"$T/in/IMG_000.txt"
C="$T/c"
vox init -q "$C"
vox ingest -q -C "$C" -p P01 "$T/in" >/dev/null 2>&1
export T C oracle

ok "archive for the group" vox archive -C "$C" -a group -o "$T/g.zip"
check "the bag holds the group photo's story and not the private one's" "
	python3 -c 'import sys, zipfile; n = zipfile.ZipFile(sys.argv[1]).namelist(); print(n);
sys.exit(0 if \"g/data/audio/unassigned/unassigned/P01-01.m4a\" in n and
not [x for x in n if \"P01-02\" in x] else 1)' '$T/g.zip'"
check "captions.csv ends with the audio and transcript columns" "
	python3 -c '
import csv, io, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = list(csv.reader(io.TextIOWrapper(z.open(\"g/data/captions.csv\"), \"utf-8-sig\")))
print(rows)
assert rows[0][-2:] == [\"audio\", \"transcript\"]
assert rows[1][-2:] == [\"data/audio/unassigned/unassigned/P01-01.m4a\", \"We \\\"grew\\\" leeks, here.\"]
' '$T/g.zip'"
mkdir -p "$T/x"
check "ffprobe finds no tag in the bag's story, and the same audio as recorded" "
	cd '$T/x' && unzip -q '$T/g.zip' && $oracle tags g/data/audio/unassigned/unassigned/P01-01.m4a &&
	$oracle same '$T/in/IMG_000.m4a' g/data/audio/unassigned/unassigned/P01-01.m4a"
ok "vox audit finds the whole bag clean, story included" vox audit "$T/g.zip"
check "catalog.json describes the story" "
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
a = d[\"photos\"][0][\"audio\"]
assert a[\"file\"] == \"data/audio/unassigned/unassigned/P01-01.m4a\" and a[\"ext\"] == \"m4a\"
assert d[\"photos\"][0][\"caption\"][\"transcript\"] == \"We \\\"grew\\\" leeks, here.\"
' '$T/x/g/data/catalog.json'"

# Into another collection.
vox init -q "$T/c2"
ok "import the bag" vox import -C "$T/c2" "$T/g.zip"
check "the story and its transcript came with the photo" "
	[ \"\$(sqlite3 '$T/c2/vox.db' \"SELECT a.ext || '|' || c.transcript FROM audio a JOIN caption c ON c.photo_id = a.photo_id\")\" = 'm4a|We \"grew\" leeks, here.' ]"
check "its stored file is the bag's, byte for byte" "
	cmp \"\$(find '$T/c2/store' -name '*.m4a')\" '$T/x/g/data/audio/unassigned/unassigned/P01-01.m4a'"
ok "vox check finds the new collection sound" vox check -C "$T/c2"

# A bag whose story carries metadata (manifests and catalog.json made to agree) is refused
# whole, and writes nothing.
ok "archive as a folder bag" vox archive -C "$C" -a group --format dir -o "$T/bagdir"
python3 - "$T/bagdir" "$T/a/memo.m4a" <<'PY'
import hashlib, json, os, sys
bag, dirty = sys.argv[1], sys.argv[2]
rel = "data/audio/unassigned/unassigned/P01-01.m4a"
data = open(dirty, "rb").read()
open(os.path.join(bag, rel), "wb").write(data)
sha = hashlib.sha256(data).hexdigest()
cj = os.path.join(bag, "data/catalog.json")
d = json.load(open(cj))
d["photos"][0]["audio"]["sha256"] = sha
open(cj, "w").write(json.dumps(d))
def rehash(m, alg, only=None):
    out = []
    for line in open(m):
        h, name = line.rstrip("\n").split("  ", 1)
        if only is None or name in only:
            h = hashlib.new(alg, open(os.path.join(bag, name), "rb").read()).hexdigest()
        out.append("%s  %s\n" % (h, name))
    open(m, "w").write("".join(out))
for alg in ("sha256", "sha512"):
    rehash(os.path.join(bag, "manifest-%s.txt" % alg), alg, (rel, "data/catalog.json"))
size = n = 0
for root, _, files in os.walk(os.path.join(bag, "data")):
    for f in files:
        size += os.path.getsize(os.path.join(root, f))
        n += 1
info = os.path.join(bag, "bag-info.txt")
lines = [("Payload-Oxum: %d.%d\n" % (size, n)) if l.startswith("Payload-Oxum:") else l
         for l in open(info)]
open(info, "w").write("".join(lines))
for alg in ("sha256", "sha512"):
    t = os.path.join(bag, "tagmanifest-%s.txt" % alg)
    if os.path.exists(t):
        rehash(t, alg)
PY
vox init -q "$T/c3"
check "a bag whose story has a location is refused, naming it" "
	vox import -C '$T/c3' '$T/bagdir' 2>'$T/i.err'; [ \$? -eq 1 ] && cat '$T/i.err' &&
	grep -q 'P01-01.m4a.: identifying metadata' '$T/i.err'"
check "and nothing was written" "
	[ -z \"\$(find '$T/c3/store' -type f ! -name collection-id 2>/dev/null)\" ] &&
	[ \"\$(sqlite3 '$T/c3/vox.db' 'SELECT count(*) FROM photo')\" = 0 ]"
done_testing
