#!/usr/bin/env python3
"""Writes photos whose colour profile names a person, for the ICC tests of scrub and audit.

usage: icc-fixtures.py PROFILE JPEG OUTDIR

PROFILE is a real ICC profile (extracted by exiftool from a corpus photo) whose description
and copyright are rewritten in place to "Jane Doe iMac" and "Owner: Jane Doe, Truro" (padded
with NULs, so every offset stays right). JPEG is a photo without a profile. Written:

  jane.jpg       the photo with that profile in APP2 chunks of 1000 bytes (so several)
  lookalike.jpg  the photo with an APP2 that starts like a one-chunk profile and holds text,
                 and an Adobe APP14 with text after its twelve bytes
  jane.png       a 4x4 PNG whose iCCP chunk is named "Jane Doe" and holds the profile
"""
import struct
import sys
import zlib


def rewrite(profile, old, new):
    i = profile.find(old)
    if i < 0:
        sys.exit("icc-fixtures: %r not in the profile" % old)
    profile[i:i + len(old)] = new.ljust(len(old), b"\0")


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def main():
    prof_path, jpeg_path, out = sys.argv[1:4]
    profile = bytearray(open(prof_path, "rb").read())
    rewrite(profile, b"sRGB IEC61966-2.1", b"Jane Doe iMac")
    rewrite(profile, b"Copyright (c) 1998 Hewlett-Packard Company", b"Owner: Jane Doe, Truro")
    profile = bytes(profile)
    jpeg = open(jpeg_path, "rb").read()
    assert jpeg[:2] == b"\xff\xd8"

    parts = [profile[i:i + 1000] for i in range(0, len(profile), 1000)]
    app2 = b"".join(segment(0xE2, b"ICC_PROFILE\0" + bytes([n + 1, len(parts)]) + p)
                    for n, p in enumerate(parts))
    open(out + "/jane.jpg", "wb").write(jpeg[:2] + app2 + jpeg[2:])

    fake = segment(0xE2, b"ICC_PROFILE\0\1\1" + b"Jane Doe, 3 Mill Lane, Truro")
    adobe = segment(0xEE, b"Adobe\0\x64\0\0\0\0\1" + b"Jane Doe's scanner")
    open(out + "/lookalike.jpg", "wb").write(jpeg[:2] + fake + adobe + jpeg[2:])

    rows = b"".join(b"\0" + b"".join(bytes([x * 60, y * 60, 128]) for x in range(4))
                    for y in range(4))
    png = (b"\x89PNG\r\n\x1a\n" +
           png_chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
           png_chunk(b"iCCP", b"Jane Doe\0\0" + zlib.compress(profile)) +
           png_chunk(b"IDAT", zlib.compress(rows)) +
           png_chunk(b"IEND", b""))
    open(out + "/jane.png", "wb").write(png)


if __name__ == "__main__":
    main()
