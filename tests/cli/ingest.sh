# Shared by the ingest end-to-end tests (sourced after lib.sh).

# mkjpegs DIR N [PREFIX]: N small JPEGs with pixels of their own (PPM by Python, cjpeg).
mkjpegs() {
	mkdir -p "$1"
	python3 - "$1" "$2" "${3:-IMG_}" <<'PY' || return 1
import sys
d, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
w, h = 96, 64
for i in range(n):
    px = bytearray(((x * 3 + y * 5 + i * 37) ^ (i * 11)) & 0xff
                   for y in range(h) for x in range(w) for _ in range(3))
    # The pattern repeats; a top row of 8x8 blocks spelling i in binary does not.
    for bit in range(12):
        v = 255 if i >> bit & 1 else 0
        for y in range(8):
            for x in range(bit * 8, bit * 8 + 8):
                px[(y * w + x) * 3:(y * w + x) * 3 + 3] = bytes((v, v, v))
    with open('%s/%s%03d.ppm' % (d, prefix, i), 'wb') as f:
        f.write(b'P6\n%d %d\n255\n' % (w, h) + px)
PY
	for _p in "$1"/*.ppm; do
		cjpeg -quality 80 "$_p" >"${_p%.ppm}.jpg" && rm -f "$_p" || return 1
	done
}

# mkcoll DIR: a collection with the sample workshop's pairs and sites.
mkcoll() {
	vox init -q "$1" &&
	vox pair -q -C "$1" add cornwall &&
	vox site -q -C "$1" add truro-foodbank --pair cornwall --setting urban &&
	vox site -q -C "$1" add cornwall-farm --pair cornwall --setting rural &&
	vox theme -q -C "$1" add cooking-together
}

# photos DIR: how many photo rows the catalog holds.
photos() {
	sqlite3 "$1/vox.db" 'SELECT count(*) FROM photo'
}
