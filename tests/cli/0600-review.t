#!/bin/sh
# vox review: the participant's booklet holds all of their photos and nothing of anyone
# else's, reads in English or Welsh, passes axe-core and the Nu HTML checker, and prints one
# photo per page (Chromium's print to PDF, counted by pdfinfo).
. tests/cli/lib.sh
plan 35
A11Y="$VOX_TOP/tests/a11y"
C="$T/collection"
export C T

# The collection the library tests make from corpus photos (tests/cli/review-collection):
# P07 with a Welsh caption and its English translation, a caption of markup and a withdrawn
# photo; P08 someone else.
ok "a collection with two participants" "$VOX_BUILD/tests/cli/review-collection" "$C"
mkdir -p "$T/b" "$T/cy"

check "vox review builds P07's booklet and says so on stdout" \
    'vox review -C "$C" -o "$T/b/P07" P07 >"$T/r.out" && cat "$T/r.out" &&
     test "$(cat "$T/r.out")" = "$(printf "P07\t%s\t2" "$T/b/P07")"'
check "the booklet holds the whole booklet, the sheet alone, its style and photos" \
    'for f in index.html sheet.html booklet.css consent.tsv; do test -s "$T/b/P07/$f" || exit 1; done'

check "every photo of P07 is in the booklet, withdrawn ones by ref" \
    'for r in $(sqlite3 "$C/vox.db" "SELECT ref FROM photo p JOIN participant pa ON pa.id = p.participant_id WHERE pa.code = '"'P07'"'"); do
         grep -q "$r" "$T/b/P07/index.html" || { echo "missing $r"; exit 1; }; done'
check "a photo of each live one, none of the withdrawn one" \
    'test "$(ls "$T/b/P07/img" | wc -l)" -eq 2 &&
     for r in $(sqlite3 "$C/vox.db" "SELECT ref FROM photo WHERE audience > 0 AND ref LIKE '"'P07-%'"'"); do
         test -f "$T/b/P07/img/$r.jpg" || exit 1; done'
check "nothing of another participant: no ref, caption text or name" \
    'sqlite3 -separator "
" "$C/vox.db" "SELECT p.ref, c.title, c.story, c.alt, pa.name FROM photo p JOIN participant pa ON pa.id = p.participant_id LEFT JOIN caption c ON c.photo_id = p.id WHERE pa.code = '"'P08'"'" >"$T/other.txt" &&
     test -s "$T/other.txt" &&
     while IFS= read -r w; do [ -z "$w" ] && continue;
         if grep -rqF -- "$w" "$T/b/P07"; then echo "found: $w"; exit 1; fi; done <"$T/other.txt"'
check "the participant's name and file names are in their booklet" \
    'grep -q "Dafydd Jones" "$T/b/P07/index.html" && grep -q "portrait_6.jpg" "$T/b/P07/index.html"'
check "the booklet's photos carry no metadata (exiftool)" \
    'exiftool -a -G1 -s "$T"/b/P07/img/*.jpg >"$T/exif.txt" && grep -q ImageWidth "$T/exif.txt" &&
     ! grep "^\[" "$T/exif.txt" | grep -Ev "^\[(System|File|ExifTool|Composite|JFIF)\]"'
check "a script, a form or a request outside would be found" \
    'echo "<FORM action=\"https://x.example/\">" | grep -Eiq "<script|<form|<input|https?://"'
ok "no script and no request outside the folder" \
    absent -Ei "<script|<form|<input|https?://" "$T"/b/P07/*.html "$T/b/P07/booklet.css"
check "consent.tsv reads back with vox consent --from's parser" \
    'head -1 "$T/b/P07/consent.tsv" | grep -qx "ref	audience	people" && test "$(wc -l <"$T/b/P07/consent.tsv")" -eq 3'

ok "a Welsh booklet" vox review -C "$C" --ui-lang cy -o "$T/cy/P07" P07
check "the Welsh booklet has lang=cy and Welsh interface words" \
    'grep -q "<html lang=\"cy\">" "$T/cy/P07/index.html" &&
     grep -q "Dim ond chi a’r hwylusydd sy’n gallu gweld y llun hwn." "$T/cy/P07/index.html" &&
     grep -q "Taflen ganiatâd" "$T/cy/P07/sheet.html" &&
     ! grep -q "Only you and the facilitator" "$T/cy/P07/index.html"'

ok "axe-core finds nothing in either booklet at 1280 and 320 px" \
    sh -c 'node "$1/check.mjs" axe "$2/b/P07" && node "$1/check.mjs" axe "$2/cy/P07"' - "$A11Y" "$T"
ok "the Nu HTML checker finds no error" \
    java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html \
    "$T/b/P07" "$T/cy/P07"
# Cover, one page per live photo (2), the consent sheet: the standard layout keeps the
# sheet on one page; Easy Read's large rows may take more (tests/cli/0601-review-easy-read.t).
check "printed, the standard booklet is a cover, one page per photo and the sheet" \
    'mkdir -p "$T/bs" && vox review -C "$C" --format standard -o "$T/bs/P07" P07 >/dev/null &&
     chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
         --user-data-dir="$T/chromium" --print-to-pdf="$T/b.pdf" "file://$T/bs/P07/index.html" 2>/dev/null &&
     pages=$(pdfinfo "$T/b.pdf" | sed -n "s/^Pages: *//p") && echo "pages: $pages" && test "$pages" -eq 4'

