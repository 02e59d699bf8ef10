#!/usr/bin/env python3
"""Renders mixinfer's SVG reports in headless Chromium and checks the screenshots are not blank.

    apt-get install -y chromium
    python3 scripts/checks/check-report-render.py REPORT.svg [...]     # writes REPORT.svg.png beside each

A report passes when the screenshot has between 1 % and 60 % non-white pixels (bars / cells drawn, page
not empty, not an error page filling everything). Exit status 1 if any fails.
"""
import shutil, struct, subprocess, sys, zlib


def pixels(png):
    data = open(png, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), "unsupported PNG"
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return [(row[x * channels], row[x * channels + 1], row[x * channels + 2]) for row in rows for x in range(width)]


def main():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.exit("chromium not found: apt-get install -y chromium")
    failed = 0
    for svg in sys.argv[1:]:
        png = svg + ".png"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={png}", "--window-size=900,500", "file://" + __import__("os").path.abspath(svg)],
                       check=True, capture_output=True)
        pix = pixels(png)
        ink = sum(1 for r, g, b in pix if r < 235 or g < 235 or b < 235) / len(pix)
        ok = 0.01 <= ink <= 0.6
        failed += not ok
        print(f"{svg}: {'ok' if ok else 'FAILED'} ({ink:.1%} of pixels drawn) -> {png}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
