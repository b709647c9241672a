#!/usr/bin/env python3
"""Crafted colour profiles that hide a name where a profile has room for it, and the judges
of what scrub makes of them, for tests/cli/0101-scrub-icc.t. Standard library only: the
profiles are written here, not by the code under test.

usage: icc-crafted.py write JPEG OUTDIR
       icc-crafted.py header PROFILE
       icc-crafted.py same-colour-tags IN.icc OUT.icc
       icc-crafted.py jpeg PROFILE JPEG OUT

write puts into OUTDIR one photo (JPEG, which has no profile, with the profile in APP2) per
case below, NAME.jpg; every one holds "JaneDoe" somewhere a profile of colours has no need
of it.

header checks that PROFILE's header is the one a clean profile has: every byte that is not
size, version, class, colour space, PCS, 'acsp', the two flags and four device attributes
ICC.1 defines, or a rendering intent of 0-3 is zero, and the illuminant is exactly D50.

same-colour-tags checks that every colour tag of IN (the tags ICC.1 lists for colour data,
in a type it allows for them) is in OUT with the same bytes, and that OUT holds nothing else
but its description and copyright.

jpeg writes JPEG with PROFILE in APP2 to OUT.
"""
import struct
import sys

NAME = b"JaneDoe"

# The colour tags and the types ICC.1:2010 allows for each.
COLOUR = {
    b"rXYZ": [b"XYZ "], b"gXYZ": [b"XYZ "], b"bXYZ": [b"XYZ "], b"wtpt": [b"XYZ "],
    b"bkpt": [b"XYZ "], b"lumi": [b"XYZ "],
    b"rTRC": [b"curv", b"para"], b"gTRC": [b"curv", b"para"], b"bTRC": [b"curv", b"para"],
    b"kTRC": [b"curv", b"para"], b"chad": [b"sf32"], b"chrm": [b"chrm"],
    b"A2B0": [b"mft1", b"mft2", b"mAB "], b"B2A0": [b"mft1", b"mft2", b"mBA "],
    b"meas": [b"meas"], b"view": [b"view"], b"tech": [b"sig "],
}


def s15(v):
    return struct.pack(">i", round(v * 65536))


def xyz(x, y, z):
    return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)


def curv(gamma):
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def desc(text):
    return (b"desc\0\0\0\0" + struct.pack(">I", len(text) + 1) + text + b"\0" +
            b"\0" * 8 + b"\0" * 70)


def mluc(records):
    head = b"mluc\0\0\0\0" + struct.pack(">II", len(records), 12)
    off = 16 + 12 * len(records)
    table = data = b""
    for lang, text in records:
        u = text.encode("utf-16-be")
        table += lang + struct.pack(">II", len(u), off + len(data))
        data += u
    return head + table + data


def colour_tags():
    return [(b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curv(2.2)), (b"gTRC", curv(2.2)), (b"bTRC", curv(2.2))]


def profile(tags, version=2, header=None):
    """A display RGB profile of tags [(sig, data)], each on a 4-byte boundary."""
    start = 128 + 4 + 12 * len(tags)
    table = body = b""
    for sig, data in tags:
        body += b"\0" * (-(start + len(body)) % 4)
        table += sig + struct.pack(">II", start + len(body), len(data))
        body += data
    p = bytearray(128) + struct.pack(">I", len(tags)) + table + body
    p += b"\0" * (-len(p) % 4)
    p[8] = version
    p[12:24] = b"mntrRGB XYZ "
    p[36:40] = b"acsp"
    p[68:80] = struct.pack(">iii", 0xF6D6, 0x10000, 0xD32D)
    for off, b in (header or {}).items():
        p[off:off + len(b)] = b
    struct.pack_into(">I", p, 0, len(p))
    return bytes(p)


def table(p):
    n = struct.unpack(">I", p[128:132])[0]
    return [struct.unpack(">4sII", p[132 + 12 * i:144 + 12 * i]) for i in range(n)]


def mab_with_text():
    """A v4 A2B0 (lutAtoBType) of identity B curves, a 2x2x2 CLUT and identity A curves,
    the name in the CLUT's unused grid sizes and "Doe" in its reserved bytes."""
    ident = b"curv\0\0\0\0" + struct.pack(">I", 0)
    grid = bytes([2, 2, 2]) + NAME + b"\0" * (13 - len(NAME))
    clut = grid + b"\x01" + b"Doe" + bytes(range(24))
    b_off = 32
    clut_off = b_off + 36
    a_off = clut_off + len(clut)
    head = b"mAB \0\0\0\0" + bytes([3, 3, 0, 0]) + struct.pack(">IIIII", b_off, 0, 0,
                                                              clut_off, a_off)
    return head + ident * 3 + clut + ident * 3


