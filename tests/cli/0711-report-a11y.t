#!/bin/sh
# The report in a real browser: axe-core finds no WCAG 2.2 A/AA violation at 1280 and
# 320 px (where nothing may scroll sideways), the Nu HTML checker finds no error, and
# printed on A4 nothing is wider than the paper. Built from the sample workshop (four
# sites, ingested photos with their scrub records), its photos consented for reports.
. tests/cli/lib.sh
plan 8
A11Y="$VOX_TOP/tests/a11y"
R="$T/report"
export R T A11Y
ok "the samples collection builds" sh "$A11Y/samples-gallery.sh" "$T/collection" "$T/gallery"
export VOX_COLLECTION="$T/collection"
vox ls | vox consent -q --audience report --people consented
vox ls | head -3 | vox consent -q --audience group
ok "vox report builds the samples' report" vox report -q -o "$R" --audience report
ok "its figures equal vox stats --json" "$VOX_TOP/tests/cli/report-figures.py" "$R" --audience report
# The samples' own file names (IMG_0101.jpg, DSC_0701.jpg).
check "the samples' file names are there to be found" \
	'ls -R "$VOX_TOP/samples" | grep -Eq "(IMG|DSC)_[0-9]{4}"'
ok "no source file name appears in any file of the report" absent -E '(IMG|DSC)_[0-9]{4}' "$R"
ok "axe-core finds no violation at 1280 px and 320 px, nothing scrolls sideways" \
	node "$A11Y/check.mjs" axe "$R"
ok "the Nu HTML checker finds no error" \
	java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$R"
mkdir "$T/wide" && printf '<!DOCTYPE html><html lang="en"><title>w</title><table><tr><td style="min-width:1200px">x</td></tr></table></html>\n' >"$T/wide/index.html"
check "printed on A4, nothing is wider than the paper (and a page that is, is found)" \
	'node "$A11Y/check.mjs" fit "$R" && ! node "$A11Y/check.mjs" fit "$T/wide" 2>/dev/null'
