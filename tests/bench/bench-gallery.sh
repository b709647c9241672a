#!/bin/sh
# Gallery derivatives against vipsthumbnail making the same images alone.
#
# The same N phone-sized JPEGs (4000x3000, distinct pixels) go through
#   - vox gallery --audience group: one decode per photo (shrink-on-load to 1600 px), then
#     480, 960 and 1600 px, each as JPEG (Q 82) and WebP (Q 75, effort 2), 2 photos at once;
#   - vipsthumbnail: the same 6 images per photo, one vipsthumbnail run per width and
#     format over all photos (so each photo is decoded 6 times), 2 runs at once, with the
#     same quality settings and --strip (libvips' own threads as it sets them).
# Target (CONTRIBUTING.md): vox gallery within 1.25x of vipsthumbnail, peak memory under 200 MB,
# and a rebuild with nothing changed encodes nothing.
set -eu
: "${BENCH_DIR:?run through make bench}"
N=${GALLERY_BENCH_N:-12}
top=${VOX_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
src="$BENCH_DIR/gallery-photos"
work="$BENCH_DIR/gallery-work"

# N distinct photos: one noisy 4000x3000 base (detail like a real photo's), each with its
# own patch drawn in, so that the collection keeps them all (identical bytes would be one).
if [ "$(find "$src" -maxdepth 1 -name 'photo-*.jpg' 2>/dev/null | wc -l)" -lt "$N" ]; then
	rm -rf "$src" && mkdir -p "$src"
	t=$(mktemp -d "${TMPDIR:-/tmp}/vox-bench.XXXXXX")
	for b in 1 2 3; do vips gaussnoise "$t/n$b.v" 4000 3000 --sigma 40 --mean 128; done
	vips bandjoin "$t/n1.v $t/n2.v $t/n3.v" "$t/f.v"
	vips cast "$t/f.v" "$t/u.v" uchar
	vips copy "$t/u.v" "$t/base.v" --interpretation srgb
	i=0
	while [ "$i" -lt "$N" ]; do
		i=$((i + 1))
		cp "$t/base.v" "$t/p.v"
		vips draw_rect "$t/p.v" "$((i * 20 % 256)) 60 200" $((i * 150 % 3400)) $((100 + i / 23 * 700)) 600 400 --fill
		vips jpegsave "$t/p.v" "$src/photo-$(printf %03d $i).jpg" --Q 88
	done
	rm -rf "$t"
fi

rm -rf "$work" && mkdir -p "$work/thumb"
C="$work/collection" G="$work/gallery"
if command -v vox-ingest >/dev/null 2>&1 && vox-ingest -h >/dev/null 2>&1; then
	vox init -q --title Bench "$C"
	vox pair -C "$C" -q add bench
	vox site -C "$C" -q add bench-site --pair bench --setting urban
	vox ingest -C "$C" -q -p P01 -s bench-site --consent group --people none "$src" >/dev/null
else
	"$top/build/tests/cli/folder-collection" "$C" "$src" >"$work/fixture.log" 2>&1 ||
	    { cat "$work/fixture.log"; exit 1; }
fi

now() { date +%s.%N; }
secs() { echo "$1 $2" | awk '{ printf "%.2f", $2 - $1 }'; }

# vipsthumbnail: 3 widths x 2 formats, two runs at a time.
t0=$(now)
for w in 480 960 1600; do
	echo "vipsthumbnail -s ${w}x -o $work/thumb/%s-$w.jpg[Q=82,optimize_coding,strip] $src/*.jpg"
	echo "vipsthumbnail -s ${w}x -o $work/thumb/%s-$w.webp[Q=75,effort=2,strip] $src/*.jpg"
done | xargs -P 2 -I{} sh -c '{}'
t1=$(now)
thumb=$(secs "$t0" "$t1")

rm -rf "$C/cache" && mkdir "$C/cache"
t0=$(now)
/usr/bin/time -v -o "$work/time.txt" vox gallery -C "$C" -o "$G" --audience group -q \
    2>"$work/build.txt"
t1=$(now)
gallery=$(secs "$t0" "$t1")
rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$work/time.txt")

t0=$(now)
vox gallery -C "$C" -o "$G" --audience group 2>"$work/rebuild.txt"
t1=$(now)
rebuild=$(secs "$t0" "$t1")
made=$(sed -n 's/.* \([0-9][0-9]*\) images made.*/\1/p' "$work/rebuild.txt")

images=$(ls "$G/img" | wc -l)
ratio=$(echo "$gallery $thumb" | awk '{ printf "%.2f", $1 / $2 }')
thumbs=$(ls "$work/thumb" | wc -l)
echo "photos: $N of 4000x3000; images: $images in the gallery, $thumbs by vipsthumbnail"
echo "vipsthumbnail (6 decodes a photo):   ${thumb} s"
echo "vox gallery (1 decode a photo):      ${gallery} s  = ${ratio}x vipsthumbnail (target <= 1.25)"
echo "vox gallery peak memory:             ${rss} MB (target < 200)"
echo "vox gallery rebuild, nothing changed: ${rebuild} s, ${made:-?} images made (target 0)"
# The ratio is only fair while both sides make the same images.
ok=$(echo "$ratio $rss ${made:-1} $images $thumbs" |
    awk '{ print ($1 <= 1.25 && $2 < 200 && $3 == 0 && $4 == $5) ? "yes" : "no" }')
echo "targets met: $ok"
