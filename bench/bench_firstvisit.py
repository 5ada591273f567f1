"""A resident's first visit from a QR code, through `cnscd up`, on a 400 kbit/s, 400 ms link.

Method: `cnscd build --no-print --no-bundle` of the real library, then `cnscd up --no-build` serves
it (the same app as `cnscd tracker serve --site`). A byte-counting TCP relay sits between Chromium
and `cnscd up`, so "bytes" are what travelled on the wire (headers included), attributed to the
request each response answers. Chromium (Debian's, via Playwright) is throttled with CDP
`Network.emulateNetworkConditions`; each run uses a fresh browser context (empty cache).

Per run:
  1. open the lesson's short link `l/<id>/` (what the QR code holds) and follow it to the lesson;
     "first text" = the lesson's first contentful paint, "quiz usable" = the quiz widget marks
     itself ready (`data-ready=true`), both from the moment the short link was opened; bytes
     before the quiz is usable exclude images and the search index;
  2. in the same visit (warm cache) open a second lesson: every byte it costs, images excluded;
  3. in a fresh context, a lesson page, then a tap on search and a query: time from the tap to
     the first result, and the words the search box shows meanwhile.

    .venv/bin/python bench/bench_firstvisit.py [--quick] [--json OUT.json] [--rev REV ...]

`--rev REV` also measures the site as served by cnscd at git revision REV (checked out in a
temporary worktree), for side-by-side ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, log, md_table, write_result  # noqa: E402
from pageload import CHROME_ARGS, CHROMIUM, PROFILES  # noqa: E402

FIRST = "vneid-kich-hoat"
SECOND = "dien-thoai-an-toan-co-ban"
QUERY = "mat khau"
READY_JS = """
window.__cnscdReady = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('.cnscd-quiz[data-ready=true]')) {
    window.__cnscdReady = performance.timeOrigin + performance.now(); observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
TIMES_JS = """() => ({origin: performance.timeOrigin,
  fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime, ready: window.__cnscdReady})"""


@dataclass
class Relay:
    """TCP relay counting the bytes sent to the browser, per request path, with a time stamp."""

    port: int
    upstream_port: int = 0
    events: list[tuple[float, str, int]] = field(default_factory=list)  # (epoch s, path, bytes)

    async def _pipe_up(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, paths: list[str]) -> None:
        buffer = b""
        while data := await reader.read(65536):
            buffer += data
            while b"\r\n\r\n" in buffer:
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                paths.append(line[1] if len(line) > 1 else "?")
            writer.write(data)
            await writer.drain()
        writer.close()

    async def _pipe_down(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, paths: list[str]) -> None:
        while data := await reader.read(65536):
            self.events.append((time.time(), paths[-1] if paths else "?", len(data)))
            writer.write(data)
            await writer.drain()
        writer.close()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        paths: list[str] = []
        await asyncio.gather(self._pipe_up(client_r, server_w, paths), self._pipe_down(server_r, client_w, paths),
                             return_exceptions=True)

    def start(self) -> Relay:
        loop = asyncio.new_event_loop()
        started = threading.Event()

        async def serve() -> None:
            server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
            started.set()
            await server.serve_forever()

        threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True).start()
        started.wait(10)
        return self

    def by_path(self, start: float, end: float) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for t, path, n in list(self.events):
            if start <= t <= end:
                sizes[path] = sizes.get(path, 0) + n
        return sizes

    def bytes_between(self, start: float, end: float, *, skip: tuple[str, ...] = ()) -> int:
        return sum(n for t, path, n in list(self.events) if start <= t <= end and not any(s in path for s in skip))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def cnscd_up(checkout: Path, scratch: Path, site_url: str) -> Iterator[int]:
    """Build the site of `checkout` (its own code and the real library) and serve it with `cnscd up`.

    `site_url` is the relay's address: the one the browser sees, so the page's tracker is same-origin.
    """
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    site = scratch / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(checkout), "--out", str(site),
                    "--no-print", "--no-bundle", "--site-url", site_url], check=True, cwd=checkout, env=env,
                   capture_output=True)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "up", "--root", str(checkout), "--out", str(site),
                                "--no-build", "--db", str(scratch / "tracker.db"), "--port", str(port),
                                "--site-url", site_url],
                               cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import httpx

    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError("cnscd up did not start")
        time.sleep(0.2)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(30)


def throttled(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, locale="vi-VN")
    context.add_init_script(READY_JS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **PROFILES["slow"]})
    return context, page


