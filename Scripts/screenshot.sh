#!/usr/bin/env bash
# Renders HTML reports in a real browser (headless Chromium) and checks them.
#
#   Scripts/screenshot.sh [-o OUTDIR] FILE.html...
#
# For each FILE writes OUTDIR/<name>.desktop.png (1280 px wide) and OUTDIR/<name>.a4.png (A4 at 96 dpi,
# 794 x 1123 px, print media emulation is not available for headless screenshots, so this is the A4
# viewport) and, with pdftoppm present, OUTDIR/<name>.print.png (page 1 of the print-to-PDF output,
# which does use the print stylesheet). OUTDIR defaults to ./out/screenshots.
#
# Fails (exit 1) when the browser logs a console error or an uncaught exception, when a Content
# Security Policy refusal shows that the page tried to load something, or when a screenshot is blank
# (one uniform colour, or almost nothing but background).
#
# Installs Chromium from Debian packages when it is missing (apt-get install -y chromium), and the
# Noto CJK fonts (fonts-noto-cjk): without a CJK font Chinese text renders as empty boxes.
set -euo pipefail

outdir="out/screenshots"
if [[ "${1:-}" == "-o" ]]; then outdir="$2"; shift 2; fi
if [[ $# -eq 0 ]]; then echo "usage: $0 [-o OUTDIR] FILE.html..." >&2; exit 2; fi
mkdir -p "$outdir"

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [[ -z "$browser" ]]; then
    echo "screenshot: installing chromium (Debian package)" >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >&2
    browser=chromium
fi
if ! fc-list 2>/dev/null | grep -qiE "Noto Sans CJK|Source Han|WenQuanYi|Droid Sans Fallback"; then
    echo "screenshot: no CJK font found, installing fonts-noto-cjk" >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq fonts-noto-cjk >&2 || true
fi

# Python for the blank-page check: Debian's if present (no third-party module is needed).
python=$(command -v /usr/bin/python3 || command -v python3)

check_png() {  # FILE: fails when the image is blank
    "$python" - "$1" <<'PY'
import struct, sys, zlib
path = sys.argv[1]

def verdict(width, height, colours):
    total = sum(colours.values())
    background, count = max(colours.items(), key=lambda kv: kv[1])
    share = 1 - count / total
    print(f"{path}: {width}x{height}, {len(colours)} colours, {share:.1%} non-background")
    if len(colours) < 4 or share < 0.001:
        sys.exit(f"{path}: blank page")
    sys.exit(0)

# Pillow (Debian python3-pil) decodes in C: the pure-Python decoder below takes several seconds of
# CPU per screenshot, which on a loaded two-core machine made the browser tests the slowest of all.
try:
    from PIL import Image
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        sample = rgb.resize((max(1, width // 4), max(1, height // 4)), Image.NEAREST)
        verdict(width, height, {colour: n for n, colour in sample.getcolors(maxcolors=1 << 24)})
except ImportError:
    pass

data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
pos, idat, width, height, depth, ctype = 8, b"", 0, 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
if depth != 8 or ctype not in (2, 6):
    sys.exit(f"{path}: unexpected PNG format (depth {depth}, colour type {ctype})")
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
colours, background, inked = {}, None, 0
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:  # sample every 4th row, every 4th pixel: enough to tell a page from a blank
        for x in range(0, width, 4):
            px = bytes(line[x * bpp:x * bpp + 3])
            colours[px] = colours.get(px, 0) + 1
verdict(width, height, colours)
PY
}

status=0
for file in "$@"; do
    abs=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
    name=$(basename "$file" .html)
    for shot in desktop:1280,2200 a4:794,1123; do
        label=${shot%%:*}; size=${shot#*:}
        png="$outdir/$name.$label.png"; log="$outdir/$name.$label.log"
        rm -f "$png"
        "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions \
            --enable-logging=stderr --v=0 --window-size="$size" --screenshot="$png" "file://$abs" >"$log" 2>&1 || true
        if [[ ! -s "$png" ]]; then echo "screenshot: FAIL $file ($label): no screenshot; see $log" >&2; status=1; continue; fi
        if grep -E "Uncaught|ERROR:CONSOLE|CONSOLE.*[Ee]rror|Refused to (load|connect|apply|execute)" "$log" >&2; then
            echo "screenshot: FAIL $file ($label): console errors (above)" >&2; status=1
        fi
        check_png "$png" || status=1
    done
    if command -v pdftoppm >/dev/null 2>&1; then
        pdf="$outdir/$name.pdf"
        "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --enable-logging=stderr --v=0 \
            --print-to-pdf="$pdf" "file://$abs" >"$outdir/$name.pdf.log" 2>&1 || true
        if [[ -s "$pdf" ]]; then
            pdftoppm -png -r 96 -f 1 -l 1 -singlefile "$pdf" "$outdir/$name.print"
            check_png "$outdir/$name.print.png" || status=1
        fi
    fi
done
exit $status
