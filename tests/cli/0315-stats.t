#!/bin/sh
# vox stats: photos, captioned, with alt text and by consent level, overall and by group.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 6
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" title=T alt=A consent=group theme=community >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" story=S consent=report people=none theme=community theme=food-and-growing >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" >/dev/null
catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" title=W >/dev/null
vox withdraw -q P03-01 >/dev/null
check "overall: 3 photos, 2 captioned, 1 with alt, by level, 1 withdrawn" \
	"vox stats | tail -1 | grep -qx 'all	3	2	1	1	1	1	0	2	1'"
check "the header names the columns" "vox stats | head -1 | grep -q '^all	photos	captioned	with_alt'"
check "--by site" "vox stats --by site | grep -qx 'truro-foodbank	2	2	1	0	1	1	0	1	0'"
check "--by theme counts a photo once in each of its themes" \
	"vox stats --by theme | grep -qx 'community	2	2	1	0	1	1	0	1	0' && vox stats --by theme | grep -q '^food-and-growing	1'"
check "--by pair --json is JSON Lines" \
	"vox stats --by pair --json | python3 -c 'import json,sys; r={j[\"pair\"]:j for j in map(json.loads, sys.stdin)}; assert r[\"cornwall\"][\"photos\"]==3 and r[\"wales\"][\"withdrawn\"]==1, r'"
status "an unknown grouping is a usage error" 2 vox stats --by colour
done_testing