ok "--zip writes the booklet as a zip too" vox review -C "$C" --zip -o "$T/b/P07" P07
check "the zip holds the booklet under its folder name (Python's zipfile)" \
    'python3 -c "
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
n = sorted(z.namelist())
assert \"P07/index.html\" in n and \"P07/sheet.html\" in n, n
assert all(x.startswith(\"P07/\") for x in n), n
assert sum(x.startswith(\"P07/img/\") for x in n) == 2, n
" "$T/b/P07.zip"'

ok "--all makes one booklet per participant" vox review -C "$C" --all -o "$T/all"
check "each booklet of --all holds only its own photos" \
    'grep -q "P07-01" "$T/all/P07/index.html" && ! grep -q "P08-" "$T/all/P07/index.html" &&
     grep -q "P08-01" "$T/all/P08/index.html" && ! grep -q "P07-" "$T/all/P08/index.html"'

# The sheet comes back ticked; the facilitator types it from the booklet's consent.tsv.
printf 'ref\taudience\tpeople\nP07-01\treport\tconsented\nP07-02\tgroup\tunconsented\n' \
    >"$T/P07-consent.tsv"
ok "vox consent --from records the typed sheet" vox consent -C "$C" --from "$T/P07-consent.tsv"
check "the catalog holds what the sheet says" \
    'test "$(sqlite3 -separator " " "$C/vox.db" "SELECT ref, audience, people FROM photo WHERE ref IN ('"'P07-01', 'P07-02'"') ORDER BY ref" | tr "\n" ";")" = "P07-01 3 1;P07-02 2 2;"'
mkdir -p "$T/b/.P07.tmp-Zz98Yy/img" && echo "Dafydd" >"$T/b/.P07.tmp-Zz98Yy/index.html"
check "a killed build's hidden folder, with its name and photos, is removed by the next" \
    'vox review -C "$C" -o "$T/b/P07" P07 >/dev/null && ! test -e "$T/b/.P07.tmp-Zz98Yy" &&
     test -d "$T/b/P07" && test "$(ls -A "$T/b" | grep -c "^\.")" -eq 0'
check "a rebuilt booklet says so in plain words" \
    'vox review -C "$C" -o "$T/b/P07" P07 >/dev/null &&
     grep -q "It can also go in reports about the project." "$T/b/P07/index.html" &&
     grep -q "Not everyone in this photo agreed." "$T/b/P07/index.html"'
printf 'P07-01\tpublic\nP07-77\tgroup\n' >"$T/bad.tsv"
status "a sheet naming an unknown photo is refused" 1 vox consent -C "$C" --from "$T/bad.tsv"
check "the refusal names the file and line, and nothing changed" \
    'vox consent -C "$C" --from "$T/bad.tsv" 2>&1 | grep -q "bad.tsv.: line 2: .P07-77.: no such photo" &&
     test "$(sqlite3 "$C/vox.db" "SELECT audience FROM photo WHERE ref = '"'P07-01'"'")" -eq 3'
status "--from with photo ids is a usage error" 2 vox consent -C "$C" --from "$T/bad.tsv" P07-01

# The sample workshop: twelve participants, thirty photos (JPEG, PNG, WebP), a Welsh caption.
S="$T/samples"
export S
ok "the sample workshop ingests" sh -c '
    export VOX_COLLECTION="$S" && vox init -q "$S" && vox pair add cornwall &&
    vox site add truro-foodbank --pair cornwall --setting urban --name "Truro Food Bank" &&
    vox site add cornwall-farm --pair cornwall --setting rural --name "Community farm" &&
    vox pair add gloucestershire &&
    vox site add gloucester-refugee-group --pair gloucestershire --setting urban &&
    vox site add stroud-valley-farm --pair gloucestershire --setting rural &&
    vox theme add cooking-together --name "Cooking together" &&
    vox session add 2026-05-12-cornwall-farm --site cornwall-farm --date 2026-05-12 &&
    vox session add 2026-05-19-stroud-valley-farm --site stroud-valley-farm --date 2026-05-19 &&
    vox ingest -q --by-folder -s cornwall-farm -S 2026-05-12-cornwall-farm samples/cornwall &&
    vox ingest -q --by-folder -s stroud-valley-farm -S 2026-05-19-stroud-valley-farm \
        --manifest samples/gloucestershire/captions.csv samples/gloucestershire &&
    vox consent -q --audience group P01-01 P01-02 && vox withdraw -y P01-03'
ok "--all in Welsh makes a booklet for each of the twelve" \
    vox review -C "$S" --all --ui-lang cy -o "$T/sb"
check "each booklet holds all of its participant's photos and nothing of anyone else's" \
    'python3 tests/cli/review-oracle.py "$S" "$T/sb"'
ok "axe-core finds nothing in a booklet with a Welsh caption, PNG and WebP photos" \
    sh -c 'for p in P02 P03 P05; do node "$1/check.mjs" axe "$2/sb/$p" || exit 1; done' - \
    "$A11Y" "$T"
check "printed, P01's booklet is a cover, each live photo from a new page, then the sheet" \
    'chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
         --user-data-dir="$T/chromium" --print-to-pdf="$T/p01.pdf" "file://$T/sb/P01/index.html" 2>/dev/null &&
     pages=$(pdfinfo "$T/p01.pdf" | sed -n "s/^Pages: *//p") && echo "pages: $pages" &&
     test "$pages" -ge 4 && grep -q "P01-03" "$T/sb/P01/index.html" &&
     python3 tests/cli/pdf-pages.py "$T/p01.pdf" "Llun 1 o 2" "Llun 2 o 2" "Taflen ganiatâd"'

status "an unknown participant is refused" 1 vox review -C "$C" -o "$T/x" P7
status "no -o is a usage error" 2 vox review -C "$C" P07
status "an unknown booklet language is a usage error" 2 vox review -C "$C" --ui-lang fr -o "$T/y" P07
done_testing
