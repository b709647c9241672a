#!/bin/sh
# The gallery in a real browser: axe-core on every page finds no WCAG 2.2 A/AA violation (at
# 1280 and 320 px, light and dark), nothing scrolls sideways at 320 px, the Nu HTML checker
# finds no error, a keyboard walk (Tab and Enter, a visible focus outline at every stop) goes
# from the index to a photo and on to the next one, and photo pages print on one sheet.
# Pages load from file://.
. tests/cli/lib.sh
plan 8
A11Y="$VOX_TOP/tests/a11y"
G="$T/gallery"
export G

if [ -d "$VOX_TOP/samples/cornwall" ] && [ -x "$VOX_BIN/vox-ingest" ]; then
	ok "the samples gallery builds" sh "$A11Y/samples-gallery.sh" "$T/collection" "$G"
else
	# Without the samples: the rich gallery the library tests build from corpus photos
	# (two sites, a Welsh caption with its translation, a caption of markup, no alt text).
	ok "a rich gallery builds" "$VOX_BUILD/tests/cli/rich-gallery" "$G"
fi
check "the gallery has pages of every kind" \
    'for p in index stories; do test -f "$G/$p.html" || exit 1; done;
     for k in pair site theme photo; do ls "$G"/$k-*.html >/dev/null || exit 1; done'
check "no source file name (IMG_0101.jpg, DSC_0701.jpg) appears in any file" \
    '! grep -rqE "(IMG|DSC)_[0-9]{4}" "$G"'
check "no page has a script or an external reference" \
    '! grep -Eil "<script|https?://|//[a-z0-9.-]+\.[a-z]{2,}/" "$G"/*.html "$G"/style.css'
ok "axe-core finds no violation on any page (and at 320 px and dark on one of each kind)" \
    node "$A11Y/check.mjs" axe "$G"
ok "the Nu HTML checker finds no error" \
    java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$G"
ok "Tab and Enter alone go from the index to a photo and to the next photo" \
    node "$A11Y/check.mjs" keys "$G"
ok "printed, each photo page is one sheet with its ref and without navigation" \
    node "$A11Y/check.mjs" print "$G"
done_testing
