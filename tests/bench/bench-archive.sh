#!/bin/sh
# vox archive of a collection of phone-sized JPEGs against bsdtar -cf and zip -0 -r storing
# the same photo files without any manifest, in one run: seconds and peak memory
# (/usr/bin/time). Target: within 1.3x of them. BENCH_ARCHIVE_N sets the number of photos
# (40, about 170 MB), BENCH_RUNS the runs of each command (3; the best time is kept).
set -eu
: "${BENCH_DIR:?run through make bench}"
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
n=${BENCH_ARCHIVE_N:-40}
runs=${BENCH_RUNS:-3}
phone="$BENCH_DIR/phone-jpegs"
coll="$BENCH_DIR/archive-coll-$n"
out="$BENCH_DIR/archive-out"

sh "$top/tests/bench/phone-jpegs.sh" "$phone" "$n"
if [ ! -f "$coll/.done" ]; then
	rm -rf "$coll"
	vox init -q --title "Benchmark photovoice" "$coll"
	vox pair -q -C "$coll" add bench
	vox site -q -C "$coll" add bench-farm --pair bench --setting rural
	vox ingest -q -C "$coll" -p P01 -s bench-farm --consent report --people none >/dev/null \
		$(for i in $(seq -f %03g 1 "$n"); do echo "$phone/phone-$i.jpg"; done)
	touch "$coll/.done"
fi
files=$(find "$coll/store" -name '*.jpg' | wc -l)
mb=$(du -cm "$coll/store" | tail -n 1 | cut -f1)
echo "bench-archive: $files photos, $mb MB in the store, best of $runs runs"
[ "$files" -eq "$n" ] || { echo "bench-archive: expected $n photos in the collection" >&2; exit 1; }

# best "seconds peak-KB cpu-seconds" of runs of a command, each into a fresh output folder
measure() {
	best=
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		rm -rf "$out"
		mkdir -p "$out"
		sync
		/usr/bin/time -f "%e %M %U %S" -o "$BENCH_DIR/archive.time" sh -c "$1" >/dev/null
		r=$(awk '{ printf "%s %s %.2f", $1, $2, $3 + $4 }' "$BENCH_DIR/archive.time")
		if [ -z "$best" ] || [ "$(echo "$r $best" | awk '{ print ($1 < $4) }')" = 1 ]; then
			best=$r
		fi
	done
	echo "$best"
}

export SOURCE_DATE_EPOCH=1780000000
vt=$(measure "vox archive -q -C '$coll' -a report -o '$out/a.tar'")
bt=$(measure "cd '$coll/store' && bsdtar -cf '$out/b.tar' ??")
vz=$(measure "vox archive -q -C '$coll' -a report -o '$out/a.zip'")
zz=$(measure "cd '$coll/store' && zip -q -0 -r '$out/b.zip' ??")
vg=$(measure "vox archive -q -C '$coll' -a report -o '$out/a.tar.gz'")
bg=$(measure "cd '$coll/store' && bsdtar -czf '$out/b.tar.gz' ??")
printf '%s\n' "vox archive tar|$vt" "bsdtar -cf|$bt" "vox archive zip|$vz" "zip -0 -r|$zz" \
	"vox archive tar.gz|$vg" "bsdtar -czf|$bg" | awk -F'|' -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
	BEGIN { printf "%-20s %9s %9s %12s\n", "command", "seconds", "cpu s", "peak MB" }
	{
		split($2, f, " "); t[NR] = f[1]; c[NR] = f[3]
		printf "%-20s %9.2f %9.2f %12.1f\n", $1, f[1], f[3], f[2] / 1024
	}
	END {
		printf "bench-archive: vox archive is %.2fx bsdtar -cf, %.2fx zip -0 -r, %.2fx bsdtar -czf in seconds (target <= 1.3)\n",
		    t[1] / t[2], t[3] / t[4], t[5] / t[6]
		printf "bench-archive: load average %s when measured; seconds stretch with it, cpu seconds do not\n", load
	}'
