#!/bin/sh
# vox prompts: SHOWeD by default; a named set or KEY QUESTION pairs replace it.
. tests/cli/lib.sh
plan 7
vox init -q "$T/c"
export VOX_COLLECTION="$T/c"
check "SHOWeD's first question" "vox prompts | head -1 | grep -qx 'see	What do you See here?'"
ok "the CDC set can be chosen" vox prompts set cdc
check "the CDC set adds empowered before do" \
	"[ \"\$(vox prompts | cut -f1 | tr '\n' ' ')\" = 'see happening our-lives why empowered do ' ]"
ok "a set of the project's own" vox prompts set feel "How did you feel?" change "What would you change?"
check "the own set is kept in order" "vox prompts --json | python3 -c 'import json,sys; r=[json.loads(l)[\"key\"] for l in sys.stdin]; assert r==[\"feel\",\"change\"], r'"
status "an unknown set name is a usage error" 2 vox prompts set nosuch
status "an odd number of words is a usage error" 2 vox prompts set a b c
done_testing