def cases():
    std = colour_tags()
    out = {}
    # Every header byte that says nothing about the colours, filled with the name.
    free = list(range(4, 8)) + list(range(9, 12)) + list(range(24, 36)) + list(range(40, 128))
    out["header"] = profile(std + [(b"desc", desc(b"sRGB"))],
                            header={o: NAME[o % len(NAME):o % len(NAME) + 1] for o in free})
    out["header-class"] = profile(std, header={12: b"Jane"})
    # Colour tags in a type that holds free bytes, or with bytes past their structure.
    out["rxyz-ui08"] = profile([t for t in std if t[0] != b"rXYZ"] +
                               [(b"rXYZ", b"ui08\0\0\0\0" + NAME)])
    out["ciis-ui08"] = profile(std + [(b"ciis", b"ui08\0\0\0\0" + NAME)])
    out["wtpt-triples"] = profile([(b"wtpt", std[0][1] + NAME + b"\0" * 5)] + std[1:])
    out["clro"] = profile(std + [(b"clro", b"clro\0\0\0\0" + struct.pack(">I", len(NAME)) +
                                  NAME)])
    # wtpt's size stretched over the description that follows it.
    p = bytearray(profile(std + [(b"desc", desc(NAME))]))
    rows = {sig: (i, off, size) for i, (sig, off, size) in enumerate(table(p))}
    i, w_off, _ = rows[b"wtpt"]
    _, d_off, d_size = rows[b"desc"]
    struct.pack_into(">I", p, 132 + 12 * i + 8, 8 + (d_off + d_size - w_off - 8) // 12 * 12)
    out["wtpt-over-desc"] = bytes(p)
    out["lut-grid"] = profile(std + [(b"A2B0", mab_with_text())], version=4)
    # Text that reads as a well-known description at first sight.
    out["mluc-french"] = profile(std + [(b"desc", mluc([(b"enUS", "sRGB"),
                                                        (b"frFR", "JaneDoe")]))], version=4)
    out["text-after-nul"] = profile(std + [(b"desc", desc(b"sRGB")),
                                           (b"cprt", b"text\0\0\0\0Public Domain\0" + NAME +
                                            b"\0")])
    out["desc-tail"] = profile(std + [(b"desc", desc(b"sRGB") + NAME)])
    return out


def app2(prof):
    parts = [prof[i:i + 65519] for i in range(0, len(prof), 65519)]
    return b"".join(b"\xff\xe2" + struct.pack(">H", len(c) + 16) + b"ICC_PROFILE\0" +
                    bytes([n + 1, len(parts)]) + c for n, c in enumerate(parts))


def jpeg_with(jpeg, prof):
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + app2(prof) + jpeg[2:]


def check_header(p):
    h = p[:128]
    bad = []
    allowed = {8, 9, 36, 37, 38, 39} | set(range(0, 4)) | set(range(12, 24)) | \
        set(range(64, 80)) | {47, 63}
    for o in range(128):
        if o not in allowed and h[o]:
            bad.append(o)
    if h[9] >> 4 > 9 or h[9] & 15 > 9:
        bad.append(9)
    if h[47] & ~3 or h[63] & ~15:
        bad.append(47 if h[47] & ~3 else 63)
    if struct.unpack(">I", h[64:68])[0] > 3:
        bad.append(64)
    if h[68:80] != struct.pack(">III", 0xF6D6, 0x10000, 0xD32D):
        bad.append(68)
    if bad:
        sys.exit("header bytes not as ICC.1 fixes them: %s\n%r" % (bad, h))


def check_same_colour_tags(a, b):
    tin = {sig: a[off:off + size] for sig, off, size in table(a)}
    tout = {sig: b[off:off + size] for sig, off, size in table(b)}
    for sig, data in tin.items():
        if sig in COLOUR and data[:4] in COLOUR[sig]:
            if sig not in tout:
                sys.exit("colour tag %r was dropped" % sig)
            if tout[sig] != data[:len(tout[sig])] or len(tout[sig]) < 12:
                sys.exit("colour tag %r changed" % sig)
    for sig in tout:
        if sig not in tin and sig not in (b"desc", b"cprt"):
            sys.exit("tag %r came from nowhere" % sig)


def main():
    cmd = sys.argv[1]
    if cmd == "write":
        jpeg = open(sys.argv[2], "rb").read()
        for name, prof in cases().items():
            assert b"Jane" in prof or name == "mluc-french", name
            open("%s/%s.jpg" % (sys.argv[3], name), "wb").write(jpeg_with(jpeg, prof))
    elif cmd == "header":
        check_header(open(sys.argv[2], "rb").read())
    elif cmd == "same-colour-tags":
        check_same_colour_tags(open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read())
    elif cmd == "jpeg":
        prof = open(sys.argv[2], "rb").read()
        open(sys.argv[4], "wb").write(jpeg_with(open(sys.argv[3], "rb").read(), prof))
    else:
        sys.exit("icc-crafted: unknown command %r" % cmd)


if __name__ == "__main__":
    main()
