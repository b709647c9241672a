#!/bin/sh
# Two tools at once: vox ingest adds a batch while vox tag, vox ls and vox check --repair
# run in loops against the same collection. None of them may fail, none may say "database
# is locked", and check --repair never takes the photos being written for leftovers.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 7
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 41
mkdir "$T/a"
mv "$T/in/IMG_040.jpg" "$T/a/"
vox ingest -q -p P01 -s truro-foodbank "$T/a" >/dev/null

(
	i=0
	while [ $i -lt 40 ]; do
		vox tag -q +community P01-01 || echo "tag failed $i"
		vox tag -q -community P01-01 || echo "tag failed $i"
		i=$((i + 1))
	done
	echo $i >"$T/tag.n"
) >"$T/tag.log" 2>&1 &
tg=$!
(
	i=0
	while [ $i -lt 40 ]; do
		vox ls --site truro-foodbank >/dev/null || echo "ls failed $i"
		vox ls -l --theme community >/dev/null || echo "ls failed $i"
		i=$((i + 1))
	done
	echo $i >"$T/ls.n"
) >"$T/ls.log" 2>&1 &
ls=$!
(
	i=0
	while [ $i -lt 10 ]; do
		vox check -q --repair || echo "check found something $i"
		i=$((i + 1))
	done
	echo $i >"$T/check.n"
) >"$T/check.log" 2>&1 &
ck=$!
# Not quiet: the summary in ingest.err shows the file holds what ingest said.
vox ingest -p P02 -s cornwall-farm "$T/in" >"$T/ingest.out" 2>"$T/ingest.err"
echo $? >"$T/ingest.rc"
wait $tg
wait $ls
wait $ck

check "ingest finishes with every photo added" \
	"[ \$(cat $T/ingest.rc) -eq 0 ] && [ \$(wc -l <$T/ingest.out) -eq 40 ]"
check "ingest never meets a locked database" \
	"grep -q 'added 40' $T/ingest.err && ! grep -qi locked $T/ingest.err"
# Each loop says how many rounds it finished: a silent log is one that ran to the end.
check "tag never fails meanwhile" "[ \$(cat $T/tag.n) -eq 40 ] && [ -f $T/tag.log ] && [ ! -s $T/tag.log ]"
check "ls never fails meanwhile" "[ \$(cat $T/ls.n) -eq 40 ] && [ -f $T/ls.log ] && [ ! -s $T/ls.log ]"
check "check --repair meanwhile finds nothing wrong and removes nothing" \
	"[ \$(cat $T/check.n) -eq 10 ] && [ -f $T/check.log ] && [ ! -s $T/check.log ]"
check "the catalog holds all 41 photos" \
	"[ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -eq 41 ]"
ok "and checks clean" vox check -q
done_testing
