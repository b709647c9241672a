#!/bin/sh
# vox archive: BagIt bags that independent readers accept, only the consented photos,
# nothing private, the same bytes every time; --verify names every bad file.
. tests/cli/lib.sh
plan 38
B="python3 tests/cli/bagmake.py"
C="python3 tests/cli/bagcheck.py"
export SOURCE_DATE_EPOCH=1780000000
C1="$T/coll"
vox init -q --title "Cornwall photovoice" "$C1"
$B good "$T/in.zip"
vox import -q -C "$C1" "$T/in.zip" >/dev/null
# A real name, which must never leave the collection.
vox participant -q -C "$C1" add P11 --site truro-foodbank --name "Realname Secretperson" \
	>/dev/null
# A photo ingested from a camera file: its file name is private, its GPS is scrubbed.
vox ingest -q -C "$C1" -p P11 -s truro-foodbank --consent report --people none \
	"$VOX_CORPUS/jpg/gps/DSCN0010.jpg" >/dev/null
export C1 T B C

ok "vox archive -h prints usage" vox archive -h
status "an archive without an audience is a usage error" 2 vox archive -C "$C1" -o "$T/x.zip"
status "private is not an audience for an archive" 2 vox archive -C "$C1" -a private -o "$T/x.zip"
ok "writes a report archive as zip" vox archive -C "$C1" -a report -o "$T/report.zip"
ok "the independent checker accepts the zip" $C "$T/report.zip"
ok "unzip -t accepts it" unzip -tq "$T/report.zip"
ok "writes tar.gz from the extension" vox archive -C "$C1" -a report -o "$T/report.tar.gz"
check "bsdtar lists the tar.gz, one top folder named after the file" \
	'[ "$(bsdtar -tf "$T/report.tar.gz" | cut -d/ -f1 | sort -u)" = report ]'
ok "the independent checker accepts the tar.gz" $C "$T/report.tar.gz"
ok "writes a folder bag with --format dir" vox archive -C "$C1" -a report --format dir -o "$T/rdir"
ok "the folder bag checks with sha256sum -c as its README says" \
	sh -c 'cd "$T/rdir" && sha256sum -c --quiet manifest-sha256.txt'
check "the report has only photos consented to report, with people agreed" \
	'[ "$(bsdtar -tf "$T/report.zip" | grep "\.jpg$" | sed "s,.*/,," | sort | tr "\n" " ")" = "P07-01.jpg P07-02.jpg P09-01.jpg P11-01.jpg " ]'
ok "writes a public archive" vox archive -C "$C1" -a public -o "$T/public.tar"
check "public leaves out the sensitive photo" \
	'[ "$(bsdtar -tf "$T/public.tar" | grep "\.jpg$" | sed "s,.*/,," | tr "\n" " ")" = "P07-02.jpg " ]'
ok "writes a group archive" vox archive -C "$C1" -a group -o "$T/group.zip"
check "no real name in any file of any archive" \
	'for f in "$T/group.zip" "$T/report.zip" "$T/public.tar"; do bsdtar -xOf "$f" >"$T/all" || exit 1; grep -q "Cornwall photovoice" "$T/all" || exit 1; grep -a -q Secretperson "$T/all" && exit 1; done; vox participant -C "$C1" ls | grep -q P11'
check "the original file name appears in no file of the archive" \
	'bsdtar -tf "$T/report.zip" | grep -q P11-01.jpg && ! bsdtar -xOf "$T/report.zip" | grep -a -q DSCN0010'
check "exiftool finds no GPS in the archived camera photo" \
	'mkdir "$T/x" && bsdtar -xf "$T/report.zip" -C "$T/x" && f=$(find "$T/x" -name P11-01.jpg) && [ -s "$f" ] && ! exiftool -a -G1 "$f" | grep -q GPS'
ok "vox audit finds nothing in the archives" vox audit -q "$T/report.zip" "$T/report.tar.gz" "$T/group.zip"
check "two runs give the same sha256" \
	'mkdir "$T/again" && vox archive -q -C "$C1" -a report -o "$T/again/report.zip" && [ "$(sha256sum <"$T/report.zip")" = "$(sha256sum <"$T/again/report.zip")" ]'
check "tar.gz too, a second later" \
	'sleep 1; vox archive -q -C "$C1" -a report -o "$T/again/report.tar.gz" && cmp "$T/report.tar.gz" "$T/again/report.tar.gz"'
