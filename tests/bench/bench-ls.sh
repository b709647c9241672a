#!/bin/sh
# vox ls with three filters (--site --theme --audience) on a catalog of 100,000 photos.
# Target: well under 100 ms. The catalog is made by `vox init` and the declaring tools,
# then filled with gen-catalog.sql in sqlite3 (a recursive CTE: the real schema, no
# ingest). Anchor: the sqlite3 shell printing the same ids with a plain SQL query, which
# is the floor for any tool that starts a process and opens the database.
set -u
: "${BENCH_DIR:?run through make bench}" "${VOX_TOP:?}"
D="$BENCH_DIR/ls-100k"
here="$VOX_TOP/tests/bench"
filters="--site truro-foodbank --theme community --audience group"

if [ ! -f "$D/vox.db" ] || [ "$(sqlite3 "$D/vox.db" 'SELECT count(*) FROM photo' 2>/dev/null)" != 100000 ] ||
    [ "$here/gen-catalog.sql" -nt "$D/vox.db" ]; then
	rm -rf "$D"
	vox init -q "$D" --title "Benchmark" || exit 1
	for p in cornwall wales devon cumbria; do vox pair -C "$D" add "$p" || exit 1; done
	set -- cornwall truro-foodbank urban cornwall cornwall-farm rural \
	    cornwall penzance-refugees urban wales cardiff-refugees urban \
	    wales wales-farm rural wales swansea-ld other devon exeter-foodbank urban \
	    devon devon-farm rural devon plymouth-ld other cumbria carlisle-foodbank urban \
	    cumbria cumbria-farm rural cumbria kendal-ld other
	while [ $# -ge 3 ]; do
		vox site -C "$D" add "$2" --pair "$1" --setting "$3" || exit 1
		shift 3
	done
	t0=$(date +%s.%N)
	sqlite3 "$D/vox.db" <"$here/gen-catalog.sql" || exit 1
	t1=$(date +%s.%N)
	printf 'generated 100,000 photos in %.1f s\n' "$(echo "$t1 - $t0" | bc)"
fi
cat "$D/vox.db" >/dev/null # the page cache warm alike for every command
n=$(vox ls -C "$D" $filters | wc -l)
echo "photos: $(sqlite3 "$D/vox.db" 'SELECT count(*) FROM photo'), selected by '$filters': $n"
site=$(sqlite3 "$D/vox.db" "SELECT id FROM site WHERE slug = 'truro-foodbank'")
theme=$(sqlite3 "$D/vox.db" "SELECT id FROM theme WHERE slug = 'community'")
sql="SELECT sha256 FROM photo p WHERE p.site_id = $site AND p.audience >= 2 AND EXISTS (SELECT 1 FROM photo_theme pt WHERE pt.photo_id = p.id AND pt.theme_id = $theme)"
[ "$(sqlite3 "$D/vox.db" "$sql" | wc -l)" -eq "$n" ] || echo "warning: the anchor query selects a different count"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N -w 5 -r 40 --export-json "$BENCH_DIR/ls.json" \
	    -n "vox ls (3 filters)" "vox ls -C $D $filters" \
	    -n "vox ls --json (3 filters)" "vox ls -C $D $filters --json" \
	    -n "vox ls -l (3 filters)" "vox ls -C $D $filters -l" \
	    -n "sqlite3 anchor" "sqlite3 $D/vox.db \"$sql\"" >/dev/null || exit 1
	python3 - "$BENCH_DIR/ls.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
anchor = r[-1]["mean"]
for x in r:
    cpu = (x["user"] + x["system"]) * 1000
    print("%-28s %7.1f ms wall (median %.1f, ±%.1f)  %5.1f ms cpu  %.2fx sqlite3" % (
        x["command"], x["mean"] * 1000, x["median"] * 1000, x["stddev"] * 1000, cpu,
        x["mean"] / anchor))
ok = r[0]["median"] < 0.100
print("target vox ls under 100 ms: %s" % ("met" if ok else "NOT met"))
sys.exit(0 if ok else 1)
PY
else
	t0=$(date +%s%N)
	for i in 1 2 3 4 5 6 7 8 9 10; do vox ls -C "$D" $filters >/dev/null; done
	t1=$(date +%s%N)
	echo "vox ls (3 filters): $(( (t1 - t0) / 10000000 )) ms mean of 10"
fi
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
