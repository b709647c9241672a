#!/bin/sh
# Voice stories in the collection: ingest takes the recording beside a photo (IMG_1.m4a) and
# its transcript, stores it scrubbed under its own hash; vox caption --audio and --transcript
# add and replace them later; vox check verifies the stored story; redaction keeps it and
# withdrawal deletes it. ffprobe and ffmpeg judge the stored file.
. tests/cli/lib.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 39
oracle="python3 tests/cli/audio-oracle.py"
make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/in" 3 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/in/IMG_000.m4a"
cp "$T/a/note.opus" "$T/in/IMG_001.opus"
printf 'Title: Leeks\nTranscript: We grew leeks here.\n\tAnd onions, in the rain.\n\nOur story.\n' \
	>"$T/in/IMG_001.txt"
C="$T/c"
vox init -q "$C"
export T C oracle
# db SQL, stored EXT: scripts, so that check's snippets can run them too.
printf '#!/bin/sh\nsqlite3 "$C/vox.db" "$1"\n' >"$T/db"
printf '#!/bin/sh\nfind "$C/store" -name "*.$1" -type f | head -n 1\n' >"$T/stored"
chmod +x "$T/db" "$T/stored"
PATH="$T:$PATH"
export PATH

ok "ingest takes the photos with their voice stories" vox ingest -C "$C" -p P01 "$T/in"
check "ingest says which story it kept and warns of the one without a transcript" "
	vox ingest -C '$C' -p P02 '$T/in' 2>'$T/i.err'; cat '$T/i.err';
	grep -q 'voice story IMG_000.m4a, 2 s kept with P01-01' '$T/i.err' &&
	grep -q 'IMG_000.jpg.: its voice story has no transcript' '$T/i.err' &&
	! grep -q 'IMG_001.jpg.: its voice story has no transcript' '$T/i.err'"
check "two stories recorded, for the two photos that have one" \
	'[ "$("$T/db" "SELECT group_concat(p.ref || \":\" || a.ext, \" \") FROM audio a JOIN photo p ON p.id = a.photo_id ORDER BY p.id")" = "P01-01:m4a P01-02:opus" ]'
check "the catalog keeps the original file name privately and the length" \
	'[ "$("$T/db" "SELECT source_name || \" \" || (duration_ms / 1000) FROM audio WHERE ext = \"m4a\"")" = "IMG_000.m4a 2" ]'
check "the transcript is kept with its line breaks" \
	'[ "$("$T/db" "SELECT transcript FROM caption c JOIN photo p ON p.id = c.photo_id WHERE p.ref = \"P01-02\"")" = "We grew leeks here.
And onions, in the rain." ]'
check "the stored story is named by its SHA-256" '
	f=$("$T/stored" m4a); [ -n "$f" ] && [ "$(basename "$f" .m4a)" = "$(sha256sum <"$f" | cut -c1-64)" ]'
check "ffprobe finds no tag, chapter or cover art in the stored story" '$oracle tags "$("$T/stored" m4a)"'
check "ffmpeg finds the same audio packets in the stored story as in the recording" \
	'$oracle same "$T/in/IMG_000.m4a" "$("$T/stored" m4a)"'
ok "the store audits clean" vox audit "$C/store"
ok "vox check finds nothing wrong (the stories are not orphans)" vox check -C "$C"
ok "vox caption shows the transcript" sh -c "vox caption -C '$C' P01-02 | grep -q '^Transcript: We grew leeks here.'"

# Later: a transcript, a new recording.
ok "--transcript sets what the story says" vox caption -C "$C" P01-01 --transcript "Nan's garden."
check "the transcript is in the caption" \
	'[ "$("$T/db" "SELECT transcript FROM caption c JOIN photo p ON p.id = c.photo_id WHERE p.ref = \"P01-01\"")" = "Nan'"'"'s garden." ]'
check "editing the title keeps the transcript" "
	vox caption -C '$C' P01-01 --title 'The garden' &&
	vox caption -C '$C' P01-01 | grep -q \"^Transcript: Nan's garden.\""
