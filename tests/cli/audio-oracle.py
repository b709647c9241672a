#!/usr/bin/env python3
"""The independent judge of scrubbed audio, through ffprobe and ffmpeg.

audio-oracle.py tags FILE        exits 1 and lists them when ffprobe finds any tag, chapter,
                                 cover art or stream other than one audio stream (the MP4
                                 brands, a track's language and an all-zero vendor id are
                                 structure, the same in every file of its kind).
audio-oracle.py same IN OUT      exits 1 unless ffmpeg copies the same audio packets out of
                                 both (`-map 0:a -c copy -f md5 -`).
audio-oracle.py seconds FILE     prints the duration ffprobe reads, in whole seconds.
"""
import json
import subprocess
import sys

STRUCTURE = {
    "major_brand": None, "minor_version": None, "compatible_brands": None,
    "language": None, "vendor_id": "[0][0][0][0]",
}


def probe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters",
         "-of", "json", path], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def tags(path):
    d = probe(path)
    found = []
    for where, t in [("format", d.get("format", {}).get("tags", {}))] + [
            ("stream %d" % s["index"], s.get("tags", {})) for s in d.get("streams", [])]:
        for k, v in t.items():
            if k in STRUCTURE and (STRUCTURE[k] is None or STRUCTURE[k] == v):
                continue
            found.append("%s tag %s=%s" % (where, k, v))
    for c in d.get("chapters", []):
        found.append("chapter %s" % c.get("id"))
    streams = d.get("streams", [])
    if [s.get("codec_type") for s in streams] != ["audio"]:
        found.append("streams: %s" % [s.get("codec_type") for s in streams])
    for s in streams:
        if s.get("disposition", {}).get("attached_pic"):
            found.append("cover art in stream %d" % s["index"])
    for f in found:
        print(f)
    return 1 if found else 0


def md5(path):
    return subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:a", "-c", "copy",
         "-f", "md5", "-"], check=True, capture_output=True, text=True).stdout.strip()


def main():
    if sys.argv[1] == "tags":
        return tags(sys.argv[2])
    if sys.argv[1] == "same":
        a, b = md5(sys.argv[2]), md5(sys.argv[3])
        print(a, b)
        return 0 if a == b and a.startswith("MD5=") else 1
    if sys.argv[1] == "seconds":
        print(int(float(probe(sys.argv[2])["format"]["duration"])))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
