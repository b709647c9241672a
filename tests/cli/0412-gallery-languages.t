#!/bin/sh
# The gallery's words and covers: sentences written whole ("An urban site", never "A urban
# site"); a cover photo for every pair and site on the home page, the chosen one only when
# the audience may see it; --ui-lang cy and cy+en (Welsh first, every English run marked
# lang="en"), names in the interface language with the main one marked as such, the
# collection's interface languages as the default, -v listing the Welsh words not yet
# checked; two builds of the same collection are byte-identical; axe and the Nu HTML
# checker find nothing in the bilingual gallery.
. tests/cli/lib.sh
plan 25
A11Y="$VOX_TOP/tests/a11y"
C="$T/c"
export C T A11Y
sh "$A11Y/samples-gallery.sh" "$C" "$T/gallery" >/dev/null 2>&1
export VOX_COLLECTION="$C"
# The samples' photos are all at the farms: one at the food bank (urban) too.
mkdir "$T/fb"
python3 -c 'import sys; sys.stdout.buffer.write(b"P6 64 48 255\n" + bytes(range(64)) * 144)' |
    cjpeg >"$T/fb/urn.jpg"
printf "Title: Tea at the food bank\nAlt: Mugs on a table\n\nTea.\n" >"$T/fb/urn.txt"
vox participant -q add P20 --site truro-foodbank
vox ingest -q -p P20 -s truro-foodbank --consent group --people none "$T/fb" >/dev/null
vox gallery -q -o "$T/en" --audience group 2>/dev/null

# 12: whole sentences.
check "the urban site says 'An urban site in the … pair.', the rural one 'A rural site'" '
grep -q "<p>An urban site in the <a href=\"pair-cornwall.html\">Cornwall twins</a> pair\. " "$T/en/site-truro-foodbank.html" &&
grep -q "<p>A rural site in the <a href=\"pair-cornwall.html\">Cornwall twins</a> pair\. " "$T/en/site-cornwall-farm.html"'
ok "no page says 'A urban'" absent "A urban" "$T/en"

# 15: covers.
first=$(grep -o "class=\"ref\">[^<]*" "$T/en/site-cornwall-farm.html" | head -1 | cut -d">" -f2)
export first
check "the home page shows a cover photo for each pair and each site" '
n=$(grep -c "<a class=\"cover\" href=\"pair-[a-z]*\.html\">" "$T/en/index.html") && test "$n" -eq 2 &&
    test "$(grep -c "<li><a href=\"site-[a-z-]*\.html\"><picture>" "$T/en/index.html")" -eq 3 &&
    grep -A3 "<a class=\"cover\" href=\"pair-cornwall.html\">" "$T/en/index.html" | grep -q "<img" &&
    grep -A2 "href=\"site-cornwall-farm.html\"><picture>" "$T/en/index.html" | grep -q "<img src=\"img/"'
check "by default the farm's cover is its first photo ($first)" '
grep -A4 "<li><a href=\"site-cornwall-farm.html\">" "$T/en/index.html" | grep -q "img/$first-"'
vox consent -q P03-01 --audience group 2>/dev/null
ok "vox site set --cover chooses a photo of the site" vox site -q set cornwall-farm --cover P03-01
ok "vox pair set --cover chooses a photo of the pair" vox pair -q set cornwall --cover P03-01
status "a cover from another site is refused" 1 vox site -q set cornwall-farm --cover P07-01
vox gallery -q -o "$T/cover" --audience group 2>/dev/null
check "the chosen cover is shown for the site and the pair" '
grep -A4 "<li><a href=\"site-cornwall-farm.html\">" "$T/cover/index.html" | grep -q "img/P03-01-" &&
    grep -A3 "<a class=\"cover\" href=\"pair-cornwall.html\">" "$T/cover/index.html" | grep -q "img/P03-01-"'
vox consent -q P03-01 --audience private 2>/dev/null
vox gallery -q -o "$T/private" --audience group 2>/dev/null
check "a chosen cover the audience may not see is never shown: the first allowed photo is" '
! grep -rq "P03-01" "$T/private" &&
    grep -A4 "<li><a href=\"site-cornwall-farm.html\">" "$T/private/index.html" | grep -q "img/$first-"'
vox consent -q P03-01 --audience group 2>/dev/null

