#!/bin/sh
# The gallery in a real browser: axe-core on every page finds no WCAG 2.2 A/AA violation (at
# 1280 and 320 px, light and dark), nothing scrolls sideways at 320 px, the Nu HTML checker
# finds no error, a keyboard walk (Tab and Enter, a visible focus outline at every stop) goes
# from the index to a photo and on to the next one, and photo pages print on one sheet.
# Pages load from file://.
. tests/cli/lib.sh
plan 9
A11Y="$VOX_TOP/tests/a11y"
G="$T/gallery"
PAGE_REFS='<script|https?://|//[a-z0-9.-]+\.[a-z]{2,}/'
export G PAGE_REFS T

if [ -d "$VOX_TOP/samples/cornwall" ] && [ -x "$VOX_BIN/vox-ingest" ]; then
	ok "the samples gallery builds" sh "$A11Y/samples-gallery.sh" "$T/collection" "$G"
	# The samples' own file names (IMG_0101.jpg, DSC_0701.jpg).
	SOURCES='(IMG|DSC)_[0-9]{4}'
	export SOURCES
	ls -R "$VOX_TOP/samples" >"$T/sources"
else
	# Without the samples: the rich gallery the library tests build from corpus photos
	# (two sites, a Welsh caption with its translation, a caption of markup, no alt text).
	ok "a rich gallery builds" "$VOX_BUILD/tests/cli/rich-gallery" "$G"
	# Its photos' source name and the corpus files it reads.
	SOURCES='SECRETFILE|DSCN[0-9]{4}|jolla'
	export SOURCES
	echo "IMG_SECRETFILE_4242.JPG DSCN0010.jpg jolla.jpg" >"$T/sources"
fi
check "the gallery has pages of every kind" \
    'for p in index stories; do test -f "$G/$p.html" || exit 1; done;
     for k in pair site theme photo; do ls "$G"/$k-*.html >/dev/null || exit 1; done'
check "the source file names are there to be found, the pages' scripts and links too" \
    'grep -qE "$SOURCES" "$T/sources" &&
     echo "<SCRIPT src=\"https://cdn.example.org/a.js\"> //example.org/x" | grep -Eiq "$PAGE_REFS"'
ok "no source file name appears in any file" absent -E "$SOURCES" "$G"
ok "no page has a script or an external reference" \
    absent -Ei "$PAGE_REFS" "$G"/*.html "$G"/style.css
ok "axe-core finds no violation on any page (and at 320 px and dark on one of each kind)" \
    node "$A11Y/check.mjs" axe "$G"
ok "the Nu HTML checker finds no error" \
    java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$G"
ok "Tab and Enter alone go from the index to a photo and to the next photo" \
    node "$A11Y/check.mjs" keys "$G"
ok "printed, each photo page is one sheet with its ref and without navigation" \
    node "$A11Y/check.mjs" print "$G"
done_testing
