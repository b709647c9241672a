#!/bin/sh
# vox archive --format qdpx: a REFI-QDA project (urn:QDA-XML:project:1.0) that xmllint
# validates against the standard's own schema (tests/qda/Project.xsd), and that a second
# reader (Python's xml.etree and zipfile) finds complete: every photo the audience allows
# as a picture source with its bytes, each caption a text source linked to it, the themes
# as codes by name, each photo coded with its themes, participants as cases by code, and
# nothing private; each voice story the audience may hear an audio source with its bytes and
# its transcript a text source, both coded and linked to the photo. The same selection gives the same bytes, in any time zone.
. tests/cli/lib.sh
. tests/cli/catalog.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 17
XSD="$VOX_TOP/tests/qda/Project.xsd"
export SOURCE_DATE_EPOCH=1780000000
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
vox participant -q add P07 --site truro-foodbank --name "Realname Secretperson" >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" "title=Bread & <jam>" "story=We said \"welcome\"." "alt=Jam & <b>bread</b>" consent=report people=none theme=community session=2026-05-12-truro name=IMG_SECRET_0001.JPG >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" title=Gate consent=public people=none theme=community theme=food-and-growing session=2026-05-12-truro >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" title=Field consent=report people=none >/dev/null
catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" title=Private consent=group theme=feeling-welcome >/dev/null
catalog-add "$T/c" P05 cornwall-farm "$T/p5.jpg" title=Faces consent=report people=unknown theme=community >/dev/null
vox ls --audience report --json >"$T/allowed.json"
export T XSD

ok "writes a REFI-QDA project" vox archive -q -a report --format qdpx -o "$T/project.qdpx"
ok "a name ending in .qdpx is enough" vox archive -q -a report -o "$T/by-name.qdpx"
check "it is a zip holding project.qde and Sources/" \
	"unzip -tq '$T/project.qdpx' && bsdtar -tf '$T/project.qdpx' | grep -qx project.qde && bsdtar -tf '$T/project.qdpx' | grep -q '^Sources/'"
bsdtar -xOf "$T/project.qdpx" project.qde >"$T/project.qde"
ok "xmllint validates project.qde against the REFI-QDA Project schema" \
	xmllint --noout --schema "$XSD" "$T/project.qde"
cat >"$T/read.py" <<'EOF_PY'
import hashlib, json, sys, zipfile
import xml.etree.ElementTree as ET
NS = "{urn:QDA-XML:project:1.0}"
z = zipfile.ZipFile(sys.argv[1])
root = ET.fromstring(z.read("project.qde"))
assert root.tag == NS + "Project" and root.get("name")
allowed = [json.loads(l) for l in open(sys.argv[2])]
themes = dict(l.split("\t")[:2] for l in open(sys.argv[3]).read().splitlines())
codes = {c.get("guid"): c.get("name") for c in root.iter(NS + "Code")}
assert all(c.get("isCodable") == "true" for c in root.iter(NS + "Code"))
used = {t for p in allowed for t in p["themes"]}
assert sorted(codes.values()) == sorted(themes[t] for t in used), (codes, used)
pics = {s.get("name"): s for s in root.iter(NS + "PictureSource")}
texts = {s.get("guid"): s for s in root.iter(NS + "TextSource")}
assert set(pics) == {p["ref"] for p in allowed}, (set(pics), allowed)
links = {l.get("originGUID"): l.get("targetGUID") for l in root.iter(NS + "Link")}
cases = {c.get("name"): {r.get("targetGUID") for r in c.iter(NS + "SourceRef")} for c in root.iter(NS + "Case")}
assert set(cases) == {p["participant"] for p in allowed}, cases
for p in allowed:
    s = pics[p["ref"]]
    path = s.get("path")
    assert path.startswith("internal://"), path
    raw = z.read("Sources/" + path[len("internal://"):])
    assert hashlib.sha256(raw).hexdigest() == p["id"], p["ref"]
    coded = sorted(codes[c.find(NS + "CodeRef").get("targetGUID")] for c in s.findall(NS + "Coding"))
    assert coded == sorted(themes[t] for t in p["themes"]), (p["ref"], coded)
    t = texts[links[s.get("guid")]]
    text = z.read("Sources/" + t.get("plainTextPath")[len("internal://"):]).decode("utf-8")
    assert p["title"] in text, (p["ref"], text)
    for sel in t.findall(NS + "PlainTextSelection"):
        assert int(sel.get("startPosition")) == 0 and int(sel.get("endPosition")) == len(text)
        tcoded = sorted(codes[c.find(NS + "CodeRef").get("targetGUID")] for c in sel.findall(NS + "Coding"))
        assert tcoded == coded, (tcoded, coded)
    assert s.get("guid") in cases[p["participant"]] and t.get("guid") in cases[p["participant"]]
    vals = {v.find(NS + "VariableRef").get("targetGUID"): (v.find(NS + "TextValue") if v.find(NS + "TextValue") is not None else v.find(NS + "DateValue")).text for v in s.findall(NS + "VariableValue")}
    names = {v.get("guid"): v.get("name") for v in root.iter(NS + "Variable")}
    got = {names[k]: x for k, x in vals.items()}
    assert got.get("setting") == p["setting"] and got.get("session date") == p["session_date"], got
