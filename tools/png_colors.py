"""Counts the pixels of given colours in a PNG (8-bit RGB or RGBA, non-interlaced), with the standard library.

Usage: png_colors.py IMAGE.png RRGGBB[,RRGGBB...] OUTPUT_DIR  → OUTPUT_DIR/colors.json
       {"width": W, "height": H, "counts": {"rrggbb": n, ...}}
The report's HTML test uses it to check that Chromium drew the plots' series, not just parsed the page.
"""

import json
import os
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, f"unsupported PNG {header}"
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    path, colours, out_dir = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
    width, height, channels, rows = pixels(path)
    wanted = {bytes.fromhex(c): 0 for c in colours}
    for row in rows:
        for x in range(0, len(row), channels):
            rgb = row[x:x + 3]
            if rgb in wanted:
                wanted[rgb] += 1
    os.makedirs(out_dir, exist_ok=True)
    json.dump({"width": width, "height": height, "counts": {k.hex(): v for k, v in wanted.items()}},
              open(os.path.join(out_dir, "colors.json"), "w"))


if __name__ == "__main__":
    main()
