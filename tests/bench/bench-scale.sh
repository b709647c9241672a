#!/bin/sh
# A whole collection at scale: BENCH_SCALE_N distinct photos (10,000 by default, about
# 1000x750, made by gen-photos.c) across 4 pairs, 8 sites, 40 participants and 10 themes.
# For each step, wall seconds and peak memory (/usr/bin/time), and the anchor measured in
# the same run where there is one:
#   ingest (40 runs, one a participant), vox ls with three filters, a full gallery
#   (against vipsthumbnail making the same 6 files a photo), a gallery rebuild with
#   nothing changed, vox archive (against bsdtar over the store), vox review --all,
#   vox check.
# Targets (CONTRIBUTING.md): every step completes; peak memory under 200 MB for each; the
# rebuild under 2 s; the full gallery at most 0.5x vipsthumbnail; vox check under 10 s.
set -eu
: "${BENCH_DIR:?run through make bench}"
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
N=${BENCH_SCALE_N:-10000}
src="$BENCH_DIR/scale-photos"
work="$BENCH_DIR/scale-work"
C="$work/collection"
log="$work/figures"

mkdir -p "$BENCH_DIR"
gen="$BENCH_DIR/gen-photos"
if [ ! -x "$gen" ] || [ "$top/tests/bench/gen-photos.c" -nt "$gen" ]; then
	${CC:-cc} -O2 -o "$gen" "$top/tests/bench/gen-photos.c" \
	    $(pkg-config --cflags --libs libturbojpeg)
fi
mkdir -p "$src"
have=$(find "$src" -maxdepth 1 -name 'photo-*.jpg' | wc -l)
if [ "$have" -lt "$N" ]; then
	t0=$(date +%s)
	"$gen" "$src" $((have + 1)) "$N"
	echo "made $((N - have)) photos in $(( $(date +%s) - t0 )) s"
fi

rm -rf "$work" && mkdir -p "$work/thumb" "$work/out"
: >"$log"
# measure NAME ANCHOR-NAME CMD: runs CMD (sh -c) under /usr/bin/time, records a line
# "NAME seconds peak-MB status" in the figures.
measure() {
	name=$1
	shift
	st=0
	/usr/bin/time -f "%e %M" -o "$work/time" sh -c "$1" >"$work/out/$name.out" \
	    2>"$work/out/$name.err" || st=$?
	awk -v n="$name" -v s="$st" '{ printf "%s %.2f %.1f %d\n", n, $1, $2 / 1024, s }' \
	    "$work/time" | tail -n 1 >>"$log"
	[ "$st" -eq 0 ] || echo "$name: exit status $st: $(tail -n 3 "$work/out/$name.err")" >&2
}

