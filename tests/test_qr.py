"""QR codes of short links: they decode to the link, keep their quiet zone, stay small."""

from __future__ import annotations

import io
import re

import zxingcpp
from PIL import Image

from generator.qr import (
    PNG_MODULE_PIXELS,
    QUIET_ZONE_MODULES,
    qr_matrix,
    qr_png,
    qr_svg,
    qr_version,
)
from generator.urls import Urls
from tests.kit import PROJECT_ROOT

REAL_SITE = Urls("https://cnscd.example.vn/")


def lesson_ids() -> list[str]:
    return sorted(p.stem for p in (PROJECT_ROOT / "lessons").glob("*.yaml") if not p.name.startswith("_"))


def test_every_short_link_fits_in_a_version_4_code() -> None:
    versions = {
        (lesson_id, lang): qr_version(REAL_SITE.absolute(REAL_SITE.short_link(lesson_id, lang)))
        for lesson_id in lesson_ids()
        for lang in ("vi", "en")
    }
    assert versions and max(versions.values()) <= 4, versions


def test_png_decodes_to_the_short_link_and_keeps_a_white_quiet_zone() -> None:
    url = REAL_SITE.absolute(REAL_SITE.short_link("vneid-su-dung-loi-thuong-gap", "en"))
    image = Image.open(io.BytesIO(qr_png(url)))
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [url]
    border = QUIET_ZONE_MODULES * PNG_MODULE_PIXELS
    grey = image.convert("L")
    width, height = grey.size
    for box in [(0, 0, width, border), (0, height - border, width, height), (0, 0, border, height), (width - border, 0, width, height)]:
        assert grey.crop(box).getextrema() == (255, 255), f"dark pixels in the quiet zone {box}"


def test_svg_draws_the_matrix_inside_the_quiet_zone_and_is_reproducible() -> None:
    url = REAL_SITE.absolute(REAL_SITE.short_link("dien-thoai-an-toan-co-ban", "vi"))
    svg = qr_svg(url, size="32mm", title=url).decode()
    assert svg == qr_svg(url, size="32mm", title=url).decode()
    count = len(qr_matrix(url))
    assert f'viewBox="0 0 {count} {count}"' in svg and 'width="32mm"' in svg
    runs = re.findall(r"M(\d+) (\d+)h(\d+)", svg)
    assert runs
    for x, y, length in ((int(a), int(b), int(c)) for a, b, c in runs):
        assert QUIET_ZONE_MODULES <= x and x + length <= count - QUIET_ZONE_MODULES
        assert QUIET_ZONE_MODULES <= y < count - QUIET_ZONE_MODULES


def test_svg_title_is_escaped() -> None:
    svg = qr_svg("https://x.example/", title='<a href="x">&').decode()
    assert "<title>&lt;a href=\"x\"&gt;&amp;</title>" in svg
