#!/usr/bin/env python3
"""Checks a redaction from decoded pixels (djpeg's PPM output), independently of libvips:

    redact-pixels.py OLD.ppm ORIENTATION NEW.ppm BOX [BOX ...]

OLD.ppm is the photo before, as stored (ORIENTATION is its EXIF orientation, 1, 3, 6 or 8);
NEW.ppm the redacted photo, stored upright. Each BOX is X,Y,W,H in displayed pixels.
Passes when NEW has the displayed size, every pixel inside each box (less the 8-pixel JPEG
block it shares with the photo, where the encoder rings) is black, and the PSNR of
everything outside the boxes against OLD is above 40 dB."""
import math
import sys


def ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6" and fields[3] == b"255", fields
    w, h = int(fields[1]), int(fields[2])
    pix = data[pos + 1:]
    assert len(pix) == w * h * 3, (len(pix), w, h)
    return w, h, pix


def main():
    old_path, orient, new_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    boxes = [tuple(int(v) for v in b.split(",")) for b in sys.argv[4:]]
    ow, oh, old = ppm(old_path)
    nw, nh, new = ppm(new_path)
    dw, dh = (oh, ow) if orient in (6, 8) else (ow, oh)
    if (nw, nh) != (dw, dh):
        sys.exit(f"size {nw}x{nh}, wanted {dw}x{dh} (upright)")

    def src(x, y):
        # The stored pixel shown at displayed (x, y).
        if orient == 1:
            return x, y
        if orient == 3:
            return ow - 1 - x, oh - 1 - y
        if orient == 6:
            return y, oh - 1 - x
        if orient == 8:
            return ow - 1 - y, x
        sys.exit(f"orientation {orient} not handled here")

    inside = bytearray(nw * nh)
    for (bx, by, bw, bh) in boxes:
        for y in range(by, by + bh):
            inside[y * nw + bx:y * nw + bx + bw] = b"\x01" * bw
        for y in range(by + 8, by + bh - 8):
            for x in range(bx + 8, bx + bw - 8):
                i = (y * nw + x) * 3
                if max(new[i:i + 3]) > 2:
                    sys.exit(f"pixel {x},{y} inside box {bx},{by},{bw},{bh} is "
                             f"{tuple(new[i:i + 3])}, not black")
    se, n = 0, 0
    for y in range(nh):
        row = y * nw
        for x in range(nw):
            if inside[row + x]:
                continue
            sx, sy = src(x, y)
            i, j = (row + x) * 3, (sy * ow + sx) * 3
            a, b, c = new[i] - old[j], new[i + 1] - old[j + 1], new[i + 2] - old[j + 2]
            se += a * a + b * b + c * c
            n += 3
    psnr = 10 * math.log10(255 * 255 / (se / n)) if se else float("inf")
    print(f"PSNR outside the boxes: {psnr:.1f} dB over {n // 3} pixels")
    if psnr <= 40:
        sys.exit("PSNR too low: the rest of the photo changed")


main()
