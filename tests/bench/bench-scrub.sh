#!/bin/sh
# vox scrub against the tools people use today, on fresh copies of the same phone-sized
# JPEGs in one run: jhead -purejpg, exiftool -all=, exiv2 rm. Then the peak memory of
# scrubbing a 100-megapixel JPEG. BENCH_SCRUB_N sets the number of files (20).
set -eu
: "${BENCH_DIR:?run through make bench}"
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
n=${BENCH_SCRUB_N:-20}
runs=${BENCH_RUNS:-5}
photos="$BENCH_DIR/phone-jpegs"
work="$BENCH_DIR/scrub-work"

sh "$top/tests/bench/phone-jpegs.sh" "$photos" "$n"
set -- "$photos"/phone-*.jpg
[ "$#" -ge "$n" ] || { echo "bench-scrub: phone JPEGs missing" >&2; exit 1; }
mb=$(du -cm "$@" | tail -n 1 | cut -f1)
echo "bench-scrub: $n phone JPEGs 4000x3000, $mb MB in all, $runs runs each"

prep="rm -rf '$work' && mkdir -p '$work/in' '$work/out' && cp '$photos'/phone-*.jpg '$work/in/'"
hyperfine --style basic --runs "$runs" --warmup 1 --prepare "$prep" \
	--export-json "$BENCH_DIR/scrub.json" \
	-n "vox scrub -d" "vox scrub -q -d '$work/out' '$work'/in/*.jpg" \
	-n "vox scrub -S -d" "vox scrub -q -S -d '$work/out' '$work'/in/*.jpg" \
	-n "jhead -purejpg" "jhead -q -purejpg '$work'/in/*.jpg" \
	-n "exiftool -all=" "exiftool -q -q -all= -overwrite_original '$work'/in/*.jpg" \
	-n "exiv2 rm" "exiv2 rm '$work'/in/*.jpg"

python3 - "$BENCH_DIR/scrub.json" "$n" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
vox = r["vox scrub -d"]["mean"]
print("%-16s %9s %11s %10s" % ("tool", "mean s", "ms/photo", "vs vox"))
for name, x in r.items():
    print("%-16s %9.3f %11.1f %9.2fx" % (name, x["mean"], 1000 * x["mean"] / n, x["mean"] / vox))
jhead = r["jhead -purejpg"]["mean"]
print("bench-scrub: vox is %.2fx the speed of jhead -purejpg (target >= 1), %.1fx exiftool"
      % (jhead / vox, r["exiftool -all="]["mean"] / vox))
PY

# What each tool leaves: orientation and the trailer (one fresh copy each).
mkdir -p "$work/left"
for t in vox jhead exiftool exiv2; do cp "$photos/phone-001.jpg" "$work/left/$t.jpg"; done
vox scrub -q -o "$work/left/vox.out.jpg" "$work/left/vox.jpg" && mv "$work/left/vox.out.jpg" "$work/left/vox.jpg"
jhead -q -purejpg "$work/left/jhead.jpg" >/dev/null
exiftool -q -q -all= -overwrite_original "$work/left/exiftool.jpg"
exiv2 rm "$work/left/exiv2.jpg"
for t in vox jhead exiftool exiv2; do
	f="$work/left/$t.jpg"
	o=$(exiftool -n -s3 -Orientation "$f"); o=${o:-none}
	if grep -q MotionPhoto_Data "$f"; then tr=kept; else tr=dropped; fi
	echo "bench-scrub: $t leaves orientation $o (was 6), trailer $tr"
done

# Peak memory on a 100-megapixel JPEG (10000x10000, made once).
huge="$BENCH_DIR/huge-10000x10000.jpg"
if [ ! -s "$huge" ]; then
	vips gaussnoise "$BENCH_DIR/huge.v" 10000 10000 --sigma 20 --mean 128
	vips cast "$BENCH_DIR/huge.v" "$BENCH_DIR/huge-u.v" uchar
	vips jpegsave "$BENCH_DIR/huge-u.v" "$huge" --Q 90
	rm -f "$BENCH_DIR/huge.v" "$BENCH_DIR/huge-u.v"
fi
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
hm=$(du -m "$huge" | cut -f1)
v=$(rss vox scrub -q -o "$work/huge.jpg" "$huge")
cp "$huge" "$work/huge-jhead.jpg"
j=$(rss jhead -q -purejpg "$work/huge-jhead.jpg")
echo "bench-scrub: peak RSS on a 100 MP JPEG of $hm MB: vox scrub $((v / 1024)) MB," \
	"jhead $((j / 1024)) MB"
rm -f "$work/huge.jpg" "$work/huge-jhead.jpg"
