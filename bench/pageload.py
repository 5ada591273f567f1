"""Load a page in headless Debian Chromium (Playwright) on an emulated link; what it cost.

Method as ../shared/peer-bench/bench_pageweight.py, code written for this project:
a fresh browser context per load (empty cache), CDP `Network.emulateNetworkConditions` for the
link (per-request latency + bandwidth, not a packet-level link), first contentful paint from the
Paint Timing API, requests counted from the page's own request events, bytes from the
static server's log (compressed bytes actually sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from static_server import ServedLog

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
PROFILES: dict[str, dict[str, float]] = {
    # 400 kbit/s both ways, 400 ms round trip: a weak rural 3G link.
    "slow": {"latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8},
    # DevTools' "Regular 4G"-like: 4 Mbit/s down, 3 up, 20 ms.
    "4g": {"latency": 20, "downloadThroughput": 4_000_000 / 8, "uploadThroughput": 3_000_000 / 8},
}
PAINT_JS = """() => new Promise(resolve => setTimeout(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  resolve({fcp: fcp ? fcp.startTime : null, load: nav ? nav.loadEventEnd : null});
}, 200))"""


@dataclass
class PageLoad:
    url: str
    fcp_ms: float | None
    load_ms: float | None
    requests: int
    failed: int  # network failures plus HTTP 4xx/5xx
    bytes_sent: int  # compressed bytes the local server sent
    raw_bytes: int  # the same files uncompressed
    failures: list[str]


class Browser:
    """One Chromium for a series of cold page loads (each in a new context)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def load(self, url: str, log: ServedLog, profile: str = "slow", screenshot: str | None = None) -> PageLoad:
        """Cold load of `url` on `profile`; waits for the network to go idle (max 120 s)."""
        context = self._browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **PROFILES[profile]})
        requests: list[str] = []
        failures: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failures.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: failures.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
        log.clear()
        try:
            page.goto(url, wait_until="load", timeout=120_000)
            try:
                page.wait_for_load_state("networkidle", timeout=30_000)
            except Exception:  # noqa: BLE001 - a page that never goes idle is still measured
                pass
            timing = page.evaluate(PAINT_JS)
            if screenshot:
                page.screenshot(path=screenshot)
        finally:
            context.close()
        sent = sum(e[3] for e in log.entries)
        raw = sum(e[2] for e in log.entries)
        return PageLoad(url, timing.get("fcp"), timing.get("load"), len(requests), len(failures), sent, raw, failures)
