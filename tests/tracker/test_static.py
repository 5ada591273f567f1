"""`cnscd tracker serve --site` (and so `cnscd up`) serving a built site folder over real HTTP.

The folder here is written by hand, so each test shows exactly which file the server chose.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from pathlib import Path

import brotli
import httpx
import pytest

from generator.site.precompress import precompress
from generator.tracker.static import FILE_POLICY
from generator.urls import CSP_FILE
from tests.tracker.kit import Tracker

PAGE = "<!doctype html><title>Bài học</title>" + "<p>Khóa màn hình điện thoại.</p>" * 40
POLICY = "default-src 'self'; script-src 'self' 'sha256-abc='; object-src 'none'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("static")
    site_dir = folder / "site"
    (site_dir / "bai-hoc" / "khoa-man-hinh").mkdir(parents=True)
    (site_dir / "assets").mkdir()
    (site_dir / "bai-hoc" / "khoa-man-hinh" / "index.html").write_text(PAGE, encoding="utf-8")
    (site_dir / "assets" / "bundle.a5f9d56c.min.js").write_text("console.log('x');" * 40, encoding="utf-8")
    (site_dir / "assets" / "quiz.js").write_text("var quiz = 1;" * 40, encoding="utf-8")
    (site_dir / "assets" / "icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (site_dir / "404.html").write_text("<p>Không tìm thấy trang.</p>", encoding="utf-8")
    (site_dir / CSP_FILE).write_text(POLICY + "\n", encoding="utf-8")
    (site_dir / ".secret").write_text("hidden", encoding="utf-8")
    precompress(site_dir)
    tracker = Tracker(str(folder / "tracker.db"), folder / "server.log", site_dir=site_dir).start()
    try:
        yield tracker.url, site_dir
    finally:
        tracker.stop()


def get(url: str, **headers: str) -> httpx.Response:
    """The response with `.content` as it travelled (httpx would decode it)."""
    with httpx.Client(timeout=10, headers={"Accept-Encoding": "identity"}) as client, \
            client.stream("GET", url, headers=headers) as response:
        response._content = b"".join(response.iter_raw())
        return response


def test_brotli_then_gzip_then_plain_by_accept_encoding(site: tuple[str, Path]) -> None:
    base, _ = site
    page = base + "bai-hoc/khoa-man-hinh/"
    br = get(page, **{"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["content-encoding"] == "br"
    assert brotli.decompress(br.content).decode("utf-8") == PAGE
    gz = get(page, **{"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gz.content).decode("utf-8") == PAGE
    plain = get(page, **{"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "content-encoding" not in plain.headers
    assert plain.text == PAGE
    for response in (br, gz, plain):
        assert response.headers["vary"].startswith("Accept-Encoding")
        assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert len({br.headers["etag"], gz.headers["etag"], plain.headers["etag"]}) == 3  # one tag per variant


def test_html_is_revalidated_and_fingerprinted_assets_are_immutable(site: tuple[str, Path]) -> None:
    base, _ = site
    assert get(base + "bai-hoc/khoa-man-hinh/").headers["cache-control"] == "no-cache"
    assert get(base + "assets/quiz.js").headers["cache-control"] == "no-cache"
    bundle = get(base + "assets/bundle.a5f9d56c.min.js", **{"Accept-Encoding": "br"})
    assert bundle.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert bundle.headers["content-type"] == "text/javascript; charset=utf-8"


def test_validators_answer_304(site: tuple[str, Path]) -> None:
    base, _ = site
    page = base + "bai-hoc/khoa-man-hinh/"
    first = get(page, **{"Accept-Encoding": "br"})
    again = get(page, **{"Accept-Encoding": "br", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert get(page, **{"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]}).status_code == 200
    assert get(page, **{"If-Modified-Since": first.headers["last-modified"]}).status_code == 304
    assert get(page, **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200


def test_every_file_carries_a_policy_and_nosniff(site: tuple[str, Path]) -> None:
    base, _ = site
    for path in ("bai-hoc/khoa-man-hinh/", "khong-co/"):  # pages: the build's policy, with its hashes
        assert get(base + path).headers["content-security-policy"] == POLICY, path
    for path in ("assets/icon.svg", "assets/quiz.js"):  # other files: a short strict one
        assert get(base + path).headers["content-security-policy"] == FILE_POLICY, path
    for path in ("bai-hoc/khoa-man-hinh/", "khong-co/", "assets/icon.svg", "assets/quiz.js"):
        assert get(base + path).headers["x-content-type-options"] == "nosniff", path
    assert get(base + "assets/icon.svg").headers["content-type"] == "image/svg+xml; charset=utf-8"


def test_folders_redirect_missing_pages_get_404_html(site: tuple[str, Path]) -> None:
    base, _ = site
    redirect = get(base + "bai-hoc/khoa-man-hinh")
    assert redirect.status_code == 307 and redirect.headers["location"] == "/bai-hoc/khoa-man-hinh/"
    missing = get(base + "khong-co/")
    assert missing.status_code == 404 and "Không tìm thấy trang." in missing.text
    assert get(base + ".secret").status_code == 404
    assert get(base + "assets/%2e%2e/%2e%2e/tracker.db").status_code == 404
    assert httpx.post(base + "bai-hoc/khoa-man-hinh/", timeout=10).status_code == 405


def test_a_stale_compressed_copy_is_not_served(site: tuple[str, Path]) -> None:
    base, site_dir = site
    script = site_dir / "assets" / "quiz.js"
    script.write_text("var quiz = 2;" * 40, encoding="utf-8")  # edited after the build
    stamp = script.stat().st_mtime_ns + 10**9
    os.utime(script, ns=(stamp, stamp))
    response = get(base + "assets/quiz.js", **{"Accept-Encoding": "br, gzip"})
    assert "content-encoding" not in response.headers
    assert response.text == "var quiz = 2;" * 40
