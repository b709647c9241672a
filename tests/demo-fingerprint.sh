#!/bin/sh
# Prints a fingerprint of what the demo makes: `vox ls --json` of the sample collection, the
# sha256 of the report bag, and every file of the gallery with its sha256. A refactoring that
# must not change behaviour leaves this output unchanged (run it before and after, and diff).
# Usage: VOX_BIN=build/bin sh tests/demo-fingerprint.sh [DIR]   (DIR: where the demo is made)
set -eu
: "${VOX_BIN:?the folder of the built tools}"
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build/fingerprint}
# Fixed times: the bag's dates and the catalog's clock come from here.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1780000000}
export SOURCE_DATE_EPOCH
VOX_DEMO_DIR=$dir VOX_BIN=$(cd "$VOX_BIN" && pwd) sh "$top/samples/demo.sh" >"$dir.log" 2>&1 || {
	cat "$dir.log" >&2
	exit 1
}
echo "== vox ls --json (the collection's folder and the clock's times made neutral)"
VOX_COLLECTION=$dir/collection "$VOX_BIN/vox" ls --json |
	sed -e "s|$dir/collection|COLLECTION|g" \
		-e 's/"\(added\|changed\)":"[0-9TZ:-]*"/"\1":"TIME"/g' | sha256sum
echo "== report bag"
sha256sum <"$dir/report.zip"
echo "== gallery"
(cd "$dir/gallery" && find . -type f | LC_ALL=C sort | xargs sha256sum)
