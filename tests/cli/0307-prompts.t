#!/bin/sh
# vox prompts: SHOWeD by default; a named set or KEY QUESTION pairs replace it, and then
# sidecars and manifests answer those prompts alike.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 11
vox init -q "$T/c"
export VOX_COLLECTION="$T/c"
check "SHOWeD's first question" "vox prompts | head -1 | grep -qx 'see	What do you See here?'"
ok "the CDC set can be chosen" vox prompts set cdc
check "the CDC set adds empowered before do" \
	"[ \"\$(vox prompts | cut -f1 | tr '\n' ' ')\" = 'see happening our-lives why empowered do ' ]"
ok "a set of the project's own" vox prompts set feel "How did you feel?" change "What would you change?"
check "the own set is kept in order" "vox prompts --json | python3 -c 'import json,sys; r=[json.loads(l)[\"key\"] for l in sys.stdin]; assert r==[\"feel\",\"change\"], r'"
mkjpegs "$T/src" 3
printf 'Title: Gate\nFeel: welcome\n\nOur first day.\n' >"$T/src/IMG_000.txt"
ok "a sidecar answers the collection's own prompt" vox ingest -q -p P01 "$T/src/IMG_000.jpg"
printf 'file,participant,feel\nIMG_001.jpg,P01,at home\n' >"$T/src/c.csv"
ok "a manifest column answers it too" vox ingest -q --manifest "$T/src/c.csv"
check "both answers are kept" "vox ls --json | python3 -c '
import json, sys
got = sorted(json.loads(l)[\"prompts\"].get(\"feel\") for l in sys.stdin)
assert got == [\"at home\", \"welcome\"], got
'"
printf 'file,participant,see\nIMG_002.jpg,P01,a gate\n' >"$T/src/s.csv"
check "a column for a prompt the collection does not have is refused by name" \
	"vox ingest -q --manifest '$T/src/s.csv' 2>&1 | grep -q \"unknown column 'see'\""
status "an unknown set name is a usage error" 2 vox prompts set nosuch
status "an odd number of words is a usage error" 2 vox prompts set a b c
done_testing
