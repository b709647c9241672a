#!/bin/sh
# The whole pipeline on the sample workshop (samples/README.txt): what a facilitator does
# at the start of a project and after each workshop day. Run by `make demo`; it builds a
# fresh collection under build/demo/ each time and says where everything is.
set -eu
: "${VOX_BIN:?run through make demo (VOX_BIN: the folder of the built tools)}"
PATH="$VOX_BIN:$PATH"
top=$(cd "$(dirname "$0")/.." && pwd)
demo=${VOX_DEMO_DIR:-build/demo}    # relative to the top of the repository
case $demo in /*) ;; *) demo=$top/$demo ;; esac
coll=$demo/collection
unset VOX_COLLECTION

say() { printf '\n== %s\n' "$*"; }
# Shows the command as one would type it, then runs it.
run() {
	printf '$'
	for a; do
		case $a in
		*[!A-Za-z0-9_./:=+-]*) printf " '%s'" "$a" ;;
		*) printf ' %s' "$a" ;;
		esac
	done
	printf '\n'
	"$@"
}

rm -rf "$demo"
mkdir -p "$demo"
cd "$top"       # so that the samples are named as samples/...

say "The photos as they come off the phones: what would leak if they were shared"
run vox audit samples/cornwall/P01/IMG_0102.jpg || true
printf '$ vox audit samples\n'
vox audit -q samples >"$demo/audit-samples.txt" || true
printf '%s findings in %s files (the full list: $demo/audit-samples.txt)\n' \
	"$(wc -l <"$demo/audit-samples.txt" | tr -d ' ')" \
	"$(cut -f1 "$demo/audit-samples.txt" | sort -u | wc -l | tr -d ' ')"

say "Setting up the project, once"
run vox init --title "Twinning photovoice: Cornwall and Gloucestershire" "$coll"
# The other tools find it through VOX_COLLECTION (or cd into it, or give -C DIR).
VOX_COLLECTION=$(cd "$coll" && pwd)
export VOX_COLLECTION
run vox pair add cornwall --name "Cornwall twins"
run vox site add truro-foodbank --pair cornwall --setting urban --name "Truro Food Bank"
run vox site add cornwall-farm --pair cornwall --setting rural --name "Community farm near Truro"
run vox pair add gloucestershire --name "Gloucestershire twins"
run vox site add gloucester-refugee-group --pair gloucestershire --setting urban \
	--name "Gloucester refugee group"
run vox site add stroud-valley-farm --pair gloucestershire --setting rural \
	--name "Stroud Valley farm"
run vox theme add cooking-together --name "Cooking together"
run vox session add 2026-05-12-cornwall-farm --site cornwall-farm --date 2026-05-12
run vox session add 2026-05-19-stroud-valley-farm --site stroud-valley-farm --date 2026-05-19

say "Day one: a folder per participant, captions in sidecar files"
run vox ingest --by-folder -s cornwall-farm -S 2026-05-12-cornwall-farm samples/cornwall

say "Day two: captions typed into a spreadsheet, saved as CSV"
run vox ingest --by-folder -s stroud-valley-farm -S 2026-05-19-stroud-valley-farm \
	--manifest samples/gloucestershire/captions.csv samples/gloucestershire

say "A Welsh caption, with its English translation beside it"
run vox show P03-01

say "What still needs attention"
printf '$ vox ls --uncaptioned -l\n'
vox ls --uncaptioned -l
printf '$ vox ls --no-alt | wc -l\n'
vox ls --no-alt | wc -l

say "Curating: themes and consent from the next session's sheet"
printf '$ vox ls --participant P03 | vox tag +confidence-in-new-places\n'
vox ls --participant P03 | vox tag +confidence-in-new-places
printf '$ vox consent --audience group $(vox ls --session 2026-05-12-cornwall-farm)\n'
vox consent --audience group $(vox ls --session 2026-05-12-cornwall-farm)
run vox consent --audience report --people none P01-01 P03-01 P05-01
run vox consent --audience public --people none P03-02

say "The stored photos carry nothing identifying"
run vox audit "$coll/store"
run vox check

say "The figures an evaluator quotes"
run vox stats
run vox stats --by site
run vox stats --by theme,setting

say "A gallery for the group, to open from a USB stick"
gallery=$demo/gallery
run vox gallery -o "$gallery" --audience group

say "An archive for the report: photos, captions.csv and the consent record"
archive=$demo/report.zip
run vox archive -o "$archive" --audience report
run vox archive --verify "$archive"
run vox audit "$archive"

say "P03's own booklet, in Welsh: every photo and word kept about them, and a consent sheet"
booklet=$demo/booklets/P03
mkdir -p "$demo/booklets"
run vox review P03 --ui-lang cy -o "$booklet"

say "Done"
echo "collection: $VOX_COLLECTION"
echo "gallery:    $gallery/index.html (open it in a browser; it works from a USB stick)"
echo "archive:    $archive"
echo "booklet:    $booklet/index.html"
# A line to paste into a new terminal, where the built tools are not on PATH yet.
bin=$(cd "$VOX_BIN" && pwd)
echo "Try (paste into a terminal):"
echo "    export PATH=\"$bin:\$PATH\"; cd \"$VOX_COLLECTION\" && vox ls -l && vox show P03-01"
