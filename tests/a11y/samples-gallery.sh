#!/bin/sh
# samples-gallery.sh COLLECTION OUTDIR — builds the sample workshop (samples/README.txt) into
# a new collection, shares every photo with the group, and builds its gallery: the gallery
# the browser checks look at. Needs the built tools on PATH.
set -eu
coll=${1:?usage: samples-gallery.sh COLLECTION OUTDIR} out=${2:?usage: samples-gallery.sh COLLECTION OUTDIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
unset VOX_COLLECTION
vox init -q --title "Twinning photovoice" "$coll"
export VOX_COLLECTION="$coll"
vox pair add -q cornwall --name "Cornwall twins"
vox site add -q truro-foodbank --pair cornwall --setting urban --name "Truro Food Bank"
vox site add -q cornwall-farm --pair cornwall --setting rural --name "Community farm near Truro"
vox pair add -q gloucestershire --name "Gloucestershire twins"
vox site add -q gloucester-refugee-group --pair gloucestershire --setting urban \
    --name "Gloucester refugee group"
vox site add -q stroud-valley-farm --pair gloucestershire --setting rural \
    --name "Stroud Valley farm"
vox theme add -q cooking-together --name "Cooking together"
vox session add -q 2026-05-12-cornwall-farm --site cornwall-farm --date 2026-05-12
vox session add -q 2026-05-19-stroud-valley-farm --site stroud-valley-farm --date 2026-05-19
vox ingest -q --by-folder -s cornwall-farm -S 2026-05-12-cornwall-farm "$top/samples/cornwall" >/dev/null
vox ingest -q --by-folder -s stroud-valley-farm -S 2026-05-19-stroud-valley-farm \
    --manifest "$top/samples/gloucestershire/captions.csv" "$top/samples/gloucestershire" >/dev/null
vox ls | vox consent -q --audience group
vox gallery -q -o "$out" --audience group