# The collection's frame (not measured): pairs of two sites, five participants a site.
vox init -q --title "Scale" "$C"
set -- cornwall wales devon cumbria
for p in "$@"; do vox pair -q -C "$C" add "$p"; done
sites="cornwall:truro-foodbank:urban cornwall:cornwall-farm:rural wales:cardiff-refugees:urban
wales:wales-farm:rural devon:exeter-foodbank:urban devon:devon-farm:rural
cumbria:kendal-ld:other cumbria:cumbria-farm:rural"
i=0
for s in $sites; do
	pair=${s%%:*} rest=${s#*:} setting=${s##*:}
	site=${rest%%:*}
	vox site -q -C "$C" add "$site" --pair "$pair" --setting "$setting"
	for k in 1 2 3 4 5; do
		i=$((i + 1))
		vox participant -q -C "$C" add "$(printf P%02d "$i")" --site "$site"
	done
done
# The ten themes a new collection starts with.
themes=$(vox theme -C "$C" ls | cut -f1)
[ "$(echo "$themes" | wc -l)" -eq 10 ] || { echo "bench-scale: expected 10 themes" >&2; exit 1; }

# Ingest: participant k takes photos k, k+40, k+80 …, one run each; the figure is the sum
# of the runs' seconds and the largest peak.
tot=0 peak=0 st=0
i=0
for s in $sites; do
	rest=${s#*:}
	site=${rest%%:*}
	for k in 1 2 3 4 5; do
		i=$((i + 1))
		code=$(printf P%02d "$i")
		seq "$i" 40 "$N" | awk -v d="$src" '{ printf "%s/photo-%05d.jpg\n", d, $1 }' \
		    >"$work/list"
		r=0
		/usr/bin/time -f "%e %M" -o "$work/time" sh -c "xargs vox ingest -q -C '$C' \
		    -p $code -s $site --consent report --people none <'$work/list'" \
		    >/dev/null 2>>"$work/out/ingest.err" || r=$?
		[ "$r" -eq 0 ] || st=$r
		set -- $(tail -n 1 "$work/time")
		tot=$(echo "$tot $1" | awk '{ printf "%.2f", $1 + $2 }')
		peak=$(echo "$peak $2" | awk '{ print ($2 > $1) ? $2 : $1 }')
	done
done
echo "ingest $tot $(echo "$peak" | awk '{ printf "%.1f", $1 / 1024 }') $st" >>"$log"
stored=$(vox ls -C "$C" | wc -l)

# Themes: every tenth photo of the listing to each theme (not measured).
j=0
for t in $themes; do
	vox ls -C "$C" | awk -v j="$j" 'NR % 10 == j { print $1 }' | vox tag -q -C "$C" "+$t"
	j=$((j + 1))
done

filters="--site truro-foodbank --theme community --audience group"
measure ls "for i in 1 2 3 4 5 6 7 8 9 10; do vox ls -C '$C' $filters >/dev/null; done"
selected=$(vox ls -C "$C" $filters | wc -l)

# vipsthumbnail: the gallery's 6 images a photo of 1000 px (480, 960 and 1000 wide, JPEG
# and WebP), one run per width and format over all the photos, two runs at once.
find "$src" -maxdepth 1 -name 'photo-*.jpg' | sort | head -n "$N" >"$work/all"
measure vipsthumbnail "for w in 480 960 1000; do
	echo \"$work/thumb %s-\$w.jpg[Q=82,optimize_coding,interlace,strip] \$w\"
	echo \"$work/thumb %s-\$w.webp[Q=75,effort=2,strip] \$w\"
done | xargs -P 2 -L 1 sh -c 'xargs vipsthumbnail -s \"\$2\"x -o \"\$0/\$1\" <\"$work/all\"'"
measure gallery "vox gallery -q -C '$C' -o '$work/gallery' --audience group"
measure rebuild "vox gallery -q -C '$C' -o '$work/gallery' --audience group"
export SOURCE_DATE_EPOCH=1780000000
measure archive "vox archive -q -C '$C' -a report -o '$work/a.tar'"
measure bsdtar "cd '$C/store' && bsdtar -cf '$work/b.tar' ??"
measure review "vox review -q -C '$C' -o '$work/review' --all"
measure check "vox check -q -C '$C'"

echo "bench-scale: $N photos made, $stored stored, $selected selected by '$filters';" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The anchor is only fair while it makes what the gallery makes.
made=$(find "$work/gallery/img" -type f | wc -l)
thumbs=$(find "$work/thumb" -type f | wc -l)
echo "bench-scale: images: $made in the gallery, $thumbs by vipsthumbnail"
same=1
[ "$made" -eq "$thumbs" ] || { same=0; echo "bench-scale: the anchor did not make the gallery's images" >&2; }
awk '
	{ t[$1] = $2; m[$1] = $3; s[$1] = $4; order[NR] = $1 }
	END {
		printf "%-14s %9s %9s %7s  %s\n", "step", "seconds", "peak MB", "status", "target"
		ok = 1
		for (i = 1; i <= NR; i++) {
			n = order[i]; note = ""
			if (n == "ls") note = "(10 runs)"
			if (n == "gallery") note = sprintf("%.2fx vipsthumbnail (<= 0.5)", t[n] / t["vipsthumbnail"])
			if (n == "rebuild") note = "< 2 s"
			if (n == "archive") note = sprintf("%.2fx bsdtar", t[n] / t["bsdtar"])
			if (n == "check") note = "< 10 s"
			anchor = (n == "vipsthumbnail" || n == "bsdtar")
			if (!anchor && (s[n] != 0 || m[n] >= 200)) ok = 0
			printf "%-14s %9.2f %9.1f %7d  %s\n", n, t[n], m[n], s[n], note
		}
		if (t["rebuild"] >= 2 || t["check"] >= 10 || t["gallery"] > 0.5 * t["vipsthumbnail"] ||
		    same != 1)
			ok = 0
		printf "targets met: %s\n", ok ? "yes" : "no"
	}' same="$same" "$log"
