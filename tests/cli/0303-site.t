#!/bin/sh
# vox site: sites belong to a pair and have a setting; unknown names get the nearest
# known one suggested; rm refuses a site photos use.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 11
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
check "vox site ls lists sites with pair and setting" \
	"vox site ls | grep -qx 'cornwall-farm	cornwall	rural	'"
check "vox site ls --pair filters" "[ \"\$(vox site ls --pair wales | cut -f1)\" = cardiff-refugees ]"
status "a setting other than rural, urban, other is refused" 1 vox site add x --pair wales --setting suburban
status "a site needs --pair and --setting" 2 vox site add y --pair wales
status "a misspelt pair is refused" 1 vox site add z --pair cornwal --setting rural
check "the refusal suggests the nearest pair" "vox site add z --pair cornwal --setting rural 2>&1 | grep -q \"did you mean 'cornwall'\""
check "a misspelt site in ls suggests the nearest site" \
	"vox ls --site truro-fodbank 2>&1 | grep -q \"'truro-fodbank': no such site (did you mean 'truro-foodbank'?)\""
status "a misspelt site in ls is a usage error" 2 vox ls --site truro-fodbank
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" >/dev/null
status "rm refuses a site that a photo uses" 1 vox site rm truro-foodbank
ok "rm removes an unused site" vox site rm cardiff-refugees
ok "rename keeps the photo at the renamed site" sh -c 'vox site rename truro-foodbank truro-food-bank && vox ls --site truro-food-bank | grep -q .'
done_testing
