#!/bin/sh
# vox consent: audience, people, sensitive and minor; outputs' selection follows.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 9
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" >/dev/null
check "new photos are private with people unknown" \
	"vox ls --json | python3 -c 'import json,sys; assert all(json.loads(l)[\"audience\"]==\"private\" and json.loads(l)[\"people\"]==\"unknown\" for l in sys.stdin)'"
check "nothing reaches the group by default" "[ -z \"\$(vox ls --audience group)\" ]"
ok "vox consent sets the audience and people of ids from stdin" sh -c 'vox ls | vox consent --audience public --people consented'
check "both now reach the public" "[ \"\$(vox ls --audience public | wc -l)\" -eq 2 ]"
ok "sensitive on" vox consent --sensitive on P07-01
check "a sensitive photo does not reach the public" "[ \"\$(vox ls --audience public | wc -l)\" -eq 1 ]"
status "withdrawn is not a consent level here" 2 vox consent --audience withdrawn P07-01
status "a bad flag value is a usage error" 2 vox consent --minor maybe P07-01
status "no change asked is a usage error" 2 vox consent P07-01
done_testing