print(len(allowed), "photos,", len(codes), "codes")
EOF_PY
vox theme ls >"$T/themes.tsv"
ok "a second reader: every allowed photo with its bytes, codes by theme name, each photo and caption coded, cases by code" \
	python3 "$T/read.py" "$T/project.qdpx" "$T/allowed.json" "$T/themes.tsv"
check "the photos the audience may not see are not in it" \
	"grep -q P07-01 '$T/project.qde' && ! grep -Eq 'P03-01|P05-01' '$T/project.qde' &&
	 [ \$(bsdtar -tf '$T/project.qdpx' | grep -c '\\.jpg\$') -eq \$(grep -c . '$T/allowed.json') ]"
check "no private field: no real name, no source file name, in any entry" \
	"grep -q Secretperson '$T/c/vox.db' && bsdtar -xOf '$T/project.qdpx' >'$T/all' && grep -q P07 '$T/all' &&
	 ! grep -aEq 'Secretperson|IMG_SECRET' '$T/all'"
check "text is escaped for XML: the alt text as the picture's description" \
	"grep -q 'Jam &amp; &lt;b&gt;bread&lt;/b&gt;' '$T/project.qde'"
check "two runs give the same bytes, in another time zone too" \
	"mkdir '$T/again' && TZ=Pacific/Auckland vox archive -q -a report --format qdpx -o '$T/again/project.qdpx' && cmp '$T/project.qdpx' '$T/again/project.qdpx'"
ok "vox audit finds nothing in the project" vox audit -q "$T/project.qdpx"
check "the catalog records it; when consent is lowered, vox outputs rebuilds it as a project without the photo" \
	"vox outputs | grep -q project.qdpx && vox consent -q --audience group P07-02 2>/dev/null &&
	 vox outputs --stale | grep -q project.qdpx && vox outputs -q --rebuild >/dev/null 2>&1;
	 bsdtar -xOf '$T/project.qdpx' project.qde >'$T/rebuilt.qde' && grep -q P07-01 '$T/rebuilt.qde' && ! grep -q P07-02 '$T/rebuilt.qde' &&
	 xmllint --noout --schema '$XSD' '$T/rebuilt.qde'"
status "a project with a gallery is a usage error" 2 vox archive -a report --format qdpx --with-gallery -o "$T/x.qdpx"
check "the schema can say no: a Code without its name is refused" \
	"sed 's/<Code guid=\"\\([^\"]*\\)\" name=\"[^\"]*\"/<Code guid=\"\\1\"/' '$T/project.qde' >'$T/bad.qde' && ! cmp -s '$T/bad.qde' '$T/project.qde' && ! xmllint --noout --schema '$XSD' '$T/bad.qde' 2>/dev/null"

