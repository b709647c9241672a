#!/bin/sh
# vox import holds no photo whole in memory, as vox ingest holds none: a bag's photo is
# copied into store/tmp/ while it is hashed, then audited and scrubbed again from that
# file, so importing a large photo peaks no higher than ingesting it did; and a bag's
# photo larger than ingest takes (160 MB) is refused by its size, before it is read whole.
. tests/cli/lib.sh
plan 5
export T
python3 - "$T" <<'PY'
import os, random, subprocess, sys
t = sys.argv[1]
w, h = 4000, 3000
random.seed(7)
with open(t + "/noise.ppm", "wb") as f:
    f.write(b"P6 %d %d 255\n" % (w, h) + random.randbytes(w * h * 3))
os.makedirs(t + "/in")
with open(t + "/in/big.jpg", "wb") as f:
    subprocess.run(["cjpeg", "-quality", "100", t + "/noise.ppm"], stdout=f, check=True)
os.remove(t + "/noise.ppm")
PY
for c in src dst; do
	vox init -q "$T/$c" && vox pair -q -C "$T/$c" add p &&
	    vox site -q -C "$T/$c" add s --pair p --setting urban || echo "Bail out! no collection"
done
/usr/bin/time -f %M vox ingest -q -C "$T/src" -p P01 -s s --consent group --people none \
	"$T/in/big.jpg" >/dev/null 2>"$T/ingest.rss"
vox archive -q -C "$T/src" -o "$T/bag.zip" -a group
check "the bag holds a photo of over 20 MB" \
	'[ "$(stat -c %s "$T/in/big.jpg")" -gt 20000000 ] && unzip -l "$T/bag.zip" | grep -q "P01-01.jpg"'
/usr/bin/time -f %M vox import -q -C "$T/dst" "$T/bag.zip" >/dev/null 2>"$T/import.rss"
check "it imports" '[ "$(vox ls -C "$T/dst")" = "$(vox ls -C "$T/src")" ]'
check "importing it peaks no higher than ingesting it (within 8 MB), not a second copy higher" \
	'i=$(tail -n 1 "$T/ingest.rss") m=$(tail -n 1 "$T/import.rss");
	 echo "ingest $i kB, import $m kB"; [ "$m" -lt $((i + 8192)) ]'

# A bag whose photo is 161 MB: a JPEG with zeros after it, its hashes right.
python3 - "$T" <<'PY'
import hashlib, json, sys, zipfile
t = sys.argv[1]
src = zipfile.ZipFile(t + "/bag.zip")
files = {n: src.read(n) for n in src.namelist()}
top = src.namelist()[0].split("/")[0]
cj = top + "/data/catalog.json"
doc = json.loads(files[cj])
photo = doc["photos"][0]
data = files[top + "/" + photo["file"]] + bytes(161 * 1024 * 1024)
files[top + "/" + photo["file"]] = data
photo["sha256"] = hashlib.sha256(data).hexdigest()
files[cj] = json.dumps(doc, indent=1).encode()
payload = {n: d for n, d in files.items() if n.startswith(top + "/data/") and not n.endswith("/")}
files[top + "/manifest-sha256.txt"] = "".join(
    "%s  %s\n" % (hashlib.sha256(d).hexdigest(), n[len(top) + 1:]) for n, d in sorted(payload.items())).encode()
files.pop(top + "/manifest-sha512.txt", None)
info = files[top + "/bag-info.txt"].decode().splitlines()
info = [l if not l.startswith("Payload-Oxum:") else "Payload-Oxum: %d.%d" % (
    sum(len(d) for d in payload.values()), len(payload)) for l in info]
files[top + "/bag-info.txt"] = ("\n".join(info) + "\n").encode()
tags = {n: d for n, d in files.items() if "/" not in n[len(top) + 1:] and not n.endswith("/")
        and not n[len(top) + 1:].startswith("tagmanifest")}
for alg in ("sha256", "sha512"):
    if top + "/tagmanifest-%s.txt" % alg in files:
        files[top + "/tagmanifest-%s.txt" % alg] = "".join(
            "%s  %s\n" % (hashlib.new(alg, d).hexdigest(), n[len(top) + 1:])
            for n, d in sorted(tags.items())).encode()
with zipfile.ZipFile(t + "/huge.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for n in src.namelist():
        if n in files:
            z.writestr(n, files[n])
PY
vox init -q "$T/dst2"
status "a bag whose photo is over 160 MB is refused (exit 1)" 1 vox import -C "$T/dst2" "$T/huge.zip"
cp "$T/.err" "$T/huge.err"
check "  by its size, as ingest refuses it" \
	'grep -q "P01-01.jpg.*larger than 160 MB; not a photo" "$T/huge.err" || { cat "$T/huge.err"; false; }'
done_testing