check "a changed theme on one photo changes the archive" \
	'vox tag -q -C "$C1" +food-and-growing P07-01 && vox archive -q -C "$C1" -a report -o "$T/again/report.zip" && ! cmp -s "$T/report.zip" "$T/again/report.zip"'
check "captions.csv round-trips through Python's csv module" \
	'python3 - "$T/report.zip" <<EOF
import csv, io, zipfile, sys
z = zipfile.ZipFile(sys.argv[1])
raw = z.read("report/data/captions.csv")
assert raw[:3] == b"\xef\xbb\xbf" and b"\r\n" in raw
rows = {r["ref"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))}
assert rows["P07-01"]["title"] == "Bread, \"fresh\", shared", rows["P07-01"]["title"]
assert rows["P07-01"]["story"] == "We said \"welcome\", and then, well\u2026\r\nA new line.\nCarrots \U0001F955"
assert rows["P07-01"]["happening"] == "Sharing\nfood"
assert rows["P07-02"]["title"] == "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a \u0627\u0644\u0645\u0632\u0631\u0639\u0629"
assert rows["P07-02"]["story"] == "\x27=1+1"
assert rows["P09-01"]["story"].startswith("Roedd y fferm") and rows["P09-01"]["translation"] == "The farm was lovely."
assert rows["P09-01"]["setting"] == "rural" and rows["P09-01"]["session_date"] == "2026-06-02"
assert set(rows) == {"P07-01", "P07-02", "P09-01", "P11-01"}
EOF'
check "captions.csv keeps its columns in order and adds readable names, 0/1 themes and prompt labels after them" \
	'python3 - "$T/report.zip" "$C1" <<EOF
import csv, io, subprocess, zipfile, sys
z = zipfile.ZipFile(sys.argv[1])
text = z.read("report/data/captions.csv").decode("utf-8-sig")
head = next(csv.reader(io.StringIO(text, newline="")))
old = ["ref", "file", "pair", "site", "setting", "session", "session_date", "participant",
       "themes", "title", "story", "alt", "lang", "see", "happening", "our-lives", "why", "do",
       "translation_lang", "translation_title", "translation", "translation_alt", "consent",
       "people", "sensitive"]
assert head[:len(old)] == old, head
themes = dict(l.split("\t") for l in subprocess.check_output(["vox", "theme", "-C", sys.argv[2], "ls"], text=True).splitlines())
new = ["pair_name", "site_name", "theme_names"] + ["theme_" + t for t in themes] + ["See", "Happening", "Our lives", "Why", "Do"]
assert head[len(old):len(old) + len(new)] == new, head
rows = list(csv.DictReader(io.StringIO(text, newline="")))
long = [r for r in csv.DictReader(io.StringIO(z.read("report/data/themes.csv").decode("utf-8-sig"), newline=""))]
assert long, "themes.csv has rows"
for r in rows:
    mine = [t for t in r["themes"].split(",") if t]
    assert all(r["theme_" + t] == ("1" if t in mine else "0") for t in themes), r
    assert r["theme_names"] == "; ".join(themes[t] for t in mine), r
    assert sorted((x["theme"], x["theme_name"]) for x in long if x["ref"] == r["ref"]) == sorted((t, themes[t]) for t in mine)
    assert r["Happening"] == r["happening"] and r["Our lives"] == r["our-lives"]
    assert r["site_name"] == "Cornwall Community Farm" or r["site"] != "cornwall-farm", r
    assert r["pair_name"] == "Cornwall twinning", r
assert any(r["theme_names"] for r in rows) and any(r["Happening"] for r in rows)
assert {x["ref"] for x in long} <= {r["ref"] for r in rows}
EOF'
check "bag-info.txt names the audience and the collection" \
	'$C --cat "$T/report.zip" bag-info.txt | grep -q "^Photovox-Audience: report" && $C --cat "$T/report.zip" bag-info.txt | grep -q "^Source-Organization: Cornwall photovoice"'
