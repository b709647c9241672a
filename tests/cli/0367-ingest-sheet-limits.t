#!/bin/sh
# A sheet of captions is bounded as caption files are: a cell over 1 MB refuses its row's
# photo ("too large for a caption", naming the sheet and the line), wherever the cell is;
# a sheet's captions count toward the run's 32 MB of captions; a sheet of more than 20,000
# rows, or a row of more than 10,000 fields, is refused whole before anything is ingested.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 9
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 36

python3 - "$T/in" <<'PY'
import sys
d = sys.argv[1]
big = "word " * (420 * 1024)  # 2.1 MB
with open(d + "/big.csv", "w") as f:
    f.write("file,title,story\n")
    f.write("IMG_000.jpg,Private one,%s\n" % big)
    f.write("IMG_001.jpg,The good one,A story.\n")
# The cell comes before the file's.
with open(d + "/before.csv", "w") as f:
    f.write("story,consent,file\n%s,private,IMG_002.jpg\n" % big)
# Sidecars of 31 MB in all, then three sheet captions of 900 kB: the third passes 32 MB.
for i in range(31):
    with open("%s/IMG_%03d.txt" % (d, i + 5), "w") as f:
        f.write("Title: Sidecar %d\n\n%s\n" % (i, "x" * 999980))
with open(d + "/run.csv", "w") as f:
    f.write("file,story\n")
    for i in (2, 3, 4):
        f.write("IMG_%03d.jpg,%s\n" % (i, "y" * 900 * 1024))
with open(d + "/rows.csv", "w") as f:
    f.write("file,title\n")
    for i in range(20001):
        f.write("IMG_001.jpg,t\n" if i == 0 else "gone-%d.jpg,t\n" % i)
with open(d + "/wide.csv", "w") as f:
    f.write("file,title\nIMG_001.jpg,t" + "," * 20000 + "\n")
PY
mkdir "$T/few" && cp "$T/in/IMG_000.jpg" "$T/in/IMG_001.jpg" "$T/in/IMG_002.jpg" "$T/few/"

vox ingest -p P01 -s truro-foodbank --manifest "$T/in/big.csv" "$T/few/IMG_000.jpg" \
	"$T/few/IMG_001.jpg" >"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a photo whose sheet cell is over 1 MB is refused, naming the sheet and line" \
	'[ "$(cat $T/rc)" = 1 ] &&
	 grep -q "IMG_000.jpg.*big.csv.: line 2: .story. too large for a caption" "$T/err"'
check "and the other rows' photos are added with their captions" \
	'[ "$(vox ls | wc -l)" = 1 ] && vox show P01-01 | grep -q "The good one"'
vox ingest -p P01 -s truro-foodbank --manifest "$T/in/before.csv" "$T/few/IMG_002.jpg" \
	>"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a cell too large before the file column refuses the photo all the same" \
	'[ "$(cat $T/rc)" = 1 ] && grep -q "IMG_002.jpg.*too large for a caption" "$T/err" &&
	 [ "$(vox ls | wc -l)" = 1 ]'

vox ingest -p P02 -s truro-foodbank --manifest "$T/in/run.csv" "$T/in" >"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "sheet captions count toward the run's 32 MB: the one past it is refused" \
	'[ "$(cat $T/rc)" = 1 ] &&
	 grep -q "IMG_004.jpg.*run.csv. line 4 was not taken: captions in one run hold at most 32 MB" "$T/err"'
check "and the photos whose captions fit are added" \
	'[ "$(vox ls --participant P02 | wc -l)" = 34 ] && ! grep -q "IMG_003.jpg" "$T/err"'

vox ingest -p P03 -s truro-foodbank --manifest "$T/in/rows.csv" "$T/few/IMG_001.jpg" \
	>"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a sheet of more than 20,000 rows is refused whole" \
	'[ "$(cat $T/rc)" != 0 ] && grep -q "more than 20000 rows; split the sheet" "$T/err" &&
	 [ -z "$(vox ls --participant P03)" ]'
check "the manual states the sheet's limits" \
	'grep -q "at most 20,000" cmd/vox-ingest.1'

vox ingest -p P03 -s truro-foodbank --manifest "$T/in/wide.csv" "$T/few/IMG_001.jpg" \
	>"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a row of more than 10,000 fields refuses the sheet" \
	'[ "$(cat $T/rc)" != 0 ] && grep -q "more than 10000 fields in one row" "$T/err" &&
	 [ -z "$(vox ls --participant P03)" ]'
check "a sidecar over 1 MB says the same limit" \
	'head -c 1100000 /dev/zero | tr "\0" a >"$T/few/IMG_001.txt" &&
	 ! vox ingest -p P04 -s truro-foodbank "$T/few/IMG_001.jpg" 2>"$T/err" &&
	 grep -q "larger than 1 MB" "$T/err"'
done_testing
