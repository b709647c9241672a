#!/bin/sh
# Voice stories in the gallery and the booklet: a photo whose consent allows the audience
# plays its story (<audio controls preload="none">) with the transcript beside it as text;
# a private photo's story reaches no gallery; the participant's booklet says they recorded a
# story, how long it lasts, and prints what they said.
. tests/cli/lib.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 10
oracle="python3 $PWD/tests/cli/audio-oracle.py"
SECONDS_LONG=92 make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/in" 2 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/in/IMG_000.m4a"
cp "$T/a/note.opus" "$T/in/IMG_001.opus"
printf 'Consent: group\nAlt: Leeks in a raised bed\nTranscript: We grew <leeks> & onions.\n\nOurs.\n' \
	>"$T/in/IMG_000.txt"
printf 'Consent: private\nAlt: A kitchen\nTranscript: Only for me to hear.\n\nMine.\n' \
	>"$T/in/IMG_001.txt"
C="$T/c"
vox init -q "$C"
vox ingest -q -C "$C" -p P01 "$T/in" >/dev/null 2>&1
export T C oracle

ok "build the group's gallery" vox gallery -C "$C" --audience group -o "$T/g"
check "the photo's page plays its story, loading it only when asked" "
	grep -q '<audio controls preload=\"none\" src=\"audio/P01-01.m4a\"></audio>' '$T/g/photo-P01-01.html'"
check "the transcript is beside it as text, escaped" "
	grep -A3 'class=\"transcript\"' '$T/g/photo-P01-01.html' | grep -q 'We grew &lt;leeks&gt; &amp; onions.'"
check "the gallery's copy is the stored story, clean, with the recorded packets" "
	cmp '$T/g/audio/P01-01.m4a' \"\$(find '$C/store' -name '*.m4a')\" &&
	$oracle tags '$T/g/audio/P01-01.m4a' && $oracle same '$T/in/IMG_000.m4a' '$T/g/audio/P01-01.m4a'"
check "the private photo's story and transcript reach no gallery (shown first to be in the collection)" "
	[ -n \"\$(find '$C/store' -name '*.opus')\" ] &&
	[ -z \"\$(find '$T/g' -name '*.opus')\" ] && ! grep -rq 'Only for me' '$T/g'"
ok "the gallery audits clean, its audio too" vox audit "$T/g"
ok "vox check finds the collection sound" vox check -C "$C"

ok "the participant's booklet" vox review -C "$C" -o "$T/b" P01
check "it says they recorded a story and how long it lasts" "
	grep -q 'You recorded a story, 1 min 32 s.' '$T/b/index.html'"
check "it prints what they said, the private story's too (it is their own)" "
	grep -q 'We grew &lt;leeks&gt; &amp; onions.' '$T/b/index.html' &&
	grep -q 'Only for me to hear.' '$T/b/index.html'"
done_testing