ok "--verify accepts every form" vox archive --verify "$T/report.zip" "$T/report.tar.gz" "$T/rdir"
# Break the folder bag in three ways at once.
printf 'changed' >"$T/rdir/data/README.txt"
rm "$T/rdir/data/photos/cornwall/cornwall-farm/P07-02.jpg"
printf 'stray' >"$T/rdir/data/stray.txt"
status "--verify refuses a broken bag" 1 vox archive --verify "$T/rdir"
check "--verify names every bad, missing or unlisted file" \
	'vox archive --verify "$T/rdir" 2>&1 | grep -q "README.txt: sha256 does not match" && vox archive --verify "$T/rdir" 2>&1 | grep -q "P07-02.jpg: listed in manifest-sha256.txt but missing" && vox archive --verify "$T/rdir" 2>&1 | grep -q "stray.txt: not listed"'
check "the independent checker agrees it is broken" '! $C "$T/rdir" >/dev/null'
ok "--with-gallery puts the gallery of the same photos in the bag" \
	vox archive -q -C "$C1" -a report --with-gallery -o "$T/again/gallery.zip"
check "the gallery is under data/gallery/ and the bag is valid" \
	'bsdtar -tf "$T/again/gallery.zip" | grep -q "^gallery/data/gallery/index.html$" && $C "$T/again/gallery.zip" && ! bsdtar -tf "$T/again/gallery.zip" | grep -q "P08-01"'
check "the gallery bag is deterministic and audits clean" \
	'mkdir "$T/g2" && vox archive -q -C "$C1" -a report --with-gallery -o "$T/g2/gallery.zip" && cmp "$T/again/gallery.zip" "$T/g2/gallery.zip" && vox audit -q "$T/g2/gallery.zip"'
status "a misspelt site is an error, not an empty archive" 3 \
	vox archive -C "$C1" -a report --site truro-fodbank -o "$T/typo.zip"

# A killed run leaves its hidden temporary bag (a file, or a folder) and its gallery folder,
# consented photos in them, beside the output; one still running holds a lock on its own.
K="$T/killed"
export K
mkdir -p "$K/.vox-bag-Dd44Ee" "$K/.vox-gallery-Ff55Gg/gallery/img" "$K/.vox-bag-Hh66Ii"
cp "$T/report.zip" "$K/.vox-bag-Aa11Bb"
cp "$T/report.zip" "$K/.vox-gallery-Ff55Gg/gallery/img/p.jpg"
# -o: the lock is flock's own, let go when it is killed (not inherited by sleep).
flock -o "$K/.vox-bag-Hh66Ii" sleep 60 &
holder=$!
sleep 0.3
check "the next archive there removes a killed run's leftovers, files and folders" \
	'vox archive -q -C "$C1" -a report --with-gallery -o "$K/report.zip" &&
	! test -e "$K/.vox-bag-Aa11Bb" && ! test -e "$K/.vox-bag-Dd44Ee" &&
	! test -e "$K/.vox-gallery-Ff55Gg"'
check "and leaves alone the one a running archive holds" 'test -d "$K/.vox-bag-Hh66Ii"'
pkill -P $holder sleep 2>/dev/null
kill $holder 2>/dev/null
wait $holder 2>/dev/null

# A full disk: every write error names the output file. For an archive file a file size
# limit does (SIGXFSZ ignored, a write past it fails with EFBIG); a folder bag's files are
# each small, so it is written on a small tmpfs of its own (in a user namespace).
F="$T/full"
mkdir -p "$F/small"
vox init -q "$F/c"
vox ingest -q -C "$F/c" -p P01 --consent report --people none "$VOX_CORPUS/jpg/exif-org" \
    >/dev/null
for fmt in zip tar.gz; do
	(ulimit -f 100; trap '' XFSZ; vox archive -q -C "$F/c" -a report --format $fmt \
	    -o "$F/out-$fmt") >/dev/null 2>"$F/err-$fmt"
	echo $? >"$F/rc-$fmt"
	check "a write error while writing a $fmt archive names the output file" \
		"[ \$(cat $F/rc-$fmt) -eq 3 ] && grep -q \"^vox archive: '$F/out-$fmt': \" $F/err-$fmt &&
		! test -e $F/out-$fmt"
done
unshare -rm sh -c 'mount -t tmpfs -o size=100k tmpfs "$1/small" &&
	vox archive -q -C "$1/c" -a report --format dir -o "$1/small/out-dir"
	echo $? >"$1/rc-dir"' sh "$F" >/dev/null 2>"$F/err-dir"
check "a write error while writing a folder bag names the output folder" \
	"[ \$(cat $F/rc-dir) -eq 3 ] && grep -q \"^vox archive: '$F/small/out-dir': \" $F/err-dir"
done_testing
