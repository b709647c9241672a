#!/bin/sh
# vox pair declares twinning pairs: add, ls (tab-separated and JSON), rm refusing a pair
# still in use, rename.
. tests/cli/lib.sh
plan 10
vox init -q "$T/c"
export VOX_COLLECTION="$T/c"
ok "vox pair add declares a pair" vox pair add cornwall --name "Cornwall & Devon"
ok "a second pair" vox pair add wales
check "vox pair ls prints one tab-separated line per pair, sorted" \
	"[ \"\$(vox pair ls)\" = \"\$(printf 'cornwall\tCornwall & Devon\nwales\t')\" ]"
check "vox pair ls --json is JSON Lines" \
	"vox pair ls --json | python3 -c 'import json,sys; r=[json.loads(l) for l in sys.stdin]; assert r[0][\"name\"]==\"Cornwall & Devon\", r'"
status "a pair declared twice is refused" 1 vox pair add wales
status "a malformed name is refused" 1 vox pair add "Bad Name"
vox site add cardiff-refugees --pair wales --setting urban
status "rm refuses a pair a site still uses" 1 vox pair rm wales
check "the refusal says what uses it" "vox pair rm wales 2>&1 | grep -q '1 site still use'"
ok "rename moves the pair and its sites follow" vox pair rename wales cymru
check "the site now belongs to the renamed pair" "vox site ls | grep -q 'cardiff-refugees	cymru	urban'"
done_testing
