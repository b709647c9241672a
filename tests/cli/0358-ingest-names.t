#!/bin/sh
# vox ingest takes photos whose names are not UTF-8: a zip entry named in CP437 (a Windows
# zip, without the UTF-8 flag) and a Latin-1 name on disk; the private source name is
# transcoded, and each still finds its sidecar.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 10
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/src" 4

python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]

class Raw(zipfile.ZipInfo):
    """An entry whose name is written as the raw bytes given, flag bit 11 clear."""
    __slots__ = ('raw',)

    def _encodeFilenameFlags(self):
        return self.raw, self.flag_bits & ~0x800

def raw(name):
    i = Raw(name.decode('cp437'))
    i.raw = name
    return i

with zipfile.ZipFile(t + '/win.zip', 'w') as z:
    # "Café" in CP437: é is 0x82.
    z.writestr(raw(b'P05/Caf\x82.jpg'), open(t + '/src/IMG_000.jpg', 'rb').read())
    z.writestr(raw(b'P05/Caf\x82.txt'), b'Title: from the Windows zip\n')
with zipfile.ZipFile(t + '/utf8.zip', 'w') as z:
    # A name in UTF-8 with the flag set, read whatever the locale.
    z.writestr('P06/\u00d1and\u00fa.jpg', open(t + '/src/IMG_002.jpg', 'rb').read())
    z.writestr('P06/\u00d1and\u00fa.txt', 'Title: from a UTF-8 zip\n')
for i in zipfile.ZipFile(t + '/win.zip').infolist():
    assert not i.flag_bits & 0x800, i
import os
os.makedirs(t + '/disk', exist_ok=True)
# "Crêpe" in Latin-1 on disk: é is 0xE9.
with open(os.fsencode(t + '/disk/') + b'Cr\xe9pe.jpg', 'wb') as f:
    f.write(open(t + '/src/IMG_001.jpg', 'rb').read())
with open(os.fsencode(t + '/disk/') + b'Cr\xe9pe.txt', 'wb') as f:
    f.write(b'Title: from a Latin-1 name\n')
PY
check "the zip's entry name is CP437 bytes, without the UTF-8 flag" \
	"unzip -Z1 $T/win.zip | od -An -tx1 | grep -q ' 82 2e 6a'"

vox ingest -p P05 "$T/win.zip" "$T/disk" "$T/utf8.zip" >"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "all three photos are added" "[ \$(cat $T/rc) -eq 0 ] && [ \$(wc -l <$T/out) -eq 3 ]"
vox show --json P05-01 P05-02 >"$T/show"
check "the CP437 name is transcoded into the private source name" \
	"python3 -c '
import json, sys
s = [json.loads(l) for l in open(\"$T/show\")]
assert s[0][\"source_name\"] == \"Caf\u00e9.jpg\", s[0][\"source_name\"]
'"
check "the zip photo found its sidecar" \
	"grep -q '\"title\":\"from the Windows zip\"' $T/show"
check "the Latin-1 name is transcoded into the private source name" \
	"python3 -c '
import json, sys
s = [json.loads(l) for l in open(\"$T/show\")]
assert s[1][\"source_name\"] == \"Cr\u00e9pe.jpg\", s[1][\"source_name\"]
'"
check "the Latin-1 photo found its sidecar" \
	"grep -q '\"title\":\"from a Latin-1 name\"' $T/show"
check "ingest names them readably" \
	"grep -q 'win.zip:P05/Café.jpg' $T/out && grep -q 'disk/Crépe.jpg' $T/out"
vox show --json P05-03 >"$T/show3"
check "a UTF-8 zip name is kept, with its sidecar, in the C locale too" \
	"grep -q '\"source_name\":\"Ñandú.jpg\"' $T/show3 &&
	grep -q '\"title\":\"from a UTF-8 zip\"' $T/show3"
vox audit -v "$T/win.zip" "$T/utf8.zip" >"$T/audit" 2>&1
check "vox audit names the entries readably" \
	"grep -q 'win.zip!P05/Café.jpg' $T/audit && grep -q 'utf8.zip!P06/Ñandú.jpg' $T/audit"
mkdir -p "$T/disk2"
cp "$T/src/IMG_003.jpg" "$T/disk2/bell$(printf '\007')name.jpg"
vox ingest -p P05 "$T/disk2" >"$T/out2" 2>"$T/err2"
check "a name holding a control character is taken, the character kept as '?'" \
	"[ \$(wc -l <$T/out2) -eq 1 ] && vox show --json P05-04 |
	grep -q '\"source_name\":\"bell?name.jpg\"'"
done_testing
