"""The one test kit: the project root, running the CLI, free loopback ports, reading QR codes
from images and PDFs, and logging in to the dashboard. Test files import these instead of
keeping copies; the site, print and tracker kits build on it."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import zxingcpp
from PIL import Image

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CNSCD = [sys.executable, "-m", "generator"]
"""`cnscd` as a user runs it, from this checkout and this interpreter."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cnscd(*args: str, input: str | None = None, env: Mapping[str, str] | None = None, cwd: Path = PROJECT_ROOT,
              timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run `cnscd ARGS...` in a child process; exit code and output are in the result."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*CNSCD, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, input=input, env=full_env)


# --- QR codes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Decoded:
    text: str
    width_px: float


def decode_qr(image: Image.Image) -> list[Decoded]:
    """Every QR code zxing-cpp finds in `image`, with the symbol's width in pixels."""
    found = []
    for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        pos = barcode.position
        found.append(Decoded(barcode.text, float(pos.top_right.x - pos.top_left.x)))
    return found


def rasterize(path: Path, page: int, dpi: int, scratch: Path) -> Image.Image:
    """Page `page` (1-based) of a PDF as a grey image, by `pdftoppm`."""
    prefix = scratch / f"{path.stem}-{page}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(path), str(prefix)],
                   check=True)
    return Image.open(f"{prefix}.png")


def qr_texts_in_pdf(path: Path, scratch: Path, dpi: int = 150) -> list[str]:
    """The text of every QR code on every page of a PDF, page by page."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout)[1])  # type: ignore[index]
    return [code.text for page in range(1, pages + 1) for code in decode_qr(rasterize(path, page, dpi, scratch))]


# --- the dashboard ----------------------------------------------------------------------------

def dashboard_login(base_url: str, username: str, password: str) -> tuple[httpx.Client, str]:
    """Log in through the login form as a browser would: a client holding the session, and the page's CSRF token."""
    client = httpx.Client(base_url=base_url, timeout=10)
    form = client.get("quan-ly/dang-nhap")
    login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', form.text)[1]  # type: ignore[index]
    response = client.post("quan-ly/dang-nhap", data={"username": username, "password": password, "login_csrf": login_csrf})
    assert (response.status_code, response.headers.get("location")) == (303, "/quan-ly/"), response.text
    page = client.get("quan-ly/")
    return client, re.search(r'name="csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]


# --- quizzes ----------------------------------------------------------------------------------

def as_shown(quiz: Any, authored: Mapping[str, list[int]]) -> dict[str, list[int]]:
    """Answers given as indexes in the YAML's order, turned into positions in the order readers
    see (and the API grades), so tests can name answers the way the quiz file lists them."""
    from generator.library.choices import shown_order

    by_id = {q.id: q for q in quiz.questions}
    out = {}
    for question_id, indexes in authored.items():
        question = by_id.get(question_id)
        order = shown_order(quiz, question) if question is not None else ()
        shown = [order.index(i) if isinstance(i, int) and not isinstance(i, bool) and i in order else i for i in indexes]
        out[question_id] = sorted(shown) if all(type(i) is int for i in shown) else shown
    return out
