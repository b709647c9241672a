#!/bin/sh
# An output folder (gallery, booklet, folder bag) is replaced only when its marker says
# photovox made it as that kind and nothing unknown is inside; otherwise the tool refuses
# and says why, and every file there is kept. A mount point can be an output folder.
. tests/cli/lib.sh
plan 23
C="$T/c"
export C T
"$VOX_BUILD/tests/cli/gallery-collection" "$C" >"$T/fixture.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture.log"; exit 1; }
C2="$T/c2" P=P07
"$VOX_BUILD/tests/cli/review-collection" "$C2" >"$T/fixture2.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture2.log"; exit 1; }
export C2 P

# Another tool's bag, with an interview in it.
mkdir -p "$T/other/data"
printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' >"$T/other/bagit.txt"
printf 'interview' >"$T/other/data/interview.wav"
status "a folder bag over another tool's bag is refused" 3 \
	vox archive -q -C "$C" -a group --format dir -o "$T/other"
check "which is kept whole" 'test -f "$T/other/data/interview.wav" && test -f "$T/other/bagit.txt"'
check "and the refusal says why" \
	'vox archive -q -C "$C" -a group --format dir -o "$T/other" 2>&1 | grep -q "not a bag made by photovox"'
ok "a folder bag is written" vox archive -q -C "$C" -a group --format dir -o "$T/bag"
ok "and written again over itself" vox archive -q -C "$C" -a group --format dir -o "$T/bag"
ok "it checks clean" vox archive --verify "$T/bag"
printf 'notes' >"$T/bag/data/my-notes.txt"
status "a folder bag someone added to is refused" 3 \
	vox archive -q -C "$C" -a group --format dir -o "$T/bag"
check "naming what was added, which is kept" \
	'vox archive -q -C "$C" -a group --format dir -o "$T/bag" 2>&1 | grep -q "data/my-notes.txt" && test -f "$T/bag/data/my-notes.txt"'

ok "a gallery is built" vox gallery -q -C "$C" -o "$T/g" --audience group
ok "and built again over itself" vox gallery -q -C "$C" -o "$T/g" --audience group
check "it carries a marker naming what it holds" \
	'head -n 1 "$T/g/.vox-output" | grep -qx "photovox gallery" && grep -q "  index.html$" "$T/g/.vox-output"'
printf 'my notes' >"$T/g/notes.txt"
status "a gallery with a file someone put in it is not replaced" 3 \
	vox gallery -q -C "$C" -o "$T/g" --audience group
check "the refusal names the file, which is kept" \
	'vox gallery -q -C "$C" -o "$T/g" --audience group 2>&1 | grep -q "notes.txt" && test -f "$T/g/notes.txt"'
rm "$T/g/notes.txt"
img=$(find "$T/g/img" -name '*.jpg' | head -n 1)
# Files two seconds older than the marker are taken as it lists them, unread: the edit must
# be seen all the same, by its change time (which the marker's touch cannot hide).
sleep 3
touch -d '+1 hour' "$T/g/.vox-output"
exiftool -q -overwrite_original_in_place -Artist=Somebody "$img"
status "nor one whose image someone edited" 3 vox gallery -q -C "$C" -o "$T/g" --audience group
check "which is kept as edited" 'exiftool -Artist "$T"/g/img/*.jpg | grep -q Somebody'
mkdir "$T/empty"
ok "an existing empty folder is filled" vox gallery -q -C "$C" -o "$T/empty" --audience group

ok "a booklet is built, and built again" \
	sh -c 'vox review -q -C "$C2" -o "$T/b" "$P" >/dev/null && vox review -q -C "$C2" -o "$T/b" "$P" >/dev/null'
printf 'x' >"$T/b/img/extra.jpg"
check "a booklet with a file someone put in it is not replaced, and the file is kept" \
	'! vox review -q -C "$C2" -o "$T/b" "$P" 2>"$T/rv.err" && grep -q "img/extra.jpg" "$T/rv.err" && test -f "$T/b/img/extra.jpg"'

# A mount point: it cannot be renamed, so the output is built inside it and put in place.
mkdir "$T/mnt"
if mount -t tmpfs -o size=64m tmpfs "$T/mnt" 2>"$T/mount.err"; then
	trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
	ok "a gallery fills a mount point" vox gallery -q -C "$C" -o "$T/mnt" --audience group
	ok "and replaces its own gallery there" vox gallery -q -C "$C" -o "$T/mnt" --audience group
	check "leaving no temporary folder inside or beside it, and the gallery whole" \
		'! ls -a "$T/mnt" | grep -q "^\.vox-build-" && ! ls -a "$T" | grep -q "^\.mnt\." &&
		 test -s "$T/mnt/index.html" && test -s "$T/mnt/.vox-output" && mountpoint -q "$T/mnt"'
	check "a folder bag replaces the gallery's files one by one only after a check: refused" \
		'vox archive -q -C "$C" -a group --format dir -o "$T/mnt"; [ $? -eq 3 ] && test -s "$T/mnt/index.html"'
	check "once emptied, a folder bag fills it and checks clean" \
		'find "$T/mnt" -mindepth 1 -delete && vox archive -q -C "$C" -a group --format dir -o "$T/mnt" &&
		 vox archive -q -C "$C" -a group --format dir -o "$T/mnt" && vox archive --verify "$T/mnt" &&
		 ! ls -a "$T/mnt" | grep -q "^\.vox-build-"'
	umount "$T/mnt"
else
	for i in 1 2 3 4 5; do
		_n=$((_n + 1))
		echo "ok $_n # skip mount -t tmpfs refused: $(head -n 1 "$T/mount.err")"
	done
fi
done_testing
