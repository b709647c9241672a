#!/bin/sh
# vox ingest bounds what it holds of captions: a zip of 600 captions of 1 MB (600 MB in
# all, under 4 MB zipped) is read with its address space capped far below that; captions
# that would take the run past 32 MB are refused with their photos and a message, and the
# photos whose captions fit are added with them.
. tests/cli/lib.sh
plan 6
C="$T/c"
export C T
python3 - "$T" <<'PY'
import random, subprocess, sys, zipfile
t = sys.argv[1]
def jpeg(name, seed):
    random.seed(seed)
    ppm = "%s/%s.ppm" % (t, name)
    with open(ppm, "wb") as f:
        f.write(b"P6 32 24 255\n" + bytes(random.randrange(256) for _ in range(32 * 24 * 3)))
    return subprocess.run(["cjpeg", ppm], check=True, capture_output=True).stdout
story = ("We grew beans by the gate. " * 40000)[:1000000 - 40]
with zipfile.ZipFile(t + "/captions.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    z.writestr("first.jpg", jpeg("first", 1))
    z.writestr("first.txt", "Title: The first photo\n\n" + story[:2000] + "\n")
    for i in range(600):
        if i % 100 == 0:
            z.writestr("big-%03d.jpg" % i, jpeg("big", 100 + i))
        z.writestr("big-%03d.txt" % i, "Title: Big %d\n\n" % i + story + "\n")
    z.writestr("last.jpg", jpeg("last", 2))
    z.writestr("last.txt", "Title: The last photo\n\nA short story.\n")
PY
vox init -q --title Limits "$C" && vox pair -q -C "$C" add p &&
    vox site -q -C "$C" add s --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site s
check "the zip is small and holds 600 MB of captions" \
    'test $(wc -c <"$T/captions.zip") -lt 4000000 &&
     test $(unzip -l "$T/captions.zip" | tail -n 1 | awk "{ print \$1 }") -gt 590000000'
# 512 MB of address space: less than the captions, and with the libraries mapped (libvips,
# libavformat and the codecs they load take some 250 MB before any work) far less than they
# would need; enough for ingest's threads. (Not under make asan: the sanitizers reserve
# terabytes of address space, and VOX_SANITIZED says so.)
check "vox ingest reads it under a 512 MB address space cap and exits 1 (some refused)" '
({ [ -n "${VOX_SANITIZED:-}" ] || ulimit -v 524288; } && exec vox ingest -C "$C" -p P01 -s s --consent group --people none \
    "$T/captions.zip") >"$T/ingest.out" 2>"$T/ingest.err"
test $? -eq 1'
check "the first photo is added with its caption" \
    'vox show -C "$C" P01-01 | grep -q "The first photo"'
check "a photo whose 1 MB caption comes past the run's 32 MB is refused, and says why" \
    'grep "big-500.jpg" "$T/ingest.err" |
     grep -q "caption files in one run hold at most 32 MB; refused"'
check "the photos whose captions fit are added with them, and only they" \
    'vox ls -C "$C" -l >"$T/ls" && grep -q "The first photo" "$T/ls" && grep -q "Big 0" "$T/ls" &&
     grep -q "The last photo" "$T/ls" && test $(vox ls -C "$C" | wc -l) -eq 3 ||
     { cat "$T/ls"; grep -v "32 MB" "$T/ingest.err"; false; }'
check "the manual states the caption limit" 'grep -q "at most 32 MB" cmd/vox-ingest.1'
done_testing
