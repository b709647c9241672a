#!/bin/sh
# vox archive: the bag describes itself as an RO-Crate 1.1 (data/ro-crate-metadata.json and
# ro-crate-preview.html) that the ro-crate package's validator accepts, and bag-info.txt
# carries an External-Identifier derived from the content. A second reader (Python) checks
# every File against the bytes in the bag; nothing private is in the crate, places are
# site names only, dates are session dates only; the bag stays valid and deterministic.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 14
A11Y="$VOX_TOP/tests/a11y"
export SOURCE_DATE_EPOCH=1780000000
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
vox participant -q add P07 --site truro-foodbank --name "Realname Secretperson" >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" title=T alt=A consent=report people=none theme=community session=2026-05-12-truro name=IMG_SECRET_0001.JPG >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" consent=public people=none theme=community theme=food-and-growing session=2026-05-12-truro >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" consent=report people=none session=2026-06-02-farm >/dev/null
catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" consent=group theme=feeling-welcome session=2026-06-09-cardiff >/dev/null
vox session -q add 2026-05-12-truro --date 2026-05-12 >/dev/null 2>&1
vox archive -q -a report --format dir -o "$T/bag"
vox archive -q -a report -o "$T/r1.zip"
export T A11Y

ok "the ro-crate package's validator accepts the crate" node "$A11Y/rocrate-check.mjs" "$T/bag/data"
ok "the independent bag checker accepts the bag" python3 tests/cli/bagcheck.py "$T/bag"
ok "vox archive --verify accepts it" vox archive --verify "$T/bag" "$T/r1.zip"
cat >"$T/crate.py" <<'EOF_PY'
import csv, hashlib, io, json, os, re, sys
bag = sys.argv[1]
data = os.path.join(bag, "data")
crate = json.load(open(os.path.join(data, "ro-crate-metadata.json")))
assert crate["@context"] == "https://w3id.org/ro/crate/1.1/context"
g = {e["@id"]: e for e in crate["@graph"]}
desc = g["ro-crate-metadata.json"]
assert desc["conformsTo"] == {"@id": "https://w3id.org/ro/crate/1.1"} and desc["about"] == {"@id": "./"}
root = g["./"]
info = dict(l.split(": ", 1) for l in open(os.path.join(bag, "bag-info.txt")).read().splitlines() if ": " in l)
cat = json.load(open(os.path.join(data, "catalog.json")))
assert root["@type"] == "Dataset" and root["name"] == cat["title"] and root["description"]
assert root["datePublished"] == info["Bagging-Date"], (root["datePublished"], info)
assert root["identifier"] == info["External-Identifier"]
assert g[root["license"]["@id"]]["description"] and g[root["audience"]["@id"]]["name"] == "report"
themes = {t["slug"]: t["name"] for t in cat["themes"]}
sites = {s["slug"]: s["name"] or s["slug"] for s in cat["sites"]}  # a site without a name is shown by its slug
photos = {p["file"][len("data/"):]: p for p in cat["photos"]}
sessions = {s["slug"]: s["date"] for s in cat["sessions"]}
assert sorted(root["keywords"]) == sorted({themes[t] for p in photos.values() for t in p["themes"]})
places = [g[r["@id"]] for r in root["spatialCoverage"]]
assert sorted(p["name"] for p in places) == sorted({sites[p["site"]] for p in photos.values()})
assert all(set(p) == {"@id", "@type", "name"} and p["@type"] == "Place" for p in places), places
parts = {r["@id"] for r in root["hasPart"]}
on_disk = set()
for d, _, fs in os.walk(data):
    for f in fs:
        on_disk.add(os.path.relpath(os.path.join(d, f), data))
