#!/bin/sh
# A gallery holds its own copies of its images, never links into cache/ (privacy rule 8):
# editing a published image changes neither the cache, nor an older gallery, nor the next
# archive. vox check audits cache/: every derivative audits clean and belongs to a photo.
. tests/cli/lib.sh
plan 12
C="$T/c"
export C T
"$VOX_BUILD/tests/cli/gallery-collection" "$C" >"$T/fixture.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture.log"; exit 1; }
ok "a gallery builds" vox gallery -q -C "$C" -o "$T/g1" --audience group
ok "a second gallery builds" vox gallery -q -C "$C" -o "$T/g2" --audience group
img=$(find "$T/g1/img" -name '*.jpg' | sort | head -n 1)
export img
check "each image is a file of its own, not a link to the cache" \
	'[ -n "$img" ] && [ "$(stat -c %h "$img")" = 1 ] && ! find "$C/cache" -samefile "$img" | grep -q . &&
	 ! find "$T/g2" -samefile "$img" | grep -q .'
check "it has the bytes of its derivative" \
	'find "$C/cache" -type f -name "*.jpg" -exec cmp -s "$img" {} \; -print | grep -q .'
ok "vox check finds cache/ clean" vox check -C "$C"
# A facilitator credits the published photo by hand.
cksum "$C"/cache/*.jpg | sort >"$T/cache.before"
ok "exiftool edits the published image" exiftool -q -overwrite_original_in_place -Artist=Somebody "$img"
check "the cache is unchanged" 'cksum "$C"/cache/*.jpg | sort | cmp -s - "$T/cache.before"'
check "the other gallery is unchanged" \
	'! grep -rl Somebody "$T/g2" | grep -q . && grep -l Somebody "$img" >/dev/null'
ok "vox audit finds nothing in a gallery rebuilt after the edit" \
	sh -c 'vox gallery -q -C "$C" -o "$T/g3" --audience group && vox audit -q "$T/g3"'

# By hand into the cache itself: vox check reports it.
d=$(find "$C/cache" -type f -name '*.jpg' | sort | head -n 1)
exiftool -q -overwrite_original_in_place -Artist=Somebody "$d"
printf 'not a photo' >"$C/cache/notes.txt"
cp "$d" "$C/cache/0000000000000000000000000000000000000000000000000000000000000000-480.jpg"
check "vox check reports the edited derivative as identifying" \
	'vox check -C "$C" >"$T/check.out"; [ $? -eq 1 ] && grep "cache/.*derivative of .* holds identifying metadata" "$T/check.out"'
check "and the files that belong to no current photo" \
	'grep -q "cache/notes.txt: not a derivative" "$T/check.out" &&
	 grep -q "cache/0000000000000000000000000000000000000000000000000000000000000000-480.jpg: a derivative of no current photo" "$T/check.out"'
check "--repair removes them all, and the next gallery makes the derivative again" \
	'vox check -q -C "$C" --repair; vox check -C "$C" && ! test -e "$C/cache/notes.txt" &&
	 vox gallery -q -C "$C" -o "$T/g4" --audience group && vox check -C "$C" && vox audit -q "$T/g4"'
done_testing
