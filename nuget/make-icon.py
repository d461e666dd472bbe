#!/usr/bin/env python3
"""Draws nuget/icon.png (128x128): three time steps of a recurrent cell, the arrows between them and a loop.

Pure standard library (zlib + struct), so it runs anywhere: python3 nuget/make-icon.py
"""
import math
import os
import struct
import zlib

SIZE, SS = 128, 4                      # output size, supersampling factor per axis
BG, FG = (0x51, 0x2B, 0xD4), (0xFF, 0xFF, 0xFF)


def inside(x, y):
    """Returns (alpha of background, alpha of foreground) at a point in 0..128 coordinates."""
    # Rounded square background, corner radius 24.
    r, lo, hi = 24.0, 4.0, 124.0
    cx, cy = min(max(x, lo + r), hi - r), min(max(y, lo + r), hi - r)
    if x < lo or x > hi or y < lo or y > hi or (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return 0, 0
    fg = False
    # Three time steps (rings) at y = 82.
    for px in (24.0, 64.0, 104.0):
        d = math.hypot(x - px, y - 82.0)
        fg |= 7.5 <= d <= 12.5
    # Arrows between cells: shafts and heads.
    for x0 in (38.5, 78.5):
        fg |= x0 <= x <= x0 + 7.0 and abs(y - 82.0) <= 2.0
        fg |= x0 + 6.0 <= x <= x0 + 12.0 and abs(y - 82.0) <= (x0 + 12.0 - x) * 1.0
    # Recurrent loop above the middle cell: an arc from its top back into it, with an arrowhead.
    d = math.hypot(x - 64.0, y - 52.0)
    angle = math.degrees(math.atan2(y - 52.0, x - 64.0))
    fg |= 12.0 <= d <= 17.0 and not (45.0 < angle < 135.0)
    # Arrowhead pointing down into the middle cell, at the arc's right end.
    fg |= 60.0 <= y <= 69.0 and abs(x - 74.5) <= (69.0 - y) * 0.9
    return 1, 1 if fg else 0


def main():
    rows = []
    for j in range(SIZE):
        row = bytearray([0])                # filter type 0 per scanline
        for i in range(SIZE):
            bg = fg = 0
            for sj in range(SS):
                for si in range(SS):
                    b, f = inside(i + (si + 0.5) / SS, j + (sj + 0.5) / SS)
                    bg, fg = bg + b, fg + f
            n = SS * SS
            a, t = bg / n, (fg / bg if bg else 0)
            rgb = [round(BG[k] * (1 - t) + FG[k] * t) for k in range(3)]
            row += bytes(rgb + [round(255 * a)])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png"), "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
