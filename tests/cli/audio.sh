# Audio fixtures for the voice-story tests, made with ffmpeg (an independent writer): one
# short recording per accepted format, each carrying the metadata phones and recorders write.
# . tests/cli/audio.sh; make_audio DIR  writes DIR/memo.m4a (AAC with an iPhone-style
# location, a creation time, an artist, cover art and a chapter), memo.mp3 (ID3 tags and a
# cover), note.opus and note.ogg (Vorbis comments), memo.wav (RIFF INFO), memo.aac (ADTS).
# SECONDS_LONG=N makes the recordings N seconds long (default 2).

make_audio() {
	_dir=$1
	_s=${SECONDS_LONG:-2}
	mkdir -p "$_dir"
	_ff="ffmpeg -nostdin -hide_banner -loglevel error -y"
	$_ff -f lavfi -i "color=c=red:s=16x16:d=1" -frames:v 1 "$_dir/cover.png" &&
	printf ';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=At Nan'"'"'s house\n' \
	    >"$_dir/chapters.txt" &&
	$_ff -f lavfi -i "sine=frequency=440:duration=$_s" -i "$_dir/cover.png" \
	    -i "$_dir/chapters.txt" -map 0:a -map 1:v -map_chapters 2 -c:a aac -b:a 48k \
	    -c:v png -disposition:v attached_pic \
	    -metadata location=+50.2632-005.0510/ -metadata artist="Jane Doe" \
	    -metadata creation_time=2026-05-12T10:00:00Z -metadata comment="Truro foodbank" \
	    -metadata:s:a creation_time=2026-05-12T10:00:00Z \
	    -movflags use_metadata_tags "$_dir/memo.m4a" &&
	$_ff -f lavfi -i "sine=frequency=330:duration=$_s" -i "$_dir/cover.png" -map 0 -map 1 \
	    -c:a libmp3lame -b:a 48k -c:v png -disposition:v attached_pic -id3v2_version 3 \
	    -metadata artist="Jane Doe" -metadata date=2026-05-12 -metadata comment="Truro" \
	    "$_dir/memo.mp3" &&
	$_ff -f lavfi -i "sine=frequency=550:duration=$_s" -c:a libopus -b:a 24k \
	    -metadata artist="Jane Doe" -metadata location="Truro foodbank" "$_dir/note.opus" &&
	$_ff -f lavfi -i "sine=frequency=600:duration=$_s" -c:a libvorbis \
	    -metadata artist="Jane Doe" -metadata date=2026-05-12 "$_dir/note.ogg" &&
	$_ff -f lavfi -i "sine=frequency=220:duration=$_s" -ar 8000 -ac 1 \
	    -metadata artist="Jane Doe" -metadata ICRD=2026-05-12 -metadata comment="Truro" \
	    "$_dir/memo.wav" &&
	$_ff -f lavfi -i "sine=frequency=660:duration=$_s" -c:a aac -b:a 48k "$_dir/memo.aac" &&
	make_amr "$_dir/memo.amr" "$_s"
}

# An AMR-NB voice note (the format of older phones' and messaging apps' recordings) of about
# $2 seconds: Debian's ffmpeg decodes AMR but has no encoder for it, so the file is written
# here as RFC 4867 storage format, "#!AMR\n" and 12.2 kbit/s frames (a mode byte, 31 bytes
# of speech bits), 50 frames a second.
make_amr() {
	python3 -c '
import sys
n = int(sys.argv[2]) * 50
frames = (bytes([0x3C]) + bytes((i * 37 + j * 101 + i * j % 7) & 255 for j in range(31))
    for i in range(n))
open(sys.argv[1], "wb").write(b"#!AMR\n" + b"".join(frames))' "$1" "$2"
}
