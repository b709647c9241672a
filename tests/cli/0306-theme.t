#!/bin/sh
# vox theme: the project's list of theme codes.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 6
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
ok "vox theme add declares a theme" vox theme add transport --name "Getting there"
check "vox theme ls --json has slug and name" \
	"vox theme ls --json | python3 -c 'import json,sys; assert {\"slug\":\"transport\",\"name\":\"Getting there\"} in [json.loads(l) for l in sys.stdin]'"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" theme=transport >/dev/null
status "rm refuses a theme photos carry" 1 vox theme rm transport
ok "rename keeps the photo's tag" vox theme rename transport getting-there
check "the photo carries the renamed theme" "[ \"\$(vox ls --theme getting-there | wc -l)\" -eq 1 ]"
check "a misspelt theme suggests the nearest" "vox ls --theme geting-there 2>&1 | grep -q \"did you mean 'getting-there'\""
done_testing
