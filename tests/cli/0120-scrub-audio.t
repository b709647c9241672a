#!/bin/sh
# Voice stories through vox scrub and vox audit: every accepted audio format is copied packet
# for packet into a container without metadata. ffprobe and ffmpeg judge (no tag, chapter or
# cover art left; the same audio packets), exiftool agrees, and hostile files fail cleanly.
. tests/cli/lib.sh
. tests/cli/audio.sh
plan 76
oracle="python3 tests/cli/audio-oracle.py"
make_audio "$T/in" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
export T oracle

for f in memo.m4a memo.mp3 note.opus note.ogg memo.wav memo.aac memo.amr; do
	ok "$f: scrubbed" vox scrub -o "$T/out-$f" "$T/in/$f"
	ok "$f: ffmpeg copies the same audio packets out of both" \
		$oracle same "$T/in/$f" "$T/out-$f"
	ok "$f: ffprobe finds no tag, chapter, cover art or other stream" \
		$oracle tags "$T/out-$f"
	ok "$f: vox audit finds it clean" vox audit "$T/out-$f"
	check "$f: exiftool reads no name, place, comment or Lavf encoder in it" "
		exiftool -a -G1 '$T/out-$f' | grep -v '^\[System\]' >'$T/exif-$f' &&
		grep -q . '$T/exif-$f' && ! grep -iE 'Jane|50\.26|Truro|Lavf|2026' '$T/exif-$f'"
done
# The negative checks above can fail: the originals carry all of it.
for f in memo.m4a memo.mp3 note.opus note.ogg memo.wav; do
	status "$f: the original has tags ffprobe lists" 1 $oracle tags "$T/in/$f"
	status "$f: vox audit finds identifying metadata in the original" 1 vox audit "$T/in/$f"
done
check "exiftool reads the iPhone-style place and the artist in the original M4A" "
	exiftool -a '$T/in/memo.m4a' | grep -q '50.2632' &&
	exiftool -a '$T/in/memo.m4a' | grep -q 'Jane Doe'"
check "vox audit names the place, the dates, the people, the cover and the chapter" "
	vox audit '$T/in/memo.m4a' >'$T/a.txt'; cat '$T/a.txt' &&
	grep -q \"location	MP4 tag 'location'\" '$T/a.txt' &&
	grep -q \"dates	MP4 tag 'creation_time'\" '$T/a.txt' &&
	grep -q \"people and owners	MP4 tag 'artist'\" '$T/a.txt' &&
	grep -q 'chapter' '$T/a.txt' && grep -q 'stream 1' '$T/a.txt'"
check "vox audit reports the MP3's cover art as a thumbnail and its ID3 artist" "
	vox audit '$T/in/memo.mp3' >'$T/b.txt';
	grep -q 'thumbnails and previews	cover art' '$T/b.txt' &&
	grep -q \"people and owners	ID3 tag 'artist'\" '$T/b.txt'"
