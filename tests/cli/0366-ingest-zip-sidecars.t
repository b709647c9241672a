#!/bin/sh
# vox ingest never takes a zip's photo without its caption or voice story: a sidecar entry
# that cannot be taken (a link, over 1 MB, encrypted, twice in the zip) refuses its photo,
# as the same sidecar on disk does; an entry whose size the zip leaves unsaid (a zip written
# as a stream) is read only up to the limit of what it is (1 MB for a caption, 64 MB for a
# story); a zip inside a zip is refused, not passed over in silence.
. tests/cli/lib.sh
plan 12
C="$T/c"
export C T
python3 - "$T" <<'PY'
import random, stat, subprocess, sys, zipfile
t = sys.argv[1]
def jpeg(seed):
    random.seed(seed)
    ppm = "%s/%d.ppm" % (t, seed)
    with open(ppm, "wb") as f:
        f.write(b"P6 32 24 255\n" + bytes(random.randrange(256) for _ in range(32 * 24 * 3)))
    return subprocess.run(["cjpeg", ppm], check=True, capture_output=True).stdout
private = b"Title: Private one\nConsent: private\nSensitive: yes\nMinor: yes\n\n"
big = private + b"word " * (400 * 1024)
with zipfile.ZipFile(t + "/cards.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("A.jpg", jpeg(1))
    zi = zipfile.ZipInfo("A.txt")
    zi.external_attr = (stat.S_IFLNK | 0o777) << 16
    z.writestr(zi, "../../etc/passwd")
    z.writestr("B.jpg", jpeg(2))
    z.writestr("B.txt", big)
    z.writestr("C.jpg", jpeg(3))
    z.writestr("C.txt", private)
    z.writestr("D.jpg", jpeg(4))
    z.writestr("D.txt", "Title: first\n")
    z.writestr("D.txt", private)
    z.writestr("E.jpg", jpeg(5))
    z.writestr("E.txt", "Title: The good one\n\nA story.\n")
    z.writestr("inner.zip", open(t + "/1.ppm", "rb").read())
    zi = zipfile.ZipInfo("orphan.txt")
    zi.external_attr = (stat.S_IFLNK | 0o777) << 16
    z.writestr(zi, "/etc/passwd")
# C.txt marked encrypted (general purpose flag bit 0), in its local and central headers.
data = bytearray(open(t + "/cards.zip", "rb").read())
for sig, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    at = 0
    while (at := data.find(sig, at)) >= 0:
        nlen = int.from_bytes(data[at + (26 if flags == 6 else 28):][:2], "little")
        name = data[at + (30 if flags == 6 else 46):][:nlen]
        if name == b"C.txt":
            data[at + flags] |= 1
        at += 4
open(t + "/cards.zip", "wb").write(data)
# A zip written as a stream (sizes after the data) without its end record: libarchive
# reads it front to back, and no entry declares its size.
class Sink:
    def __init__(s, f): s.f, s.n = f, 0
    def write(s, b): s.f.write(b); s.n += len(b); return len(b)
    def tell(s): return s.n
    def flush(s): pass
with open(t + "/stream.zip", "wb") as f:
    z = zipfile.ZipFile(Sink(f), "w", zipfile.ZIP_DEFLATED)
    z.writestr("S.jpg", jpeg(6))
    with z.open("S.txt", "w") as w:
        w.write(private)
        for i in range(3):
            w.write(b"a" * (1 << 20))
    z.writestr("V.jpg", jpeg(7))
    with z.open("V.m4a", "w") as w:
        for i in range(80):
            w.write(bytes(1 << 20))
    z.close()
data = bytearray(open(t + "/stream.zip", "rb").read())
end = data.rfind(b"PK\x05\x06")
data[end:end + 4] = b"XXXX"
open(t + "/stream.zip", "wb").write(data)
PY
mkdir -p "$T/disk" && cp "$T/1.ppm" "$T/x.ppm" && cjpeg "$T/x.ppm" >"$T/disk/B.jpg" &&
    python3 -c 'import zipfile,sys; open(sys.argv[1],"wb").write(zipfile.ZipFile(sys.argv[2]).read("B.txt"))' \
    "$T/disk/B.txt" "$T/cards.zip"
vox init -q --title Zips "$C" && vox pair -q -C "$C" add p &&
    vox site -q -C "$C" add s --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site s
status "the zip with sidecars that cannot be taken: exit 1" 1 \
    vox ingest -C "$C" -p P01 -s s --consent public --people none "$T/cards.zip"
cp "$T/.err" "$T/cards.err"
check "only the photo whose caption was taken is added, with its caption" \
    'test "$(vox ls -C "$C" | wc -l)" -eq 1 && vox show -C "$C" P01-01 | grep -q "The good one"'
check "a caption stored as a link refuses its photo, naming both" \
    'grep -q "cards.zip:A.jpg.*cards.zip:A.txt.*a link" "$T/cards.err"'
check "a caption over 1 MB refuses its photo, as on disk" \
    'grep -q "cards.zip:B.jpg.*cards.zip:B.txt.*too large" "$T/cards.err" &&
     { vox ingest -C "$C" -p P01 -s s "$T/disk"; test $? -eq 1; } 2>&1 |
     grep -q "disk/B.jpg.*disk/B.txt.*larger than 1 MB"'
check "an encrypted caption refuses its photo" \
    'grep -q "cards.zip:C.jpg.*cards.zip:C.txt.*encrypted" "$T/cards.err"'
check "a caption twice in the zip refuses its photo" \
    'grep -q "cards.zip:D.jpg.*cards.zip:D.txt.*twice in the zip" "$T/cards.err"'
check "a zip inside a zip is refused and says so" \
    'grep -q "cards.zip:inner.zip.*a zip inside a zip is not opened" "$T/cards.err"'
check "a link no photo claims is still reported on its own" \
    'grep -q "refused: .*cards.zip:orphan.txt.*a link" "$T/cards.err"'
check "the summary counts every refusal: 4 photos, the inner zip and the orphan link" \
    'grep -q "added 1, already present 0, refused 6" "$T/cards.err"'
status "the streamed zip: exit 1" 1 vox ingest -C "$C" -p P01 -s s "$T/stream.zip"
cp "$T/.err" "$T/stream.err"
check "a caption of undeclared size is cut off at 1 MB and refuses its photo" \
    'grep -q "stream.zip:S.jpg.*stream.zip:S.txt.*larger than 1 MB; not read" "$T/stream.err"'
check "a voice story of undeclared size is cut off at 64 MB and refuses its photo" \
    'grep -q "stream.zip:V.jpg.*its voice story.*larger than 64 MB" "$T/stream.err" &&
     test "$(vox ls -C "$C" | wc -l)" -eq 1'
done_testing
