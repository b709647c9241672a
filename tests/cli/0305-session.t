#!/bin/sh
# vox session: workshop days at a site; the date comes from the name when it starts with one.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 6
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
ok "vox session add takes a site" vox session add 2026-05-12-truro --site truro-foodbank
check "the date is taken from the name" "vox session ls | grep -qx '2026-05-12-truro	truro-foodbank	2026-05-12'"
status "an impossible date is refused" 1 vox session add day-two --date 2026-02-30
ok "an explicit date is kept" vox session add farm-visit --site cornwall-farm --date 2026-06-01
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" session=2026-05-12-truro >/dev/null
status "rm refuses a session photos use" 1 vox session rm 2026-05-12-truro
check "vox ls --session selects the day's photos" "[ \"\$(vox ls --session 2026-05-12-truro | wc -l)\" -eq 1 ]"
done_testing
