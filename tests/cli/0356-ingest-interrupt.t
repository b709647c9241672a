#!/bin/sh
# Ctrl-C (SIGINT) or SIGTERM during vox ingest: the run stops after the photo being
# recorded, says how many inputs were not added, exits 128 + the signal, and leaves nothing
# half done: every photo it reported is in the catalog, no other, nothing in store/tmp, vox
# check clean. The same command then adds the rest.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 10
# (mkjpegs makes 256 distinct photos at most)
mkjpegs "$T/in" 250
n=250

# interrupt SIGNAL COLLECTION: starts an ingest, sends SIGNAL once it has reported a photo.
interrupt() {
	mkcoll "$2" || echo "Bail out! cannot make a collection"
	vox ingest -C "$2" -p P01 -s truro-foodbank "$T/in" >"$2.out" 2>"$2.err" &
	_pid=$!
	_i=0
	while [ ! -s "$2.out" ] && [ $_i -lt 500 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
	kill -"$1" $_pid
	wait $_pid
	echo $? >"$2.rc"
}

c=$T/c
interrupt INT "$c"
check "Ctrl-C exits 130 (128 + SIGINT)" "[ \$(cat $c.rc) -eq 130 ]"
check "it says it stopped and how many inputs were not added" \
	"grep -q 'stopped (Interrupt) with [0-9]* inputs not yet added; the same command adds them' $c.err"
check "photos reported and inputs not added make the whole batch" \
	"[ \$((\$(wc -l <$c.out) + \$(sed -n 's/.*with \([0-9]*\) inputs.*/\1/p' $c.err))) -eq $n ]"
check "every photo reported is in the catalog, and no other" \
	"[ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -eq \$(wc -l <$c.out) ] && [ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -lt $n ] &&
	cut -f1 $c.out | sort >$T/said && sqlite3 $c/vox.db 'SELECT sha256 FROM photo' | sort >$T/have &&
	cmp -s $T/said $T/have"
check "nothing is left in store/tmp" "[ -z \"\$(ls -A $c/store/tmp)\" ]"
ok "vox check is clean without --repair" vox check -q -C "$c"
ok "the same command adds the rest" vox ingest -q -C "$c" -p P01 -s truro-foodbank "$T/in"
check "then all $n photos are there once each" \
	"[ \$(sqlite3 $c/vox.db 'SELECT count(*), count(DISTINCT sha256), count(DISTINCT ref)
	FROM photo') = '$n|$n|$n' ]"

c=$T/t
interrupt TERM "$c"
check "SIGTERM stops it the same way, exit 143" \
	"[ \$(cat $c.rc) -eq 143 ] && grep -q 'stopped (Terminated)' $c.err && \
	[ \$(sqlite3 $c/vox.db 'SELECT count(*) FROM photo') -eq \$(wc -l <$c.out) ] && [ -z \"\$(ls -A $c/store/tmp)\" ]"
ok "and checks clean" vox check -q -C "$c"
done_testing
