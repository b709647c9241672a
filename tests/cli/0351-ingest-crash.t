#!/bin/sh
# Crash safety: vox ingest killed with SIGKILL at many points of a batch. After each kill
# the collection checks clean (or vox check --repair makes it clean, an orphan moved to
# lost+found/) without losing a photo that was committed, and running the ingest again
# finishes the batch with no duplicates; vox check --adopt then finds in lost+found/ only
# copies of stored photos, and removes them.
. tests/cli/lib.sh
. tests/cli/ingest.sh
points="0.01 0.03 0.05 0.08 0.11 0.15 0.2 0.25 0.35 0.5"
plan 40
mkjpegs "$T/in" 40

for t in $points; do
	c=$T/c-$t
	mkcoll "$c" || echo "Bail out! cannot make a collection"
	vox ingest -q -C "$c" -p P01 -s truro-foodbank "$T/in" >"$T/out-$t" 2>&1 &
	pid=$!
	sleep "$t"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	before=$(photos "$c")
	if vox check -q -C "$c" >"$T/check-$t" 2>&1; then
		_n=$((_n + 1))
		echo "ok $_n - killed after ${t}s ($before photos committed): vox check is clean"
	else
		ok "killed after ${t}s ($before committed): vox check --repair cleans up" \
			vox check -q -C "$c" --repair
	fi
	check "after ${t}s: only lost+found/ is left to see to, and no committed photo was lost" \
		"! vox check -q -C $c | grep -v '^lost+found/' | grep -q . \
		&& [ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -eq $before ] \
		&& [ -z \"\$(ls -A $c/store/tmp)\" ]"
	ok "after ${t}s: ingesting again finishes the batch" vox ingest -q -C "$c" -p P01 \
		-s truro-foodbank "$T/in"
	check "after ${t}s: 40 photos, no duplicate bytes or refs, each file matching its hash" \
		"[ \$(sqlite3 $c/vox.db 'SELECT count(*), count(DISTINCT sha256), count(DISTINCT ref)
		FROM photo') = '40|40|40' ] && vox check -q -C $c --adopt && vox check -q -C $c"
done
done_testing
