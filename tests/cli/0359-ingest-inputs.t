#!/bin/sh
# vox ingest reads only its inputs (privacy rule 8): no symbolic link out of them, no
# manifest row outside the sheet's folder and the inputs, never a FIFO or a device.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 15
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/src" 8

# What lies outside the inputs: a family photo and a text that must not become a story.
mkdir -p "$T/home/Pictures" "$T/in/P01" "$T/in/P02/inner" "$T/sheet/day1"
cp "$T/src/IMG_000.jpg" "$T/home/Pictures/family.jpg"
cp "$T/src/IMG_001.jpg" "$T/home/Pictures/holiday.jpg"
printf 'Title: secret words\n\nsecret story\n' >"$T/home/passwd.txt"
ln -s "$T/home" "$T/in/P01/away"                          # a folder link out
ln -s ../../home/Pictures/family.jpg "$T/in/P01/fam.jpg"  # a photo link out
cp "$T/src/IMG_002.jpg" "$T/in/P01/IMG_002.jpg"
ln -s "$T/home/passwd.txt" "$T/in/P01/IMG_002.txt"        # a sidecar link out
cp "$T/src/IMG_003.jpg" "$T/in/P02/inner/IMG_003.jpg"
ln -s inner "$T/in/P02/same"                              # a link that stays inside
cp "$T/src/IMG_004.jpg" "$T/in/P02/IMG_004.jpg"
mkfifo "$T/in/P02/IMG_004.txt" "$T/in/P02/a.txt"          # FIFOs named like captions
mkfifo "$T/in/P02/IMG_099.jpg" "$T/in/P02/card.zip"       # and like a photo and a zip

timeout 30 vox ingest -p P01 "$T/in" >"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a FIFO named like a caption does not hang ingest" "[ \$(cat $T/rc) -ne 124 ]"
check "a photo linked from outside the inputs is refused, naming the link" \
	"grep -q \"refused: '.*in/P01/fam.jpg': .*out of the inputs\" $T/err"
check "a folder linked from outside the inputs is not walked" \
	"grep -q \"refused: '.*in/P01/away': .*out of the inputs\" $T/err &&
	! grep -q 'holiday' $T/out"
check "a sidecar linked from outside refuses its photo, naming the sidecar" \
	"grep -q \"refused: '.*in/P01/IMG_002.jpg': '.*IMG_002.txt': .*out of the inputs\" $T/err"
check "a FIFO sidecar refuses its photo, naming the FIFO" \
	"grep -q \"refused: '.*IMG_004.jpg': '.*IMG_004.txt': not a regular file\" $T/err"
check "FIFOs named like a photo or a zip are refused by name, not opened" \
	"grep -q \"refused: '.*P02/IMG_099.jpg': not a regular file\" $T/err &&
	grep -q \"refused: '.*P02/card.zip': not a regular file\" $T/err"
check "a link that stays inside an input is followed" \
	"grep -q 'in/P02/inner/IMG_003.jpg' $T/out && grep -q 'in/P02/same/IMG_003.jpg' $T/err"
check "nothing from outside reached the catalog" \
	"sqlite3 $c/vox.db 'SELECT count(*) FROM caption' >$T/n &&
	sqlite3 $c/vox.db \"SELECT count(*) FROM caption WHERE story LIKE '%secret%' OR
	    title LIKE '%secret%'\" | grep -qx 0 &&
	[ \$(wc -l <$T/out) -eq 1 ]"

# A sheet names files beside it (or among the inputs) only.
cp "$T/src/IMG_005.jpg" "$T/sheet/day1/IMG_005.jpg"
cat >"$T/sheet/captions.csv" <<EOF
file,title
day1/IMG_005.jpg,Beside the sheet
../home/Pictures/family.jpg,Up and out
$T/home/Pictures/holiday.jpg,Absolute
EOF
vox ingest -p P03 --manifest "$T/sheet/captions.csv" >"$T/out-m" 2>"$T/err-m"
check "a row beside the sheet is ingested" "grep -q 'day1/IMG_005.jpg' $T/out-m"
check "a row going up out of the sheet's folder is refused" \
	"grep -q \"refused: '.*captions.csv' line 3: '../home/Pictures/family.jpg': outside\" \
	$T/err-m"
check "an absolute row outside the sheet's folder is refused" \
	"grep -q \"refused: '.*captions.csv' line 4: '.*holiday.jpg': outside\" $T/err-m"
check "neither photo outside was added" "[ \$(wc -l <$T/out-m) -eq 1 ]"

# A file given on the command line is itself an input, wherever a link leads.
ln -s "$T/home/Pictures/holiday.jpg" "$T/given.jpg"
printf 'Title: given\n' >"$T/given.txt"
ok "a photo named on the command line is read through its link" \
	vox ingest -q -p P04 "$T/given.jpg"
check "and its sidecar beside it too" "vox ls --json --participant P04 | grep -q '\"given\"'"

mkfifo "$T/sheet.csv"
timeout 30 vox ingest -p P05 --manifest "$T/sheet.csv" "$T/src/IMG_006.jpg" >/dev/null \
    2>"$T/err-f"
echo $? >"$T/rc-f"
check "a FIFO as the manifest is refused, not waited on" \
	"[ \$(cat $T/rc-f) -ne 124 ] && grep -q \"sheet.csv': not a regular file\" $T/err-f"
done_testing