assert parts == on_disk - {"ro-crate-metadata.json", "ro-crate-preview.html"}, (parts, on_disk)
for name in parts:
    e = g[name]
    raw = open(os.path.join(data, name), "rb").read()
    assert e["@type"] == "File" and e["contentSize"] == str(len(raw)), e
    assert e["sha256"] == hashlib.sha256(raw).hexdigest(), e
    if name in photos:
        p = photos[name]
        assert e["encodingFormat"] == "image/jpeg" and e["name"] == p["ref"]
        assert sorted(a["@id"] for a in e["about"]) == sorted("#theme-" + t for t in p["themes"])
        assert all(g["#theme-" + t]["name"] == themes[t] for t in p["themes"])
        want = sessions.get(p["session"])
        assert e.get("dateCreated") == want, (e, want)
        assert want is None or re.fullmatch(r"\d{4}-\d\d-\d\d", want)
    else:
        assert e["encodingFormat"] in ("text/csv", "text/plain", "application/json"), e
assert {n for n in parts if n.startswith("photos/")} == set(photos)
print("ok", len(parts))
EOF_PY
ok "a second reader: every File's size and sha256 match its bytes, themes, dates and places agree" \
	python3 "$T/crate.py" "$T/bag"
check "no participant's name, source file name or finer place is in the crate or its preview" \
	"grep -q Secretperson '$T/c/vox.db' && grep -q IMG_SECRET '$T/c/vox.db' &&
	 grep -q P07 '$T/bag/data/ro-crate-preview.html' &&
	 ! grep -Eq 'Secretperson|IMG_SECRET|geo|latitude|longitude|\"participant' '$T/bag/data/ro-crate-metadata.json' '$T/bag/data/ro-crate-preview.html'"
check "the photo the report may not hold is not in the crate" \
	"grep -q P07-01 '$T/bag/data/ro-crate-metadata.json' && ! grep -q P03-01 '$T/bag/data/ro-crate-metadata.json'"
check "External-Identifier is a UUID (version 8) in bag-info.txt" \
	"grep -Eq '^External-Identifier: urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$' '$T/bag/bag-info.txt'"
check "bag-info.txt carries Source-Organization, Bagging-Date and Payload-Oxum" \
	"grep -q '^Source-Organization: Test photovoice\$' '$T/bag/bag-info.txt' && grep -Eq '^Bagging-Date: [0-9]{4}-[0-9]{2}-[0-9]{2}\$' '$T/bag/bag-info.txt' && grep -Eq '^Payload-Oxum: [0-9]+\\.[0-9]+\$' '$T/bag/bag-info.txt'"
check "two archives of the same selection are byte-identical" \
	"mkdir '$T/again' && vox archive -q -a report -o '$T/again/r1.zip' && cmp '$T/r1.zip' '$T/again/r1.zip'"
check "another selection has another identifier" \
	"vox archive -q -a public -o '$T/pub.zip' && a=\$(bsdtar -xOf '$T/r1.zip' r1/bag-info.txt | grep External-Identifier) && b=\$(bsdtar -xOf '$T/pub.zip' pub/bag-info.txt | grep External-Identifier) && [ -n \"\$a\" ] && [ -n \"\$b\" ] && [ \"\$a\" != \"\$b\" ]"
check "the preview is valid HTML to the Nu HTML checker and holds the JSON-LD" \
	"java -jar '$A11Y/node_modules/vnu-jar/build/dist/vnu.jar' --errors-only '$T/bag/data/ro-crate-preview.html' &&
	 grep -q '<script type=\"application/ld+json\">' '$T/bag/data/ro-crate-preview.html'"
# The validator must be able to say no: a file the crate does not describe, a crate
# without its licence.
cp -R "$T/bag" "$T/stray" && printf 'x' >"$T/stray/data/stray.txt"
status "the validator refuses a file the crate does not describe" 1 node "$A11Y/rocrate-check.mjs" "$T/stray/data"
cp -R "$T/bag" "$T/nolicence"
python3 -c "
import json, sys
p = sys.argv[1]; c = json.load(open(p))
for e in c['@graph']:
    e.pop('license', None)
json.dump(c, open(p, 'w'))" "$T/nolicence/data/ro-crate-metadata.json"
status "the validator refuses a crate without its licence" 1 node "$A11Y/rocrate-check.mjs" "$T/nolicence/data"
ok "the crate's files audit clean" vox audit -q "$T/r1.zip"
done_testing
