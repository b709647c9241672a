#!/bin/sh
# Empty files are judged alike whether they come from a folder or from a zip: an empty
# photo is refused as an empty file, an empty voice story refuses its photo saying so, and
# an empty caption file is an empty caption. No refusal is ever printed without its reason
# (an empty zip entry was once read as a failure that had no message).
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 8
export T
mkjpegs "$T/src" 3
mkdir -p "$T/d"
cp "$T/src/IMG_000.jpg" "$T/d/a.jpg"
cp "$T/src/IMG_001.jpg" "$T/d/b.jpg"
: >"$T/d/b.m4a"
: >"$T/d/empty.jpg"
cp "$T/src/IMG_002.jpg" "$T/d/c.jpg"
: >"$T/d/c.txt"
(cd "$T/d" && bsdtar -a -cf "$T/in.zip" a.jpg b.jpg b.m4a empty.jpg c.jpg c.txt) ||
    echo "Bail out! cannot make the zip"
for how in folder zip; do
	c="$T/c-$how"
	mkcoll "$c" && vox participant -q -C "$c" add P01 --site truro-foodbank ||
	    echo "Bail out! cannot make the collection"
	[ "$how" = folder ] && in="$T/d" || in="$T/in.zip"
	vox ingest -q -C "$c" -p P01 -s truro-foodbank --consent group --people none "$in" \
	    >"$T/out-$how" 2>"$T/err-$how"
	echo $? >"$T/rc-$how"
	export how
	check "from a $how: two photos added (one with an empty caption), exit 1" \
		'[ "$(cat "$T/rc-$how")" -eq 1 ] && [ "$(wc -l <"$T/out-$how")" -eq 2 ] &&
		 [ "$(grep -c "refused: " "$T/err-$how")" -eq 2 ]'
	check "from a $how: the empty photo is refused as an empty file" \
		'grep -q "refused: .*empty.jpg.: empty file" "$T/err-$how"'
	check "from a $how: the photo with an empty story is refused, naming the story" \
		'grep -q "refused: .*b.jpg.: its voice story: .*b.m4a.: empty file" "$T/err-$how"'
	check "from a $how: every refusal says why" \
		'! grep -E "refused: *$|: *$" "$T/err-$how"'
done
done_testing