def one_run(browser: Any, relay: Relay) -> dict[str, float | str]:
    base = f"http://127.0.0.1:{relay.port}/"
    skip = ("/hinh-anh/", "search_index", "/assets/images/")
    context, page = throttled(browser)
    try:
        start = time.time()
        page.goto(base + f"l/{FIRST}/", wait_until="commit", timeout=120_000)
        page.wait_for_url(f"**/bai-hoc/{FIRST}/", timeout=120_000)
        page.wait_for_selector(".cnscd-quiz[data-ready=true]", timeout=120_000)
        times = page.evaluate(TIMES_JS)
        ready = times["ready"] / 1000
        first_text = (times["origin"] + times["fcp"]) / 1000 - start
        before_quiz = relay.bytes_between(start, ready, skip=skip)
        log("  before the quiz: " + ", ".join(f"{p} {n / 1000:.1f} KB" for p, n in relay.by_path(start, ready).items()))
        page.wait_for_load_state("networkidle", timeout=60_000)
        page.wait_for_timeout(1500)  # the service worker installs after load
        second_start = time.time()
        page.goto(base + f"bai-hoc/{SECOND}/", timeout=120_000)
        page.wait_for_selector(".cnscd-quiz[data-ready=true]", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        second = relay.bytes_between(second_start, time.time(), skip=("/hinh-anh/", "/assets/images/"))
        log("  second page: " + ", ".join(f"{p} {n / 1000:.1f} KB" for p, n in relay.by_path(second_start, time.time()).items()))
    finally:
        context.close()
    context, page = throttled(browser)
    try:
        page.goto(base + f"bai-hoc/{FIRST}/", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
        tap = time.time()
        page.click("label[for=__search]")
        shown = page.inner_text(".md-search-result__meta")
        page.fill("input[data-md-component=search-query]", QUERY)
        page.wait_for_selector(".md-search-result__item", timeout=120_000)
        search_s = time.time() - tap
        top = page.inner_text(".md-search-result__item >> nth=0").split("\n")[0]
    finally:
        context.close()
    return {"first_text_s": first_text, "quiz_s": ready - start, "kb_before_quiz": before_quiz / 1000,
            "second_page_kb": second / 1000, "search_s": search_s, "search_meta": shown, "search_top": top}


def measure_checkout(label: str, checkout: Path, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    relay = Relay(free_port())
    site_url = f"http://127.0.0.1:{relay.port}/"
    with tempfile.TemporaryDirectory(prefix="cnscd-firstvisit-") as tmp, cnscd_up(checkout, Path(tmp), site_url) as port:
        relay.upstream_port = port
        relay.start()
        samples = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
            for i in range(runs):
                sample = one_run(browser, relay)
                log(f"{label} run {i + 1}: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v!r}"
                                                          for k, v in sample.items()))
                samples.append(sample)
            browser.close()
    numbers = {k: statistics.median(float(s[k]) for s in samples) for k in samples[0] if isinstance(samples[0][k], float)}
    words = {k: str(samples[-1][k]) for k in samples[0] if isinstance(samples[0][k], str)}
    return numbers | words


@contextmanager
def worktree(rev: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cnscd-rev-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=REPO, check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=REPO, check=False, capture_output=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 5")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--rev", action="append", default=[], help="also measure cnscd at this git revision")
    parser.add_argument("--runs", type=int, default=None, help="runs per checkout [default: 5, 3 with --quick]")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    results = {"this tree": measure_checkout("this tree", REPO, runs)}
    for rev in args.rev:
        with worktree(rev) as checkout:
            results[rev] = measure_checkout(rev, checkout, runs)
    goals = {"kb_before_quiz": 35, "first_text_s": 1.0, "quiz_s": 2.0, "second_page_kb": 12, "search_s": 3.0}
    names = {"kb_before_quiz": "KB before the quiz is usable", "first_text_s": "first text (s)",
             "quiz_s": "quiz usable (s)", "second_page_kb": "second lesson page (KB)", "search_s": "search: tap to first result (s)"}
    mine = results["this tree"]
    headers = ["measure", "goal", *results, *(f"{rev} / this tree" for rev in args.rev)]
    rows = []
    for key, goal in goals.items():
        row: list[Any] = [names[key], f"≤ {goal}", *(f"{r[key]:.2f}" for r in results.values())]
        row += [f"{results[rev][key] / mine[key]:.1f}×" for rev in args.rev]
        rows.append(row)
    rows.append(["search box while loading", "page's language", *(repr(r["search_meta"]) for r in results.values()),
                 *("" for _ in args.rev)])
    rows.append([f"first result for '{QUERY}'", "a lesson", *(repr(r["search_top"]) for r in results.values()),
                 *("" for _ in args.rev)])
    command = ".venv/bin/python bench/bench_firstvisit.py" + "".join(f" --rev {r}" for r in args.rev)
    markdown = "\n".join([
        "## First visit from a QR code, through `cnscd up`",
        "",
        f"400 kbit/s, 400 ms RTT (CDP), Chromium at 360 px, medians of {runs} runs; bytes counted on the wire by a "
        "relay in front of `cnscd up` (headers included; images and the search index excluded before the quiz).",
        "",
        md_table(headers, rows),
        "",
        f"Re-run: `{command}` (`--quick` for 3 runs).",
    ])
    write_result(args.json, section="First visit", markdown=markdown, figures=results, commands=[command],
                 method="cnscd up behind a byte-counting relay, CDP-throttled Chromium, medians")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