# Voice stories: ingested with ffmpeg's recordings beside the photos.
make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/vin" 3 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/vin/IMG_000.m4a"
cp "$T/a/note.ogg" "$T/vin/IMG_001.ogg"
cp "$T/a/memo.mp3" "$T/vin/IMG_002.mp3"
printf 'Consent: report\nPeople: none\nThemes: community\nTranscript: We grew leeks & <beans>.\n\nOurs.\n' \
	>"$T/vin/IMG_000.txt"
printf 'Consent: report\nPeople: none\n\nNo transcript here.\n' >"$T/vin/IMG_001.txt"
printf 'Consent: group\nPeople: none\nTranscript: Only the group hears this.\n\nGroup.\n' \
	>"$T/vin/IMG_002.txt"
vox init -q "$T/v"
vox ingest -q -C "$T/v" -p P01 "$T/vin" >/dev/null 2>&1
ok "a project of a collection with voice stories" \
	vox archive -q -C "$T/v" -a report --format qdpx -o "$T/voice.qdpx"
bsdtar -xOf "$T/voice.qdpx" project.qde >"$T/voice.qde"
ok "xmllint validates it against the REFI-QDA Project schema" \
	xmllint --noout --schema "$XSD" "$T/voice.qde"
cat >"$T/voice.py" <<'EOF_PY'
import hashlib, sys, zipfile
import xml.etree.ElementTree as ET
NS = "{urn:QDA-XML:project:1.0}"
z = zipfile.ZipFile(sys.argv[1])
root = ET.fromstring(z.read("project.qde"))
pics = {s.get("name"): s.get("guid") for s in root.iter(NS + "PictureSource")}
audio = {s.get("name"): s for s in root.iter(NS + "AudioSource")}
texts = {s.get("name"): s for s in root.iter(NS + "TextSource")}
links = {(l.get("originGUID"), l.get("targetGUID")) for l in root.iter(NS + "Link")}
case = {r.get("targetGUID") for r in root.iter(NS + "SourceRef")}
codes = {c.get("guid"): c.get("name") for c in root.iter(NS + "Code")}
assert sorted(pics) == ["P01-01", "P01-02"], pics
assert sorted(audio) == ["P01-01 voice story", "P01-02 voice story"], audio
for ref, src in (("P01-01", "IMG_000.m4a"), ("P01-02", "IMG_001.ogg")):
    a = audio[ref + " voice story"]
    raw = z.read("Sources/" + a.get("path")[len("internal://"):])
    stored = open(sys.argv[2], encoding="utf-8").read()
    assert hashlib.sha256(raw).hexdigest() in stored, ref
    assert (pics[ref], a.get("guid")) in links and a.get("guid") in case, ref
t = texts["P01-01 transcript"]
assert z.read("Sources/" + t.get("plainTextPath")[len("internal://"):]).decode() == "We grew leeks & <beans>."
assert (pics["P01-01"], t.get("guid")) in links and t.get("guid") in case
coded = [codes[c.find(NS + "CodeRef").get("targetGUID")] for c in t.iter(NS + "Coding")]
acoded = [codes[c.find(NS + "CodeRef").get("targetGUID")] for c in audio["P01-01 voice story"].iter(NS + "Coding")]
assert coded == acoded == ["Community"], (coded, acoded)
assert "P01-02 transcript" not in texts, "a transcript that is not there"
print("ok")
EOF_PY
check "a second reader: each story's bytes as stored, its transcript's text, both linked to the photo and coded" \
	"sqlite3 '$T/v/vox.db' 'SELECT sha256 FROM audio' >'$T/stored' && python3 '$T/voice.py' '$T/voice.qdpx' '$T/stored'"
check "the story and transcript of a photo the audience may not see are not in it" \
	"bsdtar -xOf '$T/voice.qdpx' >'$T/vall' && grep -q leeks '$T/vall' &&
	 ! grep -aq 'Only the group' '$T/vall' && ! grep -q P01-03 '$T/voice.qde' &&
	 [ \$(bsdtar -tf '$T/voice.qdpx' | grep -Ec '\\.(m4a|ogg|mp3)\$') -eq 2 ]"
done_testing
