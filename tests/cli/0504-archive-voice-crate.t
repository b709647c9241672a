#!/bin/sh
# vox archive: a voice story in the bag is a File of the RO-Crate like its photo (its media
# type, size, SHA-256, session date only, site, themes) and is about its photo, so a reader
# of the crate finds which photo each story tells of; the ro-crate package's validator and
# the independent bag checker still accept the bag. A story the audience may not hear is
# neither in the bag nor in the crate.
. tests/cli/lib.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 5
A11Y="$VOX_TOP/tests/a11y"
export SOURCE_DATE_EPOCH=1780000000
make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/in" 3 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/in/IMG_000.m4a"
cp "$T/a/memo.mp3" "$T/in/IMG_001.mp3"
cp "$T/a/note.opus" "$T/in/IMG_002.opus"
printf 'Consent: group\nPeople: none\nThemes: food-and-growing, community\nTranscript: We grew leeks.\n\nOurs.\n' \
	>"$T/in/IMG_000.txt"
printf 'Consent: group\nPeople: none\nTranscript: The bus stop.\n\nWaiting.\n' >"$T/in/IMG_001.txt"
printf 'Consent: private\nTranscript: Only for me.\n\nMine.\n' >"$T/in/IMG_002.txt"
C="$T/c"
vox init -q "$C"
vox session -q -C "$C" add 2026-05-12-truro --date 2026-05-12 >/dev/null 2>&1
vox ingest -q -C "$C" -p P01 -S 2026-05-12-truro "$T/in" >/dev/null 2>&1
export T C

ok "archive for the group as a folder bag" vox archive -q -C "$C" -a group --format dir -o "$T/bag"
ok "the ro-crate package's validator accepts the crate, stories included" \
	node "$A11Y/rocrate-check.mjs" "$T/bag/data"
ok "the independent bag checker accepts the bag" python3 tests/cli/bagcheck.py "$T/bag"
cat >"$T/crate.py" <<'EOF_PY'
import hashlib, json, os, sys
data = os.path.join(sys.argv[1], "data")
g = {e["@id"]: e for e in json.load(open(os.path.join(data, "ro-crate-metadata.json")))["@graph"]}
cat = json.load(open(os.path.join(data, "catalog.json")))
parts = {r["@id"] for r in g["./"]["hasPart"]}
want = {"m4a": "audio/mp4", "mp3": "audio/mpeg"}
stories = [p for p in cat["photos"] if p.get("audio")]
assert len(stories) == 2 and any(p["themes"] for p in stories), stories
for p in stories:
    name = p["audio"]["file"][len("data/"):]
    photo = p["file"][len("data/"):]
    e = g[name]
    raw = open(os.path.join(data, name), "rb").read()
    assert name in parts and e["@type"] == "File", e
    assert e["encodingFormat"] == want[p["audio"]["ext"]], e
    assert e["contentSize"] == str(len(raw)) and e["sha256"] == hashlib.sha256(raw).hexdigest(), e
    about = [a["@id"] for a in e["about"]]
    assert about[0] == photo and g[photo]["@type"] == "File", e
    assert sorted(about[1:]) == sorted("#theme-" + t for t in p["themes"]), (about, p["themes"])
    assert e["dateCreated"] == "2026-05-12" == g[photo]["dateCreated"], e
    assert e.get("contentLocation") == g[photo].get("contentLocation"), e
    assert "transcript" not in json.dumps(e).lower() and "leeks" not in json.dumps(e)
audio = {n for n in parts if n.startswith("audio/")}
assert audio == {p["audio"]["file"][len("data/"):] for p in stories}, audio
assert not [i for i in g if "P01-03" in i], "the private story is in the crate"
print("ok", sorted(audio))
EOF_PY
ok "a second reader: each story is a File about its photo and its themes, bytes agreeing" \
	python3 "$T/crate.py" "$T/bag"
check "the preview links each story beside its photo" \
	"grep -c 'its voice story</a>' '$T/bag/data/ro-crate-preview.html' | grep -qx 2"
