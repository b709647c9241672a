#!/bin/sh
# vox audit against the readers people use to check a photo, on the same phone-sized JPEGs
# in one run: exiftool -a -G1 and exiv2 -pa (both list metadata; neither judges it). Then
# the peak memory of auditing a zip of those photos. BENCH_AUDIT_N sets the number (20).
set -eu
: "${BENCH_DIR:?run through make bench}"
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
n=${BENCH_AUDIT_N:-20}
runs=${BENCH_RUNS:-5}
photos="$BENCH_DIR/phone-jpegs"

sh "$top/tests/bench/phone-jpegs.sh" "$photos" "$n"
set -- "$photos"/phone-*.jpg
[ "$#" -ge "$n" ] || { echo "bench-audit: phone JPEGs missing" >&2; exit 1; }
mb=$(du -cm "$@" | tail -n 1 | cut -f1)
echo "bench-audit: $n phone JPEGs 4000x3000, $mb MB in all, $runs runs each"

# vox audit exits 1 when it finds something, as it will here: -i keeps hyperfine going.
hyperfine --style basic --runs "$runs" --warmup 1 -i --export-json "$BENCH_DIR/audit.json" \
	-n "vox audit" "vox audit -q '$photos'" \
	-n "exiftool -a -G1" "exiftool -q -q -a -G1 '$photos'" \
	-n "exiv2 -pa" "exiv2 -pa '$photos'/phone-*.jpg"

python3 - "$BENCH_DIR/audit.json" "$n" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
vox = r["vox audit"]["mean"]
print("%-16s %9s %11s %10s" % ("tool", "mean s", "ms/photo", "vs vox"))
for name, x in r.items():
    print("%-16s %9.3f %11.1f %9.2fx" % (name, x["mean"], 1000 * x["mean"] / n, x["mean"] / vox))
PY

zip="$BENCH_DIR/phone-jpegs.zip"
[ -s "$zip" ] || (cd "$photos" && zip -q -0 "$zip" phone-*.jpg)
kb=$( { /usr/bin/time -f %M vox audit -q "$zip" >/dev/null; } 2>&1 | tail -n 1)
echo "bench-audit: peak memory auditing a zip of $n photos: $((kb / 1024)) MB"
