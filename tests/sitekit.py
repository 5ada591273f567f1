"""Session fixtures for the site tests: one build of the real library, a loopback server, Chromium.

The site is built once per session with the real `cnscd build` command (PDFs skipped: the
print tests cover them) and served by a small threaded HTTP server on 127.0.0.1, the way a
commune laptop would serve it. Chromium is Debian's, driven by Playwright; nothing is
downloaded.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.kit import PROJECT_ROOT, free_port, run_cnscd

MINI_PROJECT = Path(__file__).parent / "fixtures" / "mini"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-domain-reliability",
]


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the site folder
    url: str  # where the test server serves it, ending in "/"
    build_output: str


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def serve_folder(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1:`port` from a daemon thread; call `.shutdown()` when done."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real library built once with `cnscd build`, served on a loopback port."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_cnscd("build", "--root", str(PROJECT_ROOT), "--out", str(out), "--site-url", url, "--no-print")
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve_folder(out, port)
    try:
        yield BuiltSite(out, url, result.stdout + result.stderr)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def copy_project(target: Path, lessons_from: Path) -> Path:
    """A project folder with the real mkdocs.yml and docs/, and the library at `lessons_from`."""
    shutil.copytree(lessons_from, target)
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copytree(PROJECT_ROOT / "docs", target / "docs", dirs_exist_ok=True)
    return target
