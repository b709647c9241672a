#!/bin/sh
# Runs every Criterion suite and every end-to-end TAP script, then prints one closing line
# "check: N passed, M failed, K skipped". Exit status 1 when anything failed, 2 when the
# tests cannot start (a CORPUS folder or a program they need is missing).
#
# Environment: VOX_BIN (built tools), VOX_BUILD (build folder), CORPUS (more photos, below).
# TESTS=pattern limits the run to suites and scripts whose name contains the pattern.
#
# The corpus: tests/corpus, in the repository, holds the real camera files the tests need.
# A test that names a file takes it from there ($VOX_TOP/tests/corpus). CORPUS may name
# more folders of the same layout (jpg/..., heic/...), separated by colons, as in
# `make check CORPUS=/data/exif-samples`; the tests then see CORPUS as the list of every
# folder to walk, tests/corpus first, so each whole-corpus test (every photo scrubbed,
# audit against exiftool, every GPS photo...) walks the added folders too.
#
# Skipped: a test whose optional need is missing says so and is counted as skipped, never
# as passed: cr_skip_test() in a suite, `skip` (tests/cli/lib.sh) in a script. What
# `make deps` installs is not optional: no test skips for want of it.
set -u
: "${VOX_BUILD:?}" "${VOX_BIN:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
list=$top/tests/corpus rest=${CORPUS:-}
while [ -n "$rest" ]; do
	d=${rest%%:*}
	case $rest in *:*) rest=${rest#*:} ;; *) rest= ;; esac
	[ -n "$d" ] || continue
	[ -d "$d/jpg" ] || { echo "check: CORPUS: no folder $d/jpg" >&2; exit 2; }
	list=$list:$(cd "$d" && pwd)
done
CORPUS=$list
# The programs the tests run, from make deps and deps-a11y. Missing, they would make checks
# fail for the wrong reason, or pass: a negated check (! exiftool ... | grep -q GPS) passes
# without exiftool.
missing=
for prog in exiftool djpeg cjpeg jpegtran vips bsdtar unzip python3 pdfinfo sqlite3 pkill flock \
	timeout node java chromium xmllint ffmpeg ffprobe; do
	command -v "$prog" >/dev/null 2>&1 || missing="$missing $prog"
done
if [ -n "$missing" ]; then
	echo "check: missing:$missing (make deps deps-a11y installs them)" >&2
	exit 2
fi
export VOX_BIN CORPUS VOX_BUILD
export PATH="$VOX_BIN:$PATH"
export VOX_TOP="$top"
pass=0 fail=0 skip=0 failed=
log=$(mktemp -d "${TMPDIR:-/tmp}/vox-check.XXXXXX")
trap 'rm -rf "$log"' EXIT

# Under the sanitizers (make asan sets ASAN_OPTIONS) every program a test runs writes its
# reports to a file of its own, read back into the test's log: a leak in a Criterion worker,
# whose exit status Criterion does not look at, or in a tool whose stderr a script throws
# away, is still seen. Each report fails the test it came from, whatever the test said.
san_base_asan=${ASAN_OPTIONS:-} san_base_ubsan=${UBSAN_OPTIONS:-}
san_start() {
	[ -n "$san_base_asan" ] || return 0
	mkdir -p "$log/san/$1"
	export ASAN_OPTIONS="$san_base_asan:log_path=$log/san/$1/report"
	export UBSAN_OPTIONS="${san_base_ubsan:+$san_base_ubsan:}log_path=$log/san/$1/report"
}
# san_reports NAME: appends NAME's reports to its log and prints how many there are.
san_reports() {
	for _r in "$log/san/$1"/report.*; do
		[ -f "$_r" ] && cat "$_r" >>"$log/$1"
	done
	grep -cE '^==[0-9]+==ERROR: (LeakSanitizer|AddressSanitizer)|runtime error:' "$log/$1"
}

for t in "$VOX_BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	case "$n" in *.o|*.d) continue ;; esac
	case "$n" in *"${TESTS:-}"*) ;; *) continue ;; esac
	san_start "$n"
	"$t" --jobs 2 --tap="$log/$n.tap" >"$log/$n" 2>&1
	rc=$?
	s=$(grep -c '^ok .*# SKIP' "$log/$n.tap" 2>/dev/null)
	line=$(grep 'Synthesis:' "$log/$n" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p')
	p=${p:-0}
	set -- $f
	f=$(( ${1:-0} + ${2:-0} ))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	f=$((f + $(san_reports "$n")))
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + ${s:-0}))
	if [ "$f" -ne 0 ]; then
		failed="$failed $n"
		cat "$log/$n"
	fi
	echo "$n: $p passed, $f failed, ${s:-0} skipped"
done

for t in "$top"/tests/cli/*.t; do
	[ -f "$t" ] || continue
	n=$(basename "$t")
	case "$n" in *"${TESTS:-}"*) ;; *) continue ;; esac
	san_start "$n"
	(cd "$top" && sh "$t") >"$log/$n" 2>&1
	rc=$?
	s=$(grep -c '^ok .*# SKIP' "$log/$n")
	p=$(($(grep -c '^ok ' "$log/$n") - s))
	f=$(grep -c '^not ok ' "$log/$n")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	# A script that stops early, or whose plan is out of date, has not shown what it says.
	planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$log/$n" | head -n 1)
	ran=$(grep -cE '^(not )?ok ' "$log/$n")
	if [ "${planned:-x}" != "$ran" ]; then
		echo "not ok - planned ${planned:-no} tests, ran $ran" >>"$log/$n"
		f=$((f + 1))
	fi
	f=$((f + $(san_reports "$n")))
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	if [ "$f" -ne 0 ]; then
		failed="$failed $n"
		grep -v '^ok ' "$log/$n"
	fi
	echo "$n: $p passed, $f failed, $s skipped"
done

[ -n "$failed" ] && echo "failed:$failed"
echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
