#!/bin/sh
# vox gallery end to end on a collection of scrubbed corpus photos (made through the catalog
# API by tests/cli/gallery-collection, the builder the library tests use too): consent, private fields, escaping, metadata, links, incremental
# rebuilds, withdrawal, the swap that never leaves half a gallery, exit statuses.
. tests/cli/lib.sh
plan 27
C="$T/c" G="$T/g"
export C G T
"$VOX_BUILD/tests/cli/gallery-collection" "$C" >"$T/fixture.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture.log"; exit 1; }
ok "-h prints usage" vox gallery -h
status "no output folder is a usage error" 2 vox gallery -C "$C" --audience group
status "a private gallery is a usage error" 2 vox gallery -C "$C" -o "$G" --audience private
status "--strict refuses photos without alt text" 1 \
    vox gallery -C "$C" -o "$G" --audience group --strict
check "--strict wrote nothing" '! test -e "$G"'
status "a filter naming nothing is a usage error" 2 \
    vox gallery -C "$C" -o "$G" --audience group --site nowhere
ok "a group gallery builds" vox gallery -C "$C" -o "$G" --audience group
check "the photo without alt text is named in a warning" \
    'vox gallery -C "$C" -o "$G" --audience group 2>&1 >/dev/null | grep -q "P02-0[0-9]*.: no alt text"'
check "the group gallery has 4 photo pages: the private photo is not shown" \
    'test $(ls "$G"/photo-*.html | wc -l) -eq 4'
# The words the gallery must not show are in the catalog it is built from: the searches
# below are for words that are there to be found.
check "the collection holds the private title, the names and the source file name" \
    'for w in "Kept private" Secretname Hiddenname SECRETFILE "Faces at the gate"; do
         grep -q "$w" "$C"/vox.db* || { echo "not in the catalog: $w"; exit 1; }; done'
ok "the private photo appears nowhere" absent "Kept private" "$G"
ok "no participant name or source file name appears in any file" \
    absent -E "Secretname|Hiddenname|SECRETFILE" "$G"
check "a caption of markup is shown as text" \
    'grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$G"/photo-P01-02.html && ! grep -rq "<script" "$G"'
ok "vox audit finds nothing in the gallery" vox audit -q "$G"
check "exiftool finds no EXIF, XMP, IPTC, ICC or GPS in any image" \
    '! exiftool -q -a -G1 -s "$G"/img | grep -E "^\[(EXIF|IFD|ExifIFD|GPS|XMP|IPTC|ICC|Photoshop|Nikon|Composite)" | grep -v "ImageSize\|Megapixels"'
check "every link and image source in every page resolves inside the gallery" 'python3 tests/cli/links.py "$G"'
check "a rebuild with no change makes no image and keeps every image as it was (its own copy, so by its bytes)" '
(cd "$G"/img && sha256sum *) >"$T/before"
vox gallery -C "$C" -o "$G" --audience group 2>"$T/err" &&
grep -q " 0 images made" "$T/err" && (cd "$G"/img && sha256sum *) >"$T/after" && cmp "$T/before" "$T/after"'
ok "a report gallery builds" vox gallery -C "$C" -o "$G" --audience report -q
check "the report gallery has only the public photo with consented people" \
    'test $(ls "$G"/photo-*.html | wc -l) -eq 1 && ! grep -rq "Faces at the gate" "$G" &&
     grep -q "Shared in reports to funders and evaluators" "$G"/index.html'
ok "--site keeps one site's photos" vox gallery -C "$C" -o "$G" --audience group --site cornwall-farm -q
check "only that site is in the gallery" \
    '! test -e "$G"/site-truro-foodbank.html && test -e "$G"/site-cornwall-farm.html'
check "a withdrawn photo leaves the gallery and the cache" '
vox gallery -C "$C" -o "$G" --audience group -q &&
h=$(vox ls -C "$C" --participant P01 | head -n 1) && ls "$C"/cache | grep -q "^$h" &&
vox withdraw -y -C "$C" -q "$h" && vox gallery -C "$C" -o "$G" --audience group -q &&
test $(ls "$G"/photo-*.html | wc -l) -eq 3 && ! test -e "$G"/photo-P01-01.html &&
! ls "$C"/cache | grep -q "^$h"'
check "a folder that is not a gallery is not replaced" '
mkdir "$T/mine" && echo thesis >"$T/mine/thesis.txt" &&
{ vox gallery -C "$C" -o "$T/mine" --audience group -q; test $? -eq 3; } &&
test -f "$T/mine/thesis.txt"'
check "no temporary folder is left beside the gallery" \
    'ls -a "$T" | grep -qx g && ! ls -a "$T" | grep -q "^\.g\."'
# A build killed half way leaves its hidden folder, photos in it; one still running holds
# its lock. The next build removes the first and leaves the second alone.
mkdir -p "$T/.g.vox-Ab12Cd/img" "$T/.g.vox-Ef34Gh"
cp "$G"/img/*.jpg "$T/.g.vox-Ab12Cd/img/" 2>/dev/null
# -o: the lock is flock's own, let go when it is killed (not inherited by sleep).
flock -o "$T/.g.vox-Ef34Gh" sleep 60 &
holder=$!
sleep 0.3
vox gallery -C "$C" -o "$G" --audience group -q
check "a killed build's hidden folder, photos and all, is removed by the next build" \
    '! test -e "$T/.g.vox-Ab12Cd"'
check "a build still in progress (its folder locked) is left alone" 'test -d "$T/.g.vox-Ef34Gh"'
pkill -P $holder sleep 2>/dev/null
kill $holder 2>/dev/null
wait $holder 2>/dev/null
check "folders only resembling a build's are never touched" '
mkdir -p "$T/.g.vox-toolong1" "$T/.g.old-Ab12Cd" "$T/g.vox-Ab12Cd" &&
vox gallery -C "$C" -o "$G" --audience group -q &&
test -d "$T/.g.vox-toolong1" && test -d "$T/.g.old-Ab12Cd" && test -d "$T/g.vox-Ab12Cd" &&
! test -e "$T/.g.vox-Ef34Gh"'
done_testing
