#!/bin/sh
# Two tools at once never fail with "database is locked": vox tag 200 times in a loop while
# another process lists, another declares pairs, and another adds photos.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 5
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" >/dev/null
(
	i=0
	while [ $i -lt 100 ]; do
		vox tag -q +community P07-01 || echo "tag failed $i"
		vox tag -q -community P07-01 || echo "tag failed $i"
		i=$((i + 1))
	done
) >"$T/tag.log" 2>&1 &
t=$!
(
	i=0
	while [ $i -lt 60 ]; do
		vox ls --site truro-foodbank >/dev/null || echo "ls failed $i"
		vox ls -l >/dev/null || echo "ls failed $i"
		i=$((i + 1))
	done
) >"$T/ls.log" 2>&1 &
l=$!
(
	i=0
	while [ $i -lt 40 ]; do
		vox pair -q add "pair-$i" || echo "pair failed $i"
		i=$((i + 1))
	done
) >"$T/pair.log" 2>&1 &
p=$!
(
	for f in p2 p3 p4 p5 p6; do
		catalog-add "$T/c" P08 cornwall-farm "$T/$f.jpg" >/dev/null || echo "add failed $f"
	done
) >"$T/add.log" 2>&1 &
a=$!
wait $t $l $p $a
check "no tool said 'database is locked'" "! cat '$T'/*.log | grep -qi 'locked'"
check "every tag, ls, pair and add succeeded" "! cat '$T'/*.log | grep -q ."
check "all 40 pairs were declared" "[ \"\$(vox pair ls | grep -c '^pair-')\" -eq 40 ]"
check "the last tag operation won: no community theme" "[ -z \"\$(vox ls --theme community)\" ]"
ok "the collection checks clean afterwards" vox check
done_testing
