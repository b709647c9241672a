#!/bin/sh
# vox ingest against vox scrub alone, on the same phone-sized JPEGs in one run: files/s on
# two cores, and peak memory. Target: ingest within 1.5x of `vox scrub -d`; peak under
# 200 MB. Two more anchors show what the target leaves out: `vox scrub -S -d` makes its
# outputs durable as ingest does (fsync before the row is committed), and "scrub+sha256"
# is scrubbing then hashing the outputs with openssl (SHA-NI where the CPU has it), the
# work of a content-addressed store done by hand on one core. On a 2-core machine SHA-256
# of the scrubbed bytes alone costs more CPU than the whole scrub. "ingest, no fsync" runs
# ingest under eatmydata (fsync made a no-op, never done for real) to show what the
# durability CONTRIBUTING.md requires costs.
# BENCH_INGEST_N sets the number of photos (20).
set -eu
: "${BENCH_DIR:?run through make bench}"
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
n=${BENCH_INGEST_N:-20}
runs=${BENCH_RUNS:-3}
photos="$BENCH_DIR/phone-jpegs"
in="$BENCH_DIR/ingest-in"
work="$BENCH_DIR/ingest-work"

sh "$top/tests/bench/phone-jpegs.sh" "$photos" "$n"
# Exactly N of them in a folder of their own, since ingest is given the folder.
if [ "$(find "$in" -name 'phone-*.jpg' 2>/dev/null | wc -l)" -ne "$n" ]; then
	rm -rf "$in"
	mkdir -p "$in"
	for i in $(seq -f %03g 1 "$n"); do
		cp "$photos/phone-$i.jpg" "$in/"
	done
fi
set -- "$in"/phone-*.jpg
mb=$(du -cm "$@" | tail -n 1 | cut -f1)
echo "bench-ingest: $n distinct phone JPEGs 4000x3000, $mb MB in all, $runs runs each, $(nproc) cores"

# One --prepare for each command, in order: a fresh output folder, a fresh collection.
hyperfine --style basic --runs "$runs" --warmup 1 --export-json "$BENCH_DIR/ingest.json" \
	--prepare "rm -rf '$work' && mkdir -p '$work/out'" \
	--prepare "rm -rf '$work' && mkdir -p '$work/out'" \
	--prepare "rm -rf '$work' && mkdir -p '$work/out'" \
	--prepare "rm -rf '$work' && vox init -q '$work/c'" \
	--prepare "rm -rf '$work' && vox init -q '$work/c'" \
	-n "vox scrub -d" "vox scrub -q -d '$work/out' '$in'/phone-*.jpg" \
	-n "vox scrub -S -d" "vox scrub -q -S -d '$work/out' '$in'/phone-*.jpg" \
	-n "scrub+sha256" "vox scrub -q -d '$work/out' '$in'/phone-*.jpg && openssl dgst -sha256 '$work/out'/*.jpg >/dev/null" \
	-n "vox ingest" "vox ingest -q -C '$work/c' -p P01 '$in'" \
	-n "ingest, no fsync" "eatmydata vox ingest -q -C '$work/c' -p P01 '$in'"

rm -rf "$work" && vox init -q "$work/c"
peak=$(/usr/bin/time -f %M vox ingest -q -C "$work/c" -p P01 "$in" 2>&1 >/dev/null | tail -n 1)
stored=$(find "$work/c/store" -name '*.jpg' | wc -l)
rm -rf "$work"

python3 - "$BENCH_DIR/ingest.json" "$n" "$peak" "$stored" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
n, peak, stored = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print("%-16s %9s %9s %10s" % ("tool", "mean s", "files/s", "vs scrub"))
scrub = r["vox scrub -d"]["mean"]
for name, x in r.items():
    print("%-16s %9.3f %9.1f %9.2fx" % (name, x["mean"], n / x["mean"], x["mean"] / scrub))
ratio = r["vox ingest"]["mean"] / scrub
ing = r["vox ingest"]["mean"]
print("bench-ingest: ingest takes %.2fx the time of vox scrub -d (target <= 1.5: %s), %.2fx "
      "of vox scrub -S -d (which fsyncs like ingest), %.2fx of scrub+sha256"
      % (ratio, "met" if ratio <= 1.5 else "NOT MET", ing / r["vox scrub -S -d"]["mean"],
         ing / r["scrub+sha256"]["mean"]))
print("bench-ingest: without fsync (eatmydata) ingest would take %.2fx of vox scrub -d"
      % (r["ingest, no fsync"]["mean"] / scrub))
print("bench-ingest: peak RSS of vox ingest %d MB (target < 200 MB); %d of %d photos stored"
      % (peak // 1024, stored, n))
sys.exit(0 if stored == n else 1)
PY
