#!/bin/sh
# vox gallery splits listings into pages of at most 60 photos: a site with 130 photos has
# 3 pages linked by a numbered <nav aria-label="Pages">, titled "(page 2 of 3)", the
# current one marked aria-current; so do its pair and a theme holding them all. Every
# photo is reachable from the pages, every link is relative and resolves, each photo's
# page links back to the page of its site that shows it, prev/next photo links are as
# before, and the page of every story stays one page.
. tests/cli/lib.sh
plan 13
C="$T/c" G="$T/g"
export C G T
mkdir "$T/photos"
python3 - "$T/photos" <<'PY'
import random, subprocess, sys
for i in range(1, 131):
    random.seed(i)
    ppm = "%s/p.ppm" % sys.argv[1]
    with open(ppm, "wb") as f:
        f.write(b"P6 40 30 255\n" + bytes(random.randrange(256) for _ in range(40 * 30 * 3)))
    with open("%s/photo-%03d.jpg" % (sys.argv[1], i), "wb") as f:
        f.write(subprocess.run(["cjpeg", ppm], check=True, capture_output=True).stdout)
    with open("%s/photo-%03d.txt" % (sys.argv[1], i), "w") as f:
        f.write("Title: Photo number %d\nAlt: Coloured noise, number %d\n\nStory %d.\n" % (i, i, i))
PY
rm -f "$T/photos/p.ppm"
vox init -q --title Pages "$C" && vox pair -q -C "$C" add p &&
    vox site -q -C "$C" add big --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site big &&
    vox ingest -q -C "$C" -p P01 -s big --consent group --people none "$T/photos" >/dev/null &&
    vox ls -C "$C" | vox tag -q -C "$C" +community
ok "a gallery of 130 photos in one site builds" vox gallery -q -C "$C" -o "$G" --audience group
check "the site, its pair and the theme each have 3 pages, no 4th" '
for l in site-big pair-p theme-community; do
	test -f "$G/$l.html" && test -f "$G/$l~2.html" && test -f "$G/$l~3.html" &&
	    ! test -e "$G/$l~4.html" || exit 1
done'
check "no page shows more than 60 photos; the pages show 60, 60 and 10" '
for f in "$G"/*.html; do
	n=$(grep -c "<li class=\"card\">" "$f"); test "$n" -le 60 || { echo "$f: $n"; exit 1; }
done
test "$(grep -c "<li class=\"card\">" "$G/site-big.html" "$G/site-big~2.html" "$G/site-big~3.html" |
    cut -d: -f2 | tr "\n" " ")" = "60 60 10 "'
check "every photo is reachable from the pages of its site, once" '
cat "$G"/site-big*.html | grep -o "<a href=\"photo-[^\"]*\"" | sort >"$T/linked"
test $(wc -l <"$T/linked") -eq 130 && test $(sort -u "$T/linked" | wc -l) -eq 130 &&
test $(ls "$G"/photo-*.html | wc -l) -eq 130'
check "page titles and headings say which page of how many" '
grep -q "<title>big (page 2 of 3)" "$G/site-big~2.html" &&
grep -Eq "<h1>[^<]* \(page 3 of 3\)</h1>" "$G/site-big~3.html" &&
grep -Eq "<h1>[^<]* \(page 1 of 3\)</h1>" "$G/theme-community.html"'
check "a numbered nav labelled Pages links every page; the current one is aria-current" '
f="$G/site-big~2.html"
grep -q "<nav class=\"pages\" aria-label=\"Pages\">" "$f" &&
grep -q "<a aria-current=\"page\">2</a>" "$f" &&
grep -q "<a href=\"site-big.html\" aria-label=\"Page 1\">1</a>" "$f" &&
grep -q "<a href=\"site-big~3.html\" aria-label=\"Page 3\">3</a>" "$f" &&
grep -q "<a href=\"site-big.html\" rel=\"prev\">" "$f" && grep -q "<a href=\"site-big~3.html\" rel=\"next\">" "$f" &&
test $(grep -c "aria-current" "$f") -eq 1'
check "every link and image source in every page is relative and resolves inside the gallery" 'python3 tests/cli/links.py "$G"'
check "a photo on the second page of its site links back to that page" '
f=$(grep -o "<a href=\"photo-[^\"]*\"" "$G/site-big~2.html" | head -n 1 | cut -d\" -f2)
grep -q "href=\"site-big~2.html\"" "$G/$f" && grep -q "href=\"pair-p~2.html\"" "$G/$f" &&
f1=$(grep -o "<a href=\"photo-[^\"]*\"" "$G/site-big.html" | head -n 1 | cut -d\" -f2) &&
grep -q "href=\"site-big.html\"" "$G/$f1"'
check "prev and next photo links still walk every photo" '
n=0 f=$(grep -o "<a href=\"photo-[^\"]*\"" "$G/site-big.html" | head -n 1 | cut -d\" -f2)
while [ -n "$f" ] && [ $n -lt 200 ]; do
	n=$((n + 1))
	f=$(grep -o "<a [^>]*rel=\"next\"[^>]*>" "$G/$f" | grep -o "href=\"photo-[^\"]*\"" | cut -d\" -f2)
done
test $n -eq 130'
check "the page of every story stays one page and holds all 130" '
test $(grep -o "Story [0-9]*\." "$G/stories.html" | sort -u | wc -l) -eq 130 &&
! ls "$G"/stories~* 2>/dev/null | grep .'
check "pages that are not listings have no page navigation" '
grep -q "aria-label=\"Pages\"" "$G/site-big.html" &&
! grep -l "aria-label=\"Pages\"" "$G/index.html" "$G/stories.html" "$G"/photo-*.html | grep .'
# The browser checks on the listing pages (with the index and the stylesheet; the photo
# pages are as before and 0410-gallery-a11y.t checks them).
mkdir "$T/lists" && cp -R "$G/img" "$G/style.css" "$G"/site-* "$G"/pair-* "$G"/theme-* \
    "$G/index.html" "$T/lists"
ok "the Nu HTML checker finds no error in the listing pages" \
    java -jar "$VOX_TOP/tests/a11y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
    --skip-non-html "$T/lists"
ok "axe-core finds no violation on the listing pages" \
    node "$VOX_TOP/tests/a11y/check.mjs" axe "$T/lists"
done_testing
