#!/bin/sh
# vox tag: +theme and -theme on ids from arguments or stdin; unknown themes refused with
# the nearest name, before anything changes.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 8
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" >/dev/null
ok "vox ls | vox tag adds a theme to each photo listed" sh -c 'vox ls --site truro-foodbank | vox tag +food-and-growing'
check "both truro photos carry it" "[ \"\$(vox ls --theme food-and-growing | wc -l)\" -eq 2 ]"
ok "several changes at once, by ref" vox tag +community -food-and-growing P07-01
check "themes are kept in the order given" "vox tag +feeling-welcome P07-01 && vox show --json P07-01 | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"themes\"]==[\"community\",\"feeling-welcome\"]'"
status "an unknown theme is a usage error" 2 vox tag +feeling-welcom P07-02
check "the error suggests the nearest theme" "vox tag +feeling-welcom P07-02 2>&1 | grep -q \"did you mean 'feeling-welcome'\""
status "an unknown photo is refused, the others tagged" 1 vox tag +community P07-02 P07-77
check "the known photo was tagged" "vox show --json P07-02 | grep -q community"
done_testing
