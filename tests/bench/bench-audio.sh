#!/bin/sh
# vox scrub on voice stories against what people would use: ffmpeg's own remux without
# metadata (-map_metadata -1 -c copy, one process per file, as a script would run it) and
# exiftool -all=. The files: BENCH_AUDIO_N (20) phone-length voice memos, 2 minutes of AAC in
# M4A each, with the recording place as an iPhone stores it, a creation time and an artist.
# Then what each tool leaves for exiftool to read.
set -eu
: "${BENCH_DIR:?run through make bench}"
n=${BENCH_AUDIO_N:-20}
runs=${BENCH_RUNS:-5}
memos="$BENCH_DIR/voice-memos"
work="$BENCH_DIR/audio-work"

mkdir -p "$memos"
i=1
while [ "$i" -le "$n" ]; do
	f=$(printf '%s/memo-%03d.m4a' "$memos" "$i")
	if [ ! -s "$f" ]; then
		ffmpeg -nostdin -loglevel error -y -f lavfi \
			-i "anoisesrc=d=120:c=pink:r=44100:a=0.1:seed=$i" -ac 1 -c:a aac -b:a 64k \
			-metadata location=+50.2632-005.0510/ -metadata artist="Jane Doe" \
			-metadata creation_time=2026-05-12T10:00:00Z -movflags use_metadata_tags "$f"
	fi
	i=$((i + 1))
done
set -- "$memos"/memo-*.m4a
[ "$#" -ge "$n" ] || { echo "bench-audio: voice memos missing" >&2; exit 1; }
kb=$(du -ck "$@" | tail -n 1 | cut -f1)
echo "bench-audio: $n voice memos of 2 min (AAC 64 kb/s in M4A), $((kb / 1024)) MB in all," \
	"$runs runs each"

prep="rm -rf '$work' && mkdir -p '$work/in' '$work/out' && cp '$memos'/memo-*.m4a '$work/in/'"
hyperfine --style basic --runs "$runs" --warmup 1 --prepare "$prep" \
	--export-json "$BENCH_DIR/audio.json" \
	-n "vox scrub -d" "vox scrub -q -d '$work/out' '$work'/in/*.m4a" \
	-n "vox scrub -o, per file" \
	"for f in '$work'/in/*.m4a; do vox scrub -q -o '$work/out/'\$(basename \$f) \$f; done" \
	-n "ffmpeg -map_metadata -1 -c copy, per file" \
	"for f in '$work'/in/*.m4a; do ffmpeg -nostdin -loglevel error -y -i \$f -map 0:a -map_metadata -1 -c copy '$work/out/'\$(basename \$f); done" \
	-n "exiftool -all=" "exiftool -q -q -all= -overwrite_original '$work'/in/*.m4a"

python3 - "$BENCH_DIR/audio.json" "$n" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
vox = r["vox scrub -d"]["mean"]
print("%-42s %8s %10s %8s" % ("tool", "mean s", "ms/file", "vs vox"))
for name, x in r.items():
    print("%-42s %8.3f %10.1f %7.2fx" % (name, x["mean"], 1000 * x["mean"] / n, x["mean"] / vox))
ff = r["ffmpeg -map_metadata -1 -c copy, per file"]["mean"]
per = r["vox scrub -o, per file"]["mean"]
print("bench-audio: vox scrub -d is %.2fx the speed of ffmpeg per file (target >= 1); "
      "one vox process per file %.2fx" % (ff / vox, ff / per))
PY

# What each tool leaves that exiftool reads (one fresh copy each).
mkdir -p "$work/left"
src="$memos/memo-001.m4a"
vox scrub -q -o "$work/left/vox.m4a" "$src"
ffmpeg -nostdin -loglevel error -y -i "$src" -map 0:a -map_metadata -1 -c copy "$work/left/ffmpeg.m4a"
cp "$src" "$work/left/exiftool.m4a"
exiftool -q -q -all= -overwrite_original "$work/left/exiftool.m4a"
for t in vox ffmpeg exiftool; do
	left=$(exiftool -a -G1 -s "$work/left/$t.m4a" | grep -v '^\[System\]' |
		grep -iE 'GPS|Location|Artist|Jane|Encoder|Lavf|CreateDate *: [1-9]|2026' |
		sed 's/  */ /g' | tr '\n' ';' || true)
	echo "bench-audio: $t leaves: ${left:-nothing identifying}"
done