# Languages.
vox theme -q set cooking-together --name cy="Coginio gyda'n gilydd"
vox site -q set cornwall-farm --name cy="Fferm gymunedol ger Truro"
ok "vox gallery --ui-lang cy builds" vox gallery -q -o "$T/cy" --audience group --ui-lang cy
check "a Welsh gallery: <html lang=\"cy\">, Welsh words, Welsh names, English names marked lang=\"en\"" '
grep -q "<html lang=\"cy\">" "$T/cy/index.html" && grep -q ">Hafan</a>" "$T/cy/index.html" &&
    grep -q "Safle gwledig yn y pâr" "$T/cy/site-cornwall-farm.html" &&
    grep -q ">Fferm gymunedol ger Truro<" "$T/cy/index.html" &&
    grep -q "Coginio gyda&#39;n gilydd\|Coginio gyda&apos;n gilydd\|Coginio gyda.n gilydd" "$T/cy/index.html" &&
    grep -q "<span lang=\"en\">Truro Food Bank</span>" "$T/cy/index.html" &&
    ! grep -q ">Home<" "$T/cy/index.html"'
ok "vox gallery --ui-lang cy+en builds" vox gallery -q -o "$T/cyen" --audience group --ui-lang cy+en
check "bilingual: Welsh first, the English after it in a span with lang=\"en\", on every page" '
for f in "$T/cyen"/*.html; do
	grep -q "<html lang=\"cy\">" "$f" &&
	    grep -q "<a href=\"index.html\">Hafan<span class=\"ui2\" lang=\"en\"> / Home</span></a>" "$f" &&
	    grep -q "Neidio i.r cynnwys<span class=\"ui2\" lang=\"en\"> / Skip to content</span>" "$f" ||
	    { echo "$f"; exit 1; }
done
grep -q "Safle gwledig yn y pâr .*<span class=\"ui2\" lang=\"en\"> / A rural site in the " "$T/cyen/site-cornwall-farm.html"'
check "bilingual: no English interface word is left outside a lang=\"en\" span on the index" '
sed "s/<span class=\"ui2\" lang=\"en\">[^<]*\(<[^/][^>]*>[^<]*<\/[a-z]*>[^<]*\)*<\/span>//g" "$T/cyen/index.html" >"$T/stripped" &&
    grep -q "Hafan" "$T/stripped" &&
    ! grep -Eq ">(Home|All stories|Pairs|Themes)<|Shared with the workshop|Read every story" "$T/stripped"'
check "-v lists the Welsh words the gallery used that a Welsh speaker has not yet checked" '
vox gallery -v -o "$T/cyen" --audience group --ui-lang cy+en 2>"$T/v" &&
    grep -q "not yet checked by a speaker: cy g-home: Hafan" "$T/v" &&
    ! grep -q "not yet checked by a speaker: en " "$T/v" &&
    vox gallery -v -o "$T/en" --audience group --ui-lang en 2>"$T/v2" && ! grep -q "not yet checked" "$T/v2"'
status "an interface language without words is a usage error" 2 \
    vox gallery -q -o "$T/pl" --audience group --ui-lang pl
ok "the collection's interface languages change with vox init --ui-lang" vox init -q --ui-lang cy+en "$C"
check "without --ui-lang, the gallery speaks the collection's interface languages" '
vox gallery -q -o "$T/default" --audience group && grep -q "<html lang=\"cy\">" "$T/default/index.html" &&
    grep -q "lang=\"en\"> / Home</span>" "$T/default/index.html"'
check "two builds of the same collection are byte-identical" '
vox gallery -q -o "$T/again" --audience group && diff -r "$T/default" "$T/again"'
check "renaming a theme keeps its Welsh name" '
vox theme -q rename cooking-together cooking --name en="Cooking together" &&
    vox gallery -q -o "$T/renamed" --audience group --ui-lang cy &&
    grep -q "theme-cooking.html\">Coginio" "$T/renamed/index.html"'
check "a Welsh booklet names the theme in Welsh too" '
vox review -q --ui-lang cy -o "$T/bk" P07 && grep -q "Coginio gyda" "$T/bk/index.html" &&
    vox review -q --ui-lang en -o "$T/bk-en" P07 && ! grep -q "Coginio gyda" "$T/bk-en/index.html" &&
    grep -q "Cooking together" "$T/bk-en/index.html"'
ok "vox prompts --lang cy gives a question its Welsh words" \
    vox prompts -q --lang cy set see "Beth welwch chi yma, yn eich geiriau chi?"
check "the Welsh gallery asks the Welsh question; the English one still the collection's" '
vox gallery -q -o "$T/q" --audience group --ui-lang cy+en &&
    grep -q "<dt>Beth welwch chi yma, yn eich geiriau chi?<span class=\"ui2\" lang=\"en\"> / What do you See here?</span></dt>" "$T/q/photo-P01-01.html"'
ok "axe finds nothing in the bilingual gallery" node "$A11Y/check.mjs" axe "$T/default"
ok "the Nu HTML checker finds nothing in the bilingual gallery" \
    java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$T/default"
done_testing
