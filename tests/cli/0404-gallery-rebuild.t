#!/bin/sh
# vox gallery with nothing changed leaves the gallery as it is: no page, image or folder is
# written again (a rebuild of 10,000 photos used to rewrite and fsync every page). Any
# change that shows (a caption, a withdrawal) or a file missing from the gallery gets it
# rebuilt.
. tests/cli/lib.sh
plan 10
C="$T/c" G="$T/g"
export C G T
noise_photos "$T/photos" 1 4
vox init -q --title Rebuild "$C" && vox pair -q -C "$C" add p &&
    vox site -q -C "$C" add s --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site s &&
    vox ingest -q -C "$C" -p P01 -s s --consent group --people none "$T/photos" >/dev/null
ok "a gallery builds" vox gallery -q -C "$C" -o "$G" --audience group
snap() { (cd "$G" && ls -liRA --time-style=+%s.%N . | sort) >"$1"; ls -lid --time-style=+%s.%N "$G" >>"$1"; }
snap "$T/before"
ok "it builds again with nothing changed" vox gallery -q -C "$C" -o "$G" --audience group
check "no file or folder of the gallery was written again" \
    'snap() { (cd "$G" && ls -liRA --time-style=+%s.%N . | sort) >"$1"; ls -lid --time-style=+%s.%N "$G" >>"$1"; }
     snap "$T/after" && test $(wc -l <"$T/before") -gt 10 && cmp "$T/before" "$T/after"'
check "a caption changed is rebuilt" \
    'vox caption -q -C "$C" P01-01 --title "A new title" &&
     vox gallery -q -C "$C" -o "$G" --audience group && grep -q "A new title" "$G/photo-P01-01.html"'
check "a page deleted from the gallery is written again" \
    'rm "$G/photo-P01-02.html" && vox gallery -q -C "$C" -o "$G" --audience group &&
     test -f "$G/photo-P01-02.html"'
check "an image deleted from the gallery is placed again" \
    'f=$(ls "$G/img" | head -n 1) && rm "$G/img/$f" &&
     vox gallery -q -C "$C" -o "$G" --audience group && test -f "$G/img/$f"'
check "with the cache emptied, the sizes are made again and the gallery left as it is" \
    'snap() { (cd "$G" && ls -liRA --time-style=+%s.%N . | sort) >"$1"; ls -lid --time-style=+%s.%N "$G" >>"$1"; }
     snap "$T/kept" && rm -f "$C"/cache/*.jpg "$C"/cache/*.webp &&
     vox gallery -C "$C" -o "$G" --audience group 2>"$T/err" &&
     grep -q "images made" "$T/err" && ! grep -q " 0 images made" "$T/err" &&
     snap "$T/kept2" && cmp "$T/kept" "$T/kept2" && test -z "$(ls -A "$(dirname "$G")" | grep -v "^$(basename "$G")$" | grep vox)"'
# Photos whose sizes are in the cache and photos whose sizes are made in the same build:
# their images are placed at different moments, and every one is there, with its bytes.
noise_photos "$T/more" 5 8
ok "photos added to a gallery whose other sizes are cached build" \
    sh -c 'vox ingest -q -C "$C" -p P01 -s s --consent group --people none "$T/more" >/dev/null &&
           vox caption -q -C "$C" P01-02 --title "Changed again" &&
           vox gallery -q -C "$C" -o "$G" --audience group'
check "every image of every photo is in the gallery, the bytes of its derivative" \
    'n=0; for h in $(vox ls -C "$C"); do
         p=$(vox show -C "$C" "$h" | sed -n "s/^ref  *//p");
         for f in "$C"/cache/"$h"-*; do
             b=$(basename "$f"); w=${b#"$h"-};
             cmp -s "$f" "$G/img/$p-$w" || { echo "$p-$w differs or is missing"; exit 1; };
             n=$((n + 1));
         done;
     done; echo "$n images"; test "$n" -eq $(ls "$G/img" | wc -l) && test "$n" -ge 16'
check "a withdrawn photo leaves the gallery" \
    'vox withdraw -y -q -C "$C" P01-03 >/dev/null &&
     vox gallery -q -C "$C" -o "$G" --audience group && ! test -e "$G/photo-P01-03.html" &&
     test -e "$G/photo-P01-04.html"'
done_testing
