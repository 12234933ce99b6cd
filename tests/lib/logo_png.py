"""logo_png.py FILE [W H]: writes a PNG of W x H pixels (default 120 x
40), one colour, made with zlib: the dealer's logo of the report
branding tests."""
import struct
import sys
import zlib

w, h = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (120, 40)
raw = b"".join(b"\0" + bytes([0x24, 0x52, 0x7a]) * w for _ in range(h))


def chunk(t, d):
    return (struct.pack(">I", len(d)) + t + d +
            struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))


png = (b"\x89PNG\r\n\x1a\n" +
       chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
with open(sys.argv[1], "wb") as f:
    f.write(png)
