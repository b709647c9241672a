#!/usr/bin/env python3
"""Writes PNG and WebP files that hide a name inside the chunks a scrub keeps.

usage: hidden-bytes-fixtures.py BASE.webp OUTDIR

BASE.webp is a small lossless WebP (made by vips). Every file written into OUTDIR decodes
to the same pixels as its plain twin and holds "JaneDoeSecret" where no reader looks:

  <class>.png / <class>.webp   a file that scrub must clean (the name gone, pixels kept)
  refused-<class>.png          a file that scrub must refuse
  plain-*.png, apng.png        sound files that scrub must copy byte for byte
Written with the standard library only, independently of photovox's own code.
"""
import os
import struct
import sys
import zlib

MARK = b"JaneDoeSecret"


def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))


def raw_rgb(w, h, seed=0):
    return b"".join(b"\0" + bytes((x * 30 + y * 20 + c * 60 + seed) % 256
                                  for x in range(w) for c in range(3)) for y in range(h))


def png(before_idat=(), after_idat=(), idat=None, iend=b"", w=8, h=8, colour=2, plte=None,
        interlace=0):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, interlace)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if plte is not None:
        out += chunk(b"PLTE", plte)
    out += b"".join(before_idat)
    out += idat if idat is not None else chunk(b"IDAT", zlib.compress(raw_rgb(w, h)))
    out += b"".join(after_idat) + chunk(b"IEND", iend)
    return out


def adam7_raw(w, h):
    """Filter-0 rows of the seven passes of an interlaced RGB image."""
    rows = b""
    for xs, ys, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):
        xs_ = range(xs, w, dx)
        if not xs_:
            continue
        for y in range(ys, h, dy):
            rows += b"\0" + bytes((x * 30 + y * 20 + c * 60) % 256 for x in xs_ for c in range(3))
    return rows


def apng(fdat_tail=b""):
    """Two frames: the IDAT (frame 0), then one fdAT frame, with the tail after its stream."""
    w = h = 8
    fctl = lambda seq: chunk(b"fcTL", struct.pack(">IIIIIHHBB", seq, w, h, 0, 0, 1, 10, 0, 0))
    frame = zlib.compress(raw_rgb(w, h, 99)) + fdat_tail
    return png(before_idat=[chunk(b"acTL", struct.pack(">II", 2, 0)), fctl(0)],
               after_idat=[fctl(1), chunk(b"fdAT", struct.pack(">I", 2) + frame)])


def webp_chunks(data):
    out, p = [], 12
    while p + 8 <= len(data):
        cid, n = data[p:p + 4], struct.unpack("<I", data[p + 4:p + 8])[0]
        out.append((cid, data[p + 8:p + 8 + n]))
        p += 8 + n + (n & 1)
    return out


def webp(chs, pads=None):
    body = b"WEBP"
    for i, (c, d) in enumerate(chs):
        body += c + struct.pack("<I", len(d)) + d
        if len(d) & 1:
            body += (pads or {}).get(i, b"\0")
    return b"RIFF" + struct.pack("<I", len(body)) + body


def main():
    base, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)

    def put(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    phys = struct.pack(">IIB", 2835, 2835, 1)
    put("plain-rgb.png", png(before_idat=[chunk(b"pHYs", phys), chunk(b"gAMA",
        struct.pack(">I", 45455))]))
    put("phys-extra.png", png(before_idat=[chunk(b"pHYs", phys + MARK)]))
    put("gama-text.png", png(before_idat=[chunk(b"gAMA", MARK[:4])]))
    put("bkgd-text.png", png(before_idat=[chunk(b"bKGD", MARK)]))
    put("srgb-intent.png", png(before_idat=[chunk(b"sRGB", MARK[:1])]))
    put("trns-alpha.png", png(colour=6, idat=chunk(b"IDAT", zlib.compress(b"".join(
        b"\0" + bytes(range(32)) for _ in range(8)))), before_idat=[chunk(b"tRNS", MARK)]))
    put("plte-suggested.png", png(plte=MARK[:12]))
    put("fdat-still.png", png(after_idat=[chunk(b"fdAT", struct.pack(">I", 1) + MARK)]))
    put("idat-tail.png", png(idat=chunk(b"IDAT", zlib.compress(raw_rgb(8, 8)) + MARK)))
    z = zlib.compress(raw_rgb(8, 8))
    put("idat-tail-split.png", png(idat=chunk(b"IDAT", z[:20]) + chunk(b"IDAT", z[20:] + MARK)
        + chunk(b"IDAT", MARK)))
    put("idat-tail-interlaced.png", png(interlace=1, idat=chunk(b"IDAT",
        zlib.compress(adam7_raw(8, 8)) + MARK)))
    # A large image in one IDAT of more than a piece (512 KB), its tail past the stream.
    big = bytes((i * 7919) % 251 for i in range(600 * 400 * 3 + 400))
    rows = b"".join(b"\0" + big[y * 1800:(y + 1) * 1800] for y in range(400))
    put("idat-tail-large.png", png(w=600, h=400, idat=chunk(b"IDAT",
        zlib.compress(rows, 0) + MARK)))
    put("apng-fdat-tail.png", apng(MARK))
    put("apng.png", apng())
    put("splt.png", png(before_idat=[chunk(b"sPLT", MARK + b"\0\x08" + bytes(6 * 2))]))
    put("refused-iend-body.png", png(iend=MARK))

    chs = [(c, d) for c, d in webp_chunks(open(base, "rb").read())
           if c in (b"VP8X", b"VP8L", b"VP8 ")]
    vp8l = [d for c, d in chs if c == b"VP8L"][0]
    bits = struct.unpack("<I", vp8l[1:5])[0]
    w, h = (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1
    vp8x = bytes(4) + (w - 1).to_bytes(3, "little") + (h - 1).to_bytes(3, "little")
    put("vp8x-extra.webp", webp([(b"VP8X", vp8x + MARK), (b"VP8L", vp8l)]))
    put("vp8x-reserved.webp", webp([(b"VP8X", b"\0Jan" + vp8x[4:]), (b"VP8L", vp8l)]))
    put("alph-after-vp8l.webp", webp([(b"VP8X", vp8x), (b"VP8L", vp8l), (b"ALPH", MARK)]))
    put("anim-still.webp", webp([(b"VP8X", vp8x), (b"VP8L", vp8l), (b"ANIM", MARK)]))
    put("anmf-simple.webp", webp([(b"VP8L", vp8l), (b"ANMF", MARK)]))


main()
