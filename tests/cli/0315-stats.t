#!/bin/sh
# vox stats: photos, participants, sessions, captions and consent, overall, by one or two
# groupings (a cross-table) and for any selection vox ls makes; an audience's column counts
# what an output for it would hold, the recorded levels are columns of their own.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 20
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" title=T alt=A consent=group theme=community session=2026-05-12-truro >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" story=S consent=report people=none theme=community theme=food-and-growing session=2026-05-12-truro >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" >/dev/null
catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" title=W >/dev/null
catalog-add "$T/c" P05 cornwall-farm "$T/p5.jpg" title=Gate consent=public people=none theme=food-and-growing session=2026-06-02-farm >/dev/null
catalog-add "$T/c" P08 truro-foodbank "$T/p6.jpg" consent=public people=consented theme=community session=2026-06-02-farm >/dev/null
vox consent -q P08-01 --sensitive yes >/dev/null 2>&1
vox withdraw -y -q P03-01 >/dev/null

# Every figure is read from --json by name; the expectations are counted by hand above and,
# for the audiences, by vox ls (the catalog's SQL copy of the consent rule) below.
cat >"$T/field" <<'SH'
#!/bin/sh
# field FIELD [stats options...]: FIELD of the one row vox stats --json prints
f=$1; shift
vox stats --json "$@" | python3 -c "import json,sys; r=[json.loads(l) for l in sys.stdin]; assert len(r)==1, r; print(r[0]['$f'])"
SH
chmod +x "$T/field"
check "overall: 5 photos of 4 participants in 2 sessions, 1 withdrawn" \
	'[ "$(field photos)" = 5 ] && [ "$(field participants)" = 4 ] && [ "$(field sessions)" = 2 ] && [ "$(field withdrawn)" = 1 ]'
check "captioned and alt text" '[ "$(field captioned)" = 3 ] && [ "$(field with_alt)" = 1 ]'
check "recorded levels are their own columns" \
	'[ "$(field recorded_private)" = 1 ] && [ "$(field recorded_group)" = 1 ] && [ "$(field recorded_report)" = 1 ] && [ "$(field recorded_public)" = 2 ]'
check "report counts the public photos too (what a report archive holds): 3, recorded report 1" \
	'[ "$(field report)" = 3 ]'
check "public leaves the sensitive photo out" '[ "$(field public)" = 1 ]'
for a in group report public; do
	check "the $a column equals what vox ls --audience $a selects" \
		"[ \"\$(field $a)\" = \"\$(vox ls --audience $a | wc -l)\" ]"
done
check "filters are vox ls's: --site" \
	'[ "$(field photos --site truro-foodbank)" = 3 ] && [ "$(field participants --site truro-foodbank)" = 2 ]'
check "--theme, --session and --audience together" \
	'[ "$(field photos --theme community --session 2026-05-12-truro --audience report)" = 1 ]'
status "an unknown site in a filter is a usage error naming it" 2 vox stats --site nowhere
check "... and the message names it" "vox stats --site nowhere 2>&1 | grep -q \"'nowhere'\""

# Groupings.
check "--by setting splits urban and rural" \
	"vox stats --by setting --json | python3 -c 'import json,sys; r={j[\"setting\"]:j for j in map(json.loads, sys.stdin)}; assert r[\"urban\"][\"photos\"]==3 and r[\"rural\"][\"photos\"]==2 and r[\"urban\"][\"withdrawn\"]==1, r'"
check "--by theme,setting: long rows, one per pair of values, a photo once in each theme" \
	"vox stats --by theme,setting --json | python3 -c 'import json,sys; r={(j[\"theme\"],j[\"setting\"]):j for j in map(json.loads, sys.stdin)}; assert r[(\"community\",\"urban\")][\"photos\"]==3 and r[(\"food-and-growing\",\"urban\")][\"photos\"]==1 and r[(\"food-and-growing\",\"rural\")][\"photos\"]==1 and r[(\"(none)\",\"rural\")][\"photos\"]==1, r'"
vox stats --by theme,setting >"$T/cross"
check "the table of two groupings is a cross-table, totals counted not summed" \
	"grep -q '^theme \\\\ setting: photos  *rural  *urban  *all\$' '$T/cross' &&
	 grep -Eq '^community  +0  +3  +3\$' '$T/cross' && grep -Eq '^all  +2  +3  +5\$' '$T/cross'"
check "--count fills the cross-table with another column" \
	"vox stats --by setting,pair --count report | grep -Eq '^urban  +2  +0  +2\$'"
check "--csv: a header and RFC 4180 rows Python's csv reads" \
	"vox stats --by pair,site --csv | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); d={(x[\"pair\"],x[\"site\"]):x for x in r}; assert d[(\"wales\",\"cardiff-refugees\")][\"withdrawn\"]==\"1\" and d[(\"cornwall\",\"truro-foodbank\")][\"report\"]==\"2\", r'"
check "the aligned table: a header and one row per group, columns lined up" \
	"vox stats --by participant >'$T/t' && head -1 '$T/t' | grep -q '^participant  photos  participants  sessions' &&
	 [ \$(awk '{ print index(\$0, \"photos\") ? index(\$0, \"photos\") + 5 : 0 }' '$T/t' | head -1) -gt 0 ] &&
	 [ \$(awk '{ print length }' '$T/t' | sort -u | wc -l) = 1 ]"
status "an unknown grouping is a usage error" 2 vox stats --by colour
status "three groupings are a usage error" 2 vox stats --by theme,site,pair
done_testing
