#!/bin/sh
# vox review's Easy Read booklet (the default): printed text of 16 pt or more, a pictogram
# beside each consent choice, a consent sheet with photos 40 mm wide and 10 mm tick boxes,
# a cover with the participant's own name, site and one photo; --format standard keeps the
# denser layout. Chromium computes the printed sizes; axe-core and the Nu checker read it.
. tests/cli/lib.sh
plan 22
A11Y="$VOX_TOP/tests/a11y"
C="$T/collection"
export C T A11Y

ok "a collection with two participants" "$VOX_BUILD/tests/cli/review-collection" "$C"
mkdir -p "$T/e" "$T/s" "$T/cy"
ok "vox review makes an Easy Read booklet by default" vox review -C "$C" -o "$T/e/P07" P07
ok "and the standard one with --format standard" \
    vox review -C "$C" --format standard -o "$T/s/P07" P07

check "the cover carries the participant's own name, their site and one of their photos" \
    'grep -q "<h1 id=\"cover-h\">Photos by Dafydd Jones</h1>" "$T/e/P07/index.html" &&
     grep -q "<p>Your group: Truro Food Bank</p>" "$T/e/P07/index.html" &&
     grep -q "<figure class=\"cover-photo\"><img src=\"img/P07-0[0-9].jpg\" alt=\"[^\"]" "$T/e/P07/index.html"'
check "the sheet's six choices each have a pictogram beside their words" \
    'for f in index.html sheet.html; do
         n=$(grep -o "<th scope=\"col\"><svg class=\"pict pict-[0-5]\"" "$T/e/P07/$f" | sort -u | wc -l)
         test "$n" -eq 6 || { echo "$f: $n"; exit 1; }; done'
check "each photo's consent has its pictogram beside its words" \
    'test "$(grep -c "<p class=\"choice\"><svg class=\"pict pict-0\"[^>]*>.*</svg><span>Only you and the facilitator" "$T/e/P07/index.html")" -eq 2'
check "pictograms are hidden from screen readers, since their words are beside them" \
    '! grep -o "<svg[^>]*>" "$T/e/P07/index.html" | grep -v "aria-hidden=\"true\""'
check "printed (Chromium), the standard booklet has text under 16 pt: the oracle can fail" \
    '! node "$A11Y/check.mjs" booklet "$T/s/P07" 16 && ! grep -q "<svg" "$T/s/P07/index.html" &&
     grep -q "<h1 id=\"cover-h\">Your photos</h1>" "$T/s/P07/index.html"'
check "printed (Chromium), Easy Read text is 16 pt or more, sheet photos 40 mm, tick boxes 10 mm" \
    'node "$A11Y/check.mjs" booklet "$T/e/P07" 16 >"$T/pages"'
check "printed to PDF: the cover, each photo from a page of its own, then the sheet" \
    'chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
         --user-data-dir="$T/chromium" --print-to-pdf="$T/e.pdf" "file://$T/e/P07/index.html" 2>/dev/null &&
     python3 tests/cli/pdf-pages.py "$T/e.pdf" "Photo 1 of 2" "Photo 2 of 2" "Consent sheet"'
ok "axe-core finds nothing at 1280 and 320 px" node "$A11Y/check.mjs" axe "$T/e/P07"
ok "the Nu HTML checker finds no error" \
    java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$T/e/P07"

ok "a Welsh Easy Read booklet" vox review -C "$C" --ui-lang cy -o "$T/cy/P07" P07
check "its cover names the participant in Welsh words" \
    'grep -q "<h1 id=\"cover-h\">Lluniau gan Dafydd Jones</h1>" "$T/cy/P07/index.html"'

check "a name with no Welsh yet is the main one, marked as English for screen readers" \
    'grep -q "<p>Eich grŵp: <span lang=\"en\">Truro Food Bank</span></p>" "$T/cy/P07/index.html" &&
     grep -q "<dd><span lang=\"en\">Truro Food Bank</span></dd>" "$T/cy/P07/index.html"'
ok "the site is given a Welsh name" vox site -q -C "$C" set truro-foodbank --name cy="Banc Bwyd Truro"
ok "the collection's interface is made Welsh first" vox init -q --ui-lang cy+en "$C"
ok "a booklet without --ui-lang" vox review -C "$C" -o "$T/cy/P07-default" P07
check "is Welsh, the collection's first interface language, with the site's Welsh name" \
    'grep -q "<html lang=\"cy\">" "$T/cy/P07-default/index.html" &&
     grep -q "<h1 id=\"cover-h\">Lluniau gan Dafydd Jones</h1>" "$T/cy/P07-default/index.html" &&
     grep -q "<p>Eich grŵp: Banc Bwyd Truro</p>" "$T/cy/P07-default/index.html" &&
     ! grep -q "Truro Food Bank" "$T/cy/P07-default/index.html"'
vox init -q --ui-lang en "$C"

vox participant -C "$C" add P09 --site truro-foodbank 2>/dev/null
ok "a participant with no name recorded" vox review -C "$C" -o "$T/e/P09" P09
check "gets the plain title and no cover photo" \
    'grep -q "<h1 id=\"cover-h\">Your photos</h1>" "$T/e/P09/index.html" &&
     ! grep -q "cover-photo" "$T/e/P09/index.html"'

# The sheet comes back ticked and is typed in as before.
check "what the Easy Read sheet asks is typed back with vox consent --from" \
    'printf "Photo ref,Consent,People in the photo\nP07-01,group,consented\n" >"$T/typed.csv" &&
     vox consent -C "$C" --from "$T/typed.csv" &&
     test "$(sqlite3 "$C/vox.db" "SELECT audience || people FROM photo WHERE ref = '"'P07-01'"'")" = 21'
done_testing
