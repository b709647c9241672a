#!/bin/sh
# vox withdraw cannot be undone, so it asks first: on a terminal it shows each photo's ref,
# title and participant and withdraws only on "y"; -y skips the question, -n shows what
# would go. Without a terminal to ask on (ids from a pipe, a script) and without -y it
# refuses, changing nothing, and says to add -y.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 16
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" title="Y giât ŵyn" consent=group >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" title="Muddy boots" >/dev/null


status "without a terminal and without -y, withdraw refuses (exit 2)" 2 vox withdraw P07-01
check "the refusal says to add -y" \
	"vox withdraw P07-01 2>&1 | grep -q 'there is no terminal to ask on: add -y to withdraw without asking'"
status "ids piped in without -y are refused too" 2 sh -c 'echo P07-01 | vox withdraw'
check "nothing was withdrawn" "[ \$(vox ls | grep -c .) -eq 3 ] && vox show P07-01 | grep -q '^consent *group'"
check "-n shows what would go without asking, and changes nothing" \
	"vox withdraw -n P07-01 | grep -q '^would withdraw P07-01' && [ \$(vox ls | grep -c .) -eq 3 ]"

on_tty n vox withdraw P07-01 P02-01 >"$T/no.out"
echo $? >"$T/no.rc"
check "on a terminal it shows the ref, title and participant of each photo" \
	"grep -q '  P07-01  \"Y giât ŵyn\"  participant P07' '$T/no.out' && grep -q '  P02-01  \"Muddy boots\"  participant P02' '$T/no.out'"
check "and asks, saying it cannot be undone" \
	"grep -q 'Withdraw these 2 photos? The stored files and captions are deleted for good. \[y/N\]' '$T/no.out'"
check "answering n withdraws nothing, says so, and exits 1" \
	"[ \$(cat '$T/no.rc') -eq 1 ] && grep -q 'nothing withdrawn' '$T/no.out' && [ \$(vox ls | grep -c .) -eq 3 ]"
on_tty '' vox withdraw P07-01 >"$T/enter.out"
check "just Enter is no" "grep -q 'nothing withdrawn' '$T/enter.out' && [ \$(vox ls | grep -c .) -eq 3 ]"

on_tty y vox withdraw P07-01 >"$T/yes.out"
echo $? >"$T/yes.rc"
check "answering y withdraws the photo" \
	"[ \$(cat '$T/yes.rc') -eq 0 ] && grep -q '^withdrew P07-01' '$T/yes.out' && vox show P07-01 | grep -q '^consent *withdrawn'"
check "only that photo" "[ \$(vox ls | grep -c .) -eq 2 ]"

on_tty y vox withdraw --participant P07 >"$T/part.out"
check "--participant lists the participant's photos and their private name" \
	"grep -q '  P07-02  (no title)  participant P07' '$T/part.out' && grep -q \"and P07's private name\" '$T/part.out' && grep -q 'Withdraw this 1 photo?' '$T/part.out'"
check "and withdraws them on y" "[ \$(vox ls | grep -c .) -eq 1 ]"

ok "-y withdraws without a terminal and without asking" vox withdraw -y P02-01
check "it asked nothing" "! grep -q 'y/N' '$T/.err' && [ \$(vox ls | grep -c .) -eq 0 ]"
check "--yes is the long form" \
	"catalog-add '$T/c' P09 truro-foodbank '$T/p4.jpg' >/dev/null && echo P09-01 | vox withdraw --yes -q >/dev/null && [ \$(vox ls | grep -c .) -eq 0 ]"
done_testing