old=$("$T/stored" m4a)
ok "--audio replaces the story" vox caption -C "$C" P01-01 --audio "$T/a/memo.mp3"
check "the old recording has left the store, the new one is there, clean" "
	[ ! -e '$old' ] && f=\$('$T/stored' mp3) && [ -n \"\$f\" ] && $oracle tags \"\$f\" &&
	$oracle same '$T/a/memo.mp3' \"\$f\""
ok "--audio adds a story to a photo that had none" vox caption -C "$C" P01-03 --audio "$T/a/memo.wav"
check "and warns that it has no transcript" "
	vox caption -C '$C' P01-03 --audio '$T/a/note.ogg' 2>&1 | grep -q 'has no transcript'"
status "--audio with a photo is refused" 1 vox caption -C "$C" P01-03 --audio "$T/a/cover.png"
status "--audio with a missing file is refused" 1 vox caption -C "$C" P01-03 --audio "$T/nothing.m4a"
ok "vox check still finds nothing wrong" vox check -C "$C"

# vox check sees a damaged or missing story.
f=$("$T/stored" ogg)
cp "$f" "$T/keep.ogg"
printf 'x' >>"$f"
check "vox check reports a damaged story" "
	vox check -C '$C' >'$T/chk' 2>&1; [ \$? -eq 1 ] && grep -q 'damaged: the voice story of P01-03' '$T/chk'"
rm -f "$f"
check "vox check reports a missing story" "
	vox check -C '$C' >'$T/chk' 2>&1; [ \$? -eq 1 ] && grep -q 'missing: the voice story of P01-03' '$T/chk'"
cp "$T/keep.ogg" "$f"

# Redaction makes a new version of the photo: the story stays with it.
ok "redact a photo with a story" vox redact -C "$C" --box 0,0,8,8 P01-02
check "the story is still the photo's" \
	'[ "$("$T/db" "SELECT a.ext FROM audio a JOIN photo p ON p.id = a.photo_id WHERE p.ref = \"P01-02\"")" = opus ]'

# Withdrawal deletes the story with the photo and tombstones its bytes.
opus=$("$T/stored" opus)
ok "withdraw the photo" vox withdraw -y -C "$C" P01-02
check "its story has left the store and the catalog" "
	[ ! -e '$opus' ] &&
	[ \"\$('$T/db' \"SELECT count(*) FROM audio a JOIN photo p ON p.id = a.photo_id WHERE p.ref = 'P01-02'\")\" = 0 ]"
check "its recording's bytes are tombstoned: they cannot come back" "
	vox caption -C '$C' P01-03 --audio '$T/in/IMG_001.opus' 2>&1 | grep -q 'withdrawn before'"
ok "vox check finds nothing wrong after the withdrawal" vox check -C "$C"

# A recording no photo owns is an orphan: moved aside, never adopted as a photo.
orphan=$(sha256sum <"$T/a/memo.wav" | cut -c1-64)
mkdir -p "$C/store/$(echo "$orphan" | cut -c1-2)"
cp "$T/a/memo.wav" "$C/store/$(echo "$orphan" | cut -c1-2)/$orphan.wav"
check "vox check calls a story no photo owns an orphan" "
	vox check -C '$C' 2>&1 | grep -q '$orphan.wav: orphan file'"
ok "vox check --repair moves it to lost+found" vox check -C "$C" --repair
check "vox check --adopt leaves it there: a story alone is not a photo" "
	vox check -C '$C' --adopt 2>&1 | grep -q 'a voice story, whose photo cannot be told' &&
	[ -e '$C/lost+found/$orphan.wav' ] &&
	[ \"\$('$T/db' \"SELECT count(*) FROM photo WHERE ext = 'wav'\")\" = 0 ]"

# A manifest names the story and its transcript in columns of its own.
mkdir -p "$T/sheet/voice"
mkjpegs "$T/sheet" 5 S_
cp "$T/a/memo.aac" "$T/sheet/voice/story one.aac"
printf 'file,participant,title,audio,transcript\nS_003.jpg,P03,The bus,voice/story one.aac,"We took the bus, the 14."\n' \
	>"$T/sheet/captions.csv"
ok "ingest with a manifest's audio and transcript columns" \
	vox ingest -C "$C" --strict --manifest "$T/sheet/captions.csv"
check "the row's story and transcript are the photo's" '
	[ "$("$T/db" "SELECT a.ext || \"|\" || a.source_name || \"|\" || c.transcript FROM audio a JOIN photo p ON p.id = a.photo_id JOIN caption c ON c.photo_id = p.id WHERE p.ref = \"P03-01\"")" = "aac|story one.aac|We took the bus, the 14." ]'
printf 'file,participant,audio\nS_004.jpg,P04,../a/memo.m4a\n' >"$T/sheet/out.csv"
check "a row naming a story outside the sheet's folder and the inputs refuses its photo" "
	vox ingest -C '$C' --manifest '$T/sheet/out.csv' 2>'$T/o.err'; [ \$? -eq 1 ] &&
	grep -q 'its voice story: .*leads out of the inputs' '$T/o.err'"

# A phone's export as a zip: the stories are entries beside their photos (an AMR voice note
# before its photo, an M4A after), the transcript in the sidecar entry. Photos 0 to 4 of
# mkjpegs are taken already.
mkjpegs "$T/z" 8 Z_
cp "$T/a/memo.amr" "$T/z/Z_005.amr"
cp "$T/a/memo.m4a" "$T/z/Z_006.m4a"
printf 'Transcript: The goats came to see us.\n' >"$T/z/Z_005.txt"
python3 - "$T/z" "$T/phone.zip" <<'PY'
import sys, zipfile
d, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for n in ["Z_005.amr", "Z_005.jpg", "Z_005.txt", "Z_006.jpg", "Z_006.m4a", "Z_007.jpg"]:
        z.write(d + "/" + n, "Camera/" + n)
PY
check "ingest from a zip keeps the stories of its photos, scrubbed" "
	vox ingest -C '$C' -p P05 '$T/phone.zip' 2>'$T/z.err'; st=\$?; cat '$T/z.err'; [ \$st -eq 0 ] &&
	grep -q 'voice story Z_005.amr, 2 s kept with P05-01' '$T/z.err' &&
	grep -q 'voice story Z_006.m4a, 2 s kept with P05-02' '$T/z.err'"
check "the zip's stories are the right photos', with the sidecar's transcript" '
	[ "$("$T/db" "SELECT group_concat(p.ref || \":\" || a.ext || \":\" || coalesce(c.transcript, \"-\"), \" \") FROM audio a JOIN photo p ON p.id = a.photo_id JOIN caption c ON c.photo_id = p.id WHERE p.ref LIKE \"P05-%\" ORDER BY p.id")" = "P05-01:amr:The goats came to see us. P05-02:m4a:-" ]'
check "ffmpeg finds the same packets in the stored AMR and M4A as in the zip's entries" '
	$oracle same "$T/z/Z_005.amr" "$("$T/stored" amr)" &&
	$oracle same "$T/z/Z_006.m4a" "$(find "$C/store" -name "*.m4a" -newer "$T/phone.zip" | head -n 1)" &&
	$oracle tags "$(find "$C/store" -name "*.m4a" -newer "$T/phone.zip" | head -n 1)"'
rm -r "$C/lost+found"
ok "vox check finds the zip's stories in place" vox check -C "$C"
done_testing
