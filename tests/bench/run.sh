#!/bin/sh
# `make bench`: runs every tests/bench/bench-*.sh in turn. Each prints its figures and the
# ratios against the anchor tools measured in the same run. Not part of `make check`.
# BENCH=pattern runs only the benchmarks whose name contains the pattern.
set -u
: "${VOX_BIN:?run through make bench}"
top=$(cd "$(dirname "$0")/../.." && pwd)
export VOX_TOP="$top" PATH="$VOX_BIN:$PATH"
export BENCH_DIR="${BENCH_DIR:-$top/build/bench}"
mkdir -p "$BENCH_DIR"
status=0
for b in "$top"/tests/bench/bench-*.sh; do
	[ -f "$b" ] || continue
	case "$(basename "$b")" in *"${BENCH:-}"*) ;; *) continue ;; esac
	echo "== $(basename "$b" .sh)"
	sh "$b" || status=1
done
exit $status
