"""The README's nginx and Caddy snippets, run as written against a site folder with the build's
compressed copies and policy file: the headers a browser gets must match what `cnscd up` sends.

nginx, its brotli module and Caddy come from Debian (`.ci/setup --test` installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.site.precompress import precompress
from generator.urls import CSP_FILE
from tests.kit import PROJECT_ROOT, free_port

POLICY = "default-src 'self'; script-src 'self' 'sha256-abc='; object-src 'none'"
PAGE = "<!doctype html><title>Bài học</title>" + "<p>Khóa màn hình điện thoại.</p>" * 40
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def snippet(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", README, re.S)
    assert match, f"README.md has no {language} snippet"
    return match.group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("hosted") / "site"
    (site_dir / "bai-hoc" / "khoa-man-hinh").mkdir(parents=True)
    (site_dir / "assets").mkdir()
    (site_dir / "bai-hoc" / "khoa-man-hinh" / "index.html").write_text(PAGE, encoding="utf-8")
    (site_dir / "assets" / "bundle.a5f9d56c.min.js").write_text("console.log('x');" * 40, encoding="utf-8")
    (site_dir / "404.html").write_text("<p>Không tìm thấy trang.</p>", encoding="utf-8")
    (site_dir / CSP_FILE).write_text(POLICY + "\n", encoding="utf-8")
    precompress(site_dir)
    return site_dir


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert shutil.which("nginx"), "nginx is missing: run .ci/setup --test"
    assert BROTLI_MODULE.is_file(), "nginx's brotli module is missing: run .ci/setup --test"
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (prefix / "snippets").mkdir()
    (prefix / "snippets" / "cnscd-csp.conf").write_text(
        f'add_header Content-Security-Policy "{(site / CSP_FILE).read_text().strip()}" always;\n')
    server = snippet("nginx").replace("/srv/cnscd/site", str(site)).replace("listen 80;", f"listen 127.0.0.1:{port};")
    (prefix / "nginx.conf").write_text(
        f"load_module {BROTLI_MODULE};\nuser root;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        f"events {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n"
        f"client_body_temp_path {prefix}/tmp;\nproxy_temp_path {prefix}/tmp;\n{server}}}\n")
    log = prefix / "out.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(process)


@pytest.fixture(scope="module")
def caddy(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert shutil.which("caddy"), "caddy is missing: run .ci/setup --test"
    home = tmp_path_factory.mktemp("caddy")
    port = free_port()
    config = snippet("caddy").replace("/srv/cnscd/site", str(site)).replace("cnscd.example.vn", f"http://127.0.0.1:{port}")
    (home / "Caddyfile").write_text("{\n\tadmin off\n\tauto_https off\n}\n" + config)
    log = home / "out.log"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home), "XDG_CONFIG_HOME": str(home),
           "CNSCD_CSP": (site / CSP_FILE).read_text().strip()}
    with log.open("wb") as out:
        process = subprocess.Popen(["caddy", "run", "--config", str(home / "Caddyfile"), "--adapter", "caddyfile"],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(process)


def head(url: str, encoding: str) -> httpx.Response:
    return httpx.get(url, headers={"Accept-Encoding": encoding}, timeout=10)


@pytest.mark.parametrize("host", ["nginx", "caddy"])
def test_the_readme_snippet_sends_what_cnscd_up_sends(host: str, request: pytest.FixtureRequest) -> None:
    base: str = request.getfixturevalue(host)
    page = base + "bai-hoc/khoa-man-hinh/"
    for encoding, expected in (("br, gzip", "br"), ("gzip", "gzip")):
        response = head(page, encoding)
        assert response.status_code == 200
        assert response.headers["content-encoding"] == expected
        assert "Accept-Encoding" in response.headers["vary"]
        assert response.text == PAGE
    response = head(page, "br")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == POLICY
    assert response.headers["etag"] and response.headers["last-modified"]
    revisit = httpx.get(page, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["etag"]}, timeout=10)
    assert revisit.status_code == 304
    bundle = head(base + "assets/bundle.a5f9d56c.min.js", "br")
    assert bundle.headers["content-encoding"] == "br"
    assert bundle.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert bundle.headers["content-security-policy"] == POLICY
    missing = head(base + "khong-co/", "identity")
    assert missing.status_code == 404 and "Không tìm thấy trang." in missing.text
