#!/bin/sh
# Voice stories in the gallery and the booklet: a photo whose consent allows the audience
# plays its story (<audio controls preload="none">) with the transcript beside it as text;
# a private photo's story reaches no gallery; the participant's booklet says they recorded a
# story, how long it lasts, and prints what they said. Their words come from the interface
# table: Welsh with --ui-lang cy, both (English marked lang="en") with cy+en. Every page's
# audience statement carries the booklet's own pictogram of that consent choice. axe (at
# 1280 and 320 px) and the Nu HTML checker find nothing in a page with a story.
. tests/cli/lib.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 26
oracle="python3 $PWD/tests/cli/audio-oracle.py"
A11Y="$VOX_TOP/tests/a11y"
SECONDS_LONG=92 make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/in" 3 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/in/IMG_000.m4a"
cp "$T/a/note.opus" "$T/in/IMG_001.opus"
cp "$T/a/memo.mp3" "$T/in/IMG_002.mp3"
printf 'Consent: group\nAlt: A gate in the rain\n\nThe gate.\n' >"$T/in/IMG_002.txt"
printf 'Consent: group\nAlt: Leeks in a raised bed\nTranscript: We grew <leeks> & onions.\n\nOurs.\n' \
	>"$T/in/IMG_000.txt"
printf 'Consent: private\nAlt: A kitchen\nTranscript: Only for me to hear.\n\nMine.\n' \
	>"$T/in/IMG_001.txt"
C="$T/c"
vox init -q "$C"
vox ingest -q -C "$C" -p P01 "$T/in" >/dev/null 2>&1
export T C oracle A11Y

ok "a Welsh translation of a transcript" vox caption -q -C "$C" P01-01 --translation-lang cy \
	--translation-transcript "Fe dyfon ni gennin."
ok "build the group's gallery" vox gallery -C "$C" --audience group -o "$T/g"
check "the photo's page plays its story, loading it only when asked" "
	grep -q '<audio controls preload=\"none\" src=\"audio/P01-01.m4a\"></audio>' '$T/g/photo-P01-01.html'"
check "the transcript is beside it as text, escaped" "
	grep -A3 'class=\"transcript\"' '$T/g/photo-P01-01.html' | grep -q 'We grew &lt;leeks&gt; &amp; onions.'"
check "the transcript's translation follows it, marked as Welsh" "
	grep -A8 'class=\"transcript\"' '$T/g/photo-P01-01.html' |
	grep -A1 '<div class=\"translation\" lang=\"cy\">' | grep -q 'Fe dyfon ni gennin.'"
check "a story with no transcript yet says so where the transcript would be" "
	grep -q '<audio controls preload=\"none\" src=\"audio/P01-03.mp3\"></audio>' '$T/g/photo-P01-03.html' &&
	grep -q '<p class=\"transcript\">No transcript yet.</p>' '$T/g/photo-P01-03.html' &&
	! grep -q 'No transcript yet' '$T/g/photo-P01-01.html'"
check "the gallery names the story without a transcript in a warning" "
	vox gallery -C '$C' --audience group -o '$T/g-w' 2>&1 | grep -q \"'P01-03': its voice story has no transcript\""
check "with --strict it is an error and nothing is written" "
	vox gallery -C '$C' --audience group --strict -o '$T/g-s' 2>'$T/s.err'; [ \$? -eq 1 ] &&
	grep -q '1 voice story without a transcript; nothing written' '$T/s.err' && [ ! -e '$T/g-s' ]"
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
check "and the transcript's translation, inside the translation marked as Welsh" "
	grep -A12 '<div class=\"translation\" lang=\"cy\">' '$T/b/index.html' | grep -q 'Fe dyfon ni gennin.'"

# The words of a voice story in Welsh, and in both languages.
ok "a Welsh gallery" vox gallery -q -C "$C" --audience group --ui-lang cy -o "$T/cy"
check "its story is headed, timed and transcribed in Welsh" "
	grep -q '<h2 id=\"voice-P01-01\">Stori lafar (1 mun 32 eil)</h2>' '$T/cy/photo-P01-01.html' &&
	grep -q '<h3>Trawsgrifiad</h3>' '$T/cy/photo-P01-01.html' &&
	! grep -q 'Voice story\|Transcript' '$T/cy/photo-P01-01.html'"
ok "a Welsh and English gallery" vox gallery -q -C "$C" --audience group --ui-lang cy+en -o "$T/cyen"
check "its story's words are in both, the English marked as such" "
	grep -q 'Stori lafar (1 mun 32 eil)<span class=\"ui2\" lang=\"en\"> / Voice story (1 min 32 s)</span></h2>' '$T/cyen/photo-P01-01.html' &&
	grep -q '<h3>Trawsgrifiad<span class=\"ui2\" lang=\"en\"> / Transcript</span></h3>' '$T/cyen/photo-P01-01.html'"
ok "a Welsh booklet" vox review -C "$C" --ui-lang cy -o "$T/bcy" P01
check "it says in Welsh that they recorded a story, how long, and what they said" "
	grep -q 'Fe wnaethoch chi recordio stori, 1 mun 32 eil.' '$T/bcy/index.html' &&
	grep -q '<h3>Beth ddywedoch chi</h3>' '$T/bcy/index.html'"

# One drawing of each consent choice: the gallery shows the booklet's.
check "every page's audience statement shows the booklet's group pictogram beside its words" "
	svg=\$(grep -o '<svg class=\"pict pict-1\"[^>]*>.*</svg>' '$T/b/index.html' | head -1 | sed 's,</svg>.*,</svg>,') &&
	[ -n \"\$svg\" ] && for f in '$T/g'/*.html; do
		grep -F \"<p class=\\\"audience\\\">\$svg\" \"\$f\" | grep -q 'Shared with the workshop group only</p>' || exit 1
	done"

ok "axe finds nothing in the gallery with a story, at 1280 and 320 px" node "$A11Y/check.mjs" axe "$T/g"
ok "axe finds nothing in the bilingual one" node "$A11Y/check.mjs" axe "$T/cyen"
ok "the Nu HTML checker finds nothing in either" \
	java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$T/g" "$T/cyen"
done_testing
