#!/bin/sh
# An output file (a bag as zip or tar, a REFI-QDA project, a booklet's zip) is replaced only
# when its marker says photovox made it as that kind and nothing unknown is inside;
# otherwise the tool refuses before any work, says why, exits 3, and the file is kept. No
# output ever goes to the collection's own files. A full disk names the file, the entry
# and the system's reason.
. tests/cli/lib.sh
plan 26
C="$T/c"
export C T
"$VOX_BUILD/tests/cli/gallery-collection" "$C" >"$T/fixture.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture.log"; exit 1; }
C2="$T/c2" P=P07
"$VOX_BUILD/tests/cli/review-collection" "$C2" >"$T/fixture2.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture2.log"; exit 1; }
export C2 P
sha256sum "$C/vox.db" >"$T/db.sum"

# The collection's own files.
status "an archive over the collection's catalog is refused" 3 \
	vox archive -q -C "$C" -a group -o "$C/vox.db"
check "which is left as it was and still opens (sqlite3)" \
	'sha256sum -c --quiet "$T/db.sum" && sqlite3 "$C/vox.db" "SELECT count(*) FROM photo" >/dev/null &&
	 vox archive -q -C "$C" -a group -o "$C/vox.db" 2>&1 | grep -q "vox.db"'
stored=$(find "$C/store" -name '*.jpg' | head -n 1)
export stored
status "an archive over a stored photo is refused" 3 \
	vox archive -q -C "$C" -a group --format zip -o "$stored"
check "and the store checks clean" 'vox check -C "$C" >/dev/null'
status "nor does an archive go anywhere in store/ or cache/" 3 \
	vox archive -q -C "$C" -a group -o "$C/cache/a.zip"
check "nothing was written there" '! test -e "$C/cache/a.zip"'

# Files photovox did not make.
printf 'my own notes\n' >"$T/notes.zip"
cp "$T/notes.zip" "$T/notes.orig"
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("interview.txt", "an interview")' "$T/mine.zip"
cp "$T/mine.zip" "$T/mine.orig"
for f in notes mine; do
	status "an archive over $f.zip, not photovox's, is refused" 3 \
		vox archive -q -C "$C" -a group -o "$T/$f.zip"
done
check "both kept byte for byte, the refusal naming the file and why" \
	'cmp "$T/notes.zip" "$T/notes.orig" && cmp "$T/mine.zip" "$T/mine.orig" &&
	 vox archive -q -C "$C" -a group -o "$T/mine.zip" 2>&1 |
	     grep -q "mine.zip.: exists and is not a bag made by photovox"'
cp "$T/notes.orig" "$T/notes.qdpx"
check "a REFI-QDA project over a file not photovox's is refused, the file kept" \
	'vox archive -q -C "$C" -a group -o "$T/notes.qdpx"; [ $? -eq 3 ] &&
	 cmp "$T/notes.qdpx" "$T/notes.orig"'
: >"$T/empty.tar"
status "and so is an archive over an empty file" 3 \
	vox archive -q -C "$C" -a group -o "$T/empty.tar"

# Its own outputs are replaced.
for f in a.zip a.tar a.tar.gz a.qdpx; do
	ok "$f is written, and written again over itself" \
		sh -c 'vox archive -q -C "$C" -a group -o "$T/$1" && vox archive -q -C "$C" -a group -o "$T/$1"' sh "$f"
done
check "the bag still checks (an independent reader) with its marker last" \
	'python3 tests/cli/bagcheck.py "$T/a.zip" && python3 tests/cli/bagcheck.py "$T/a.tar.gz" &&
	 unzip -Z1 "$T/a.zip" | tail -n 1 | grep -qx "a/.vox-output"'
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.writestr("a/data/my-notes.txt", "notes")' "$T/a.zip"
status "a bag someone added a file to is refused" 3 vox archive -q -C "$C" -a group -o "$T/a.zip"
check "naming what was added, which is kept" \
	'vox archive -q -C "$C" -a group -o "$T/a.zip" 2>&1 | grep -q "a/data/my-notes.txt" &&
	 unzip -p "$T/a.zip" a/data/my-notes.txt | grep -q notes'
# A QDA program saved its coding into the project: project.qde changed, the rest kept.
python3 -c 'import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
    for i in a.infolist():
        d = a.read(i)
        if i.filename == "project.qde":
            d = d.replace(b"</Project>", b"<!-- coded --></Project>")
        b.writestr(i, d)' "$T/a.qdpx" "$T/coded.qdpx"
cp "$T/coded.qdpx" "$T/coded.orig"
check "a project whose project.qde was changed is refused, named, and kept" \
	'vox archive -q -C "$C" -a group -o "$T/coded.qdpx" 2>"$T/q.err"; [ $? -eq 3 ] &&
	 grep -q "project.qde. was changed" "$T/q.err" && cmp "$T/coded.qdpx" "$T/coded.orig"'
status "a project is not replaced by a bag" 3 vox archive -q -C "$C" -a group --format zip -o "$T/a.qdpx"

# A booklet's zip.
mkdir "$T/bk"
printf 'not a zip\n' >"$T/bk/$P.zip"
status "review --zip over a file not photovox's is refused" 3 \
	vox review -q -C "$C2" --zip -o "$T/bk/$P" "$P"
check "the file is kept and no booklet was built" \
	'grep -qx "not a zip" "$T/bk/$P.zip" && ! test -e "$T/bk/$P"'
rm "$T/bk/$P.zip"
ok "a booklet and its zip are built, and built again" \
	sh -c 'vox review -q -C "$C2" --zip -o "$T/bk/$P" "$P" >/dev/null &&
	       vox review -q -C "$C2" --zip -o "$T/bk/$P" "$P" >/dev/null'
rm "$T/bk/$P/sheet.html"
check "a booklet a file was only removed from is rebuilt, the file back" \
	'vox review -q -C "$C2" -o "$T/bk/$P" "$P" >/dev/null && test -s "$T/bk/$P/sheet.html"'

# A full disk, on a small file system of its own (in a user namespace).
mkdir "$T/small"
unshare -rm sh -c 'mount -t tmpfs -o size=150k tmpfs "$1/small" || exit 99
	head -c 100000 /dev/urandom >"$1/small/fill"
	vox review -q -C "$2" -o "$1/small/b" "$3" >/dev/null 2>"$1/rv.err"; echo $? >"$1/rv.rc"
	vox archive -q -C "$4" -a group -o "$1/small/a.qdpx" 2>"$1/q.err"; echo $? >"$1/q.rc"' \
	sh "$T" "$C2" "$P" "$C" >/dev/null 2>"$T/mount.err"
if [ $? -eq 99 ]; then
	skip "a full disk while a booklet is written" "mount -t tmpfs refused"
	skip "a full disk while a project is written" "mount -t tmpfs refused"
else
	check "a full disk while a booklet is written: exit 3, the file and the reason" \
		'[ "$(cat "$T/rv.rc")" -eq 3 ] && grep -q "small/.*: No space left on device" "$T/rv.err"'
	check "a full disk while a project is written: exit 3, the file, the entry, the reason" \
		'[ "$(cat "$T/q.rc")" -eq 3 ] &&
		 grep -q "a.qdpx.: writing .[^ ]*.: .*No space left on device" "$T/q.err"'
fi
done_testing
