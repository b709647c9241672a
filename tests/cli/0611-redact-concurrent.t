#!/bin/sh
# vox redact while vox check --repair runs in a loop against the same collection. The new
# version of a photo is in the store before its row is committed, and check reads the rows
# before it walks the store: only the store lock, which both hold, keeps check from taking
# the new file for an orphan and removing it. Every redacted photo must keep its new file,
# check must find nothing meanwhile, and the collection must check clean afterwards.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 6
c=$T/c
n=16
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 60
vox ingest -q -p P01 -s truro-foodbank "$T/in" >/dev/null || echo "Bail out! cannot ingest"

(
	runs=0
	while [ ! -e "$T/stop" ]; do
		vox check -q --repair || echo "check found something"
		runs=$((runs + 1))
	done
	echo $runs >"$T/check.runs"
) >"$T/check.log" 2>&1 &
ck=$!
i=1
while [ $i -le $n ]; do
	ref=$(printf 'P01-%02d' $i)
	vox redact -q --box 0,0,16,16 "$ref" >>"$T/redact.out" 2>>"$T/redact.err" ||
		echo "$ref: redact failed" >>"$T/redact.err"
	i=$((i + 1))
done
touch "$T/stop"
wait $ck

check "every redaction succeeds" \
	"[ ! -s $T/redact.err ] && [ \$(wc -l <$T/redact.out) -eq $n ]"
check "check --repair ran meanwhile" "[ \$(cat $T/check.runs) -ge 2 ]"
check "every redacted photo's new file is in the store" \
	"while read -r ref sha; do
		[ -f $c/store/\$(echo \$sha | cut -c1-2)/\$sha.jpg ] || { echo \"\$ref: \$sha missing\"; exit 1; }
	done <$T/redact.out"
check "the catalog holds the new versions" \
	"while read -r ref sha; do
		[ \"\$(sqlite3 $c/vox.db \"SELECT sha256 FROM photo WHERE ref = '\$ref'\")\" = \$sha ] || exit 1
	done <$T/redact.out"
check "check --repair meanwhile finds nothing wrong and removes nothing" "[ ! -s $T/check.log ]"
ok "and the collection checks clean" vox check -q
done_testing
