"""QR codes of lesson short links: SVG for print, PNG for the web.

Pure functions from text to bytes, byte-for-byte reproducible. Error correction is level M
(15 % of the code may be lost): with a short link it keeps the code at version 3-4, whose
modules stay large enough to scan from a 2-2.5 cm print or a photocopy; level Q or H would
push the same link to version 5-6 with smaller modules, which hurts more than it helps.
Every code keeps the full quiet zone of four modules that the QR standard asks for.
"""

from __future__ import annotations

import io

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE_MODULES = 4
PNG_MODULE_PIXELS = 8


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE_MODULES)
    code.add_data(data.encode("utf-8"), optimize=0)
    code.make(fit=True)
    return code


def qr_matrix(data: str) -> list[list[bool]]:
    """The code's modules, row by row, quiet zone included (True is dark)."""
    return [list(row) for row in _code(data).get_matrix()]


def qr_version(data: str) -> int:
    """QR version (1-40) needed for `data`; short links give 3 or 4."""
    return int(_code(data).version)


def qr_svg(data: str, *, size: str | None = None, title: str | None = None) -> bytes:
    """A black-on-white SVG of the code, one path, crisp edges.

    `size` sets the printed width and height (a CSS length such as `"30mm"`); without it the
    SVG scales to its container. `title` becomes the SVG's accessible name.
    """
    matrix = qr_matrix(data)
    count = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < count:
            if row[x]:
                start = x
                while x < count and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    dimensions = f' width="{size}" height="{size}"' if size else ""
    label = f"<title>{_escape(title)}</title>" if title else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {count} {count}"{dimensions}'
        f' shape-rendering="crispEdges" role="img">{label}'
        f'<rect width="{count}" height="{count}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>\n'
    )
    return svg.encode("utf-8")


def qr_png(data: str, *, module_pixels: int = PNG_MODULE_PIXELS) -> bytes:
    """A 1-bit PNG of the code, `module_pixels` pixels per module (about 330 px for version 4)."""
    matrix = qr_matrix(data)
    count = len(matrix)
    image = Image.new("1", (count, count))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = image.resize((count * module_pixels, count * module_pixels), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