check "the MP4's creation times are zero (exiftool)" "
	exiftool -s3 -CreateDate '$T/in/memo.m4a' | grep -q 2026 &&
	[ \"\$(exiftool -s3 -CreateDate '$T/out-memo.m4a')\" = '0000:00:00 00:00:00' ] &&
	[ \"\$(exiftool -s3 -TrackCreateDate '$T/out-memo.m4a')\" = '0000:00:00 00:00:00' ]"
check "the scrubbed recording lasts as long as the original" "
	[ \"\$($oracle seconds '$T/in/memo.m4a')\" = \"\$($oracle seconds '$T/out-memo.m4a')\" ]"
check "an AMR voice note stays AMR-NB, as long as the original" "
	ffprobe -v error -show_streams '$T/out-memo.amr' | grep -q codec_name=amr_nb &&
	[ \"\$($oracle seconds '$T/in/memo.amr')\" = \"\$($oracle seconds '$T/out-memo.amr')\" ]"
check "an Opus note stays Opus in Ogg" "
	ffprobe -v error -show_streams '$T/out-note.opus' | grep -q codec_name=opus"

# The other ways to call it.
check "standard input to standard output" "
	vox scrub - <'$T/in/memo.m4a' >'$T/stdout.m4a' && $oracle tags '$T/stdout.m4a' &&
	$oracle same '$T/in/memo.m4a' '$T/stdout.m4a'"
ok "-d keeps the audio files' names" vox scrub -d "$T/d" "$T/in/memo.mp3" "$T/in/note.opus"
check "-d wrote memo.mp3 and note.opus, both clean" "
	$oracle tags '$T/d/memo.mp3' && $oracle tags '$T/d/note.opus'"

# Hostile and wrong files fail cleanly, leaving no output.
head -c 3000 "$T/in/memo.m4a" >"$T/cut.m4a"
head -c 4000 "$T/in/memo.mp3" >"$T/cut.mp3"
{ printf 'ID3\4\0\0\0\0\0\0'; head -c 20000 /dev/urandom; } >"$T/noise.mp3"
{ printf 'RIFF\377\377\377\377WAVEfmt \20\0\0\0'; head -c 2000 /dev/urandom; } >"$T/noise.wav"
: >"$T/empty.m4a"
# A WAV of 180 bytes whose INFO tag claims 700 MB (found by fuzz_audio): libavformat
# allocated and zeroed what headers like it declared, 1.6 GB of memory for one file.
# An M4A whose sample entry names no codec libavformat knows (found by fuzz_audio): its copy
# read back as no codec at all, so the stored story could never be scrubbed again.
cp tests/fuzz/seeds/audio/mp4-sample-entry-of-no-known-codec "$T/nocodec.m4a"
# An M4A of one packet with a garbage time (found by fuzz_audio): the MP4 writer gave its
# copy a duration of 12 hours, which scrubbing again refused; the copy is checked as an input.
cp tests/fuzz/seeds/audio/mp4-lone-packet-of-garbage-time "$T/garbagetime.m4a"
echo 'UklGRjoTAABXQVZFZm10IBAAAAABAAGAQB8AAIA+AAACABAATElTVE4AAHpJTkZPSUFSVAkAAABKYW5lAQBi////////BSoAAABUcnVybwBJQ1JECwAAADI2NDItMDUtMTIAAElTRlQOAAAATGF2ZjU5LjI3LjEwMEBkYXRhwBIAAJEAqgJ1BeYHKfAAYzU5LjM3LjEwMAD+o1Wh/Zb6E/jP9dbzO/IJ8UrwAhDLDyPw+/GE' | base64 -d >"$T/bomb.wav"
ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc=s=32x32:d=1" -f lavfi -i "sine=d=1" \
	-c:v mpeg4 -c:a aac -shortest "$T/film.mp4"
for f in cut.m4a noise.mp3 noise.wav empty.m4a film.mp4 bomb.wav nocodec.m4a garbagetime.m4a; do
	status "$f: refused (exit 1)" 1 vox scrub -o "$T/x-$f" "$T/$f"
	check "$f: no output left" "[ ! -e '$T/x-$f' ]"
done
check "a truncated MP3 keeps its whole frames or is refused, never crashes" "
	vox scrub -o '$T/x-cut.mp3' '$T/cut.mp3'; [ \$? -le 1 ]"
check "the message for a video says only audio is accepted" "
	vox scrub -o '$T/x.mp4' '$T/film.mp4' 2>&1 | grep -q 'holds a video'"
# A file over the size bound is refused before libavformat sees it.
{ printf 'RIFF\377\377\377\377WAVE'; head -c 70000000 /dev/zero; } >"$T/huge.wav"
check "an audio file over 64 MB is refused as too large" "
	vox scrub -o '$T/x-huge.wav' '$T/huge.wav' 2>'$T/huge.err'; [ \$? -eq 1 ] &&
	grep -q 'too large' '$T/huge.err' && [ ! -e '$T/x-huge.wav' ]"
status "vox audit: a damaged audio file cannot be audited (exit 3)" 3 vox audit "$T/noise.wav"
# peak CMD...: the command's peak memory in kB, from the kernel's own count.
cat >"$T/peak" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
check "the WAV whose tag claims 700 MB is scrubbed and audited in under 200 MB" "
	a=\$(python3 '$T/peak' vox audit '$T/bomb.wav') &&
	s=\$(python3 '$T/peak' vox scrub -o '$T/y.wav' '$T/bomb.wav') &&
	echo \"audit \$a kB, scrub \$s kB\" && [ \$a -lt 204800 ] && [ \$s -lt 204800 ]"
done_testing
