"""Page weight and first paint of the guide site on a weak mobile link, against the budget.

Budget (issue 4): a lesson page without images costs at most 90 KB compressed in total,
first contentful paint at most 1.3 s on a 400 kbit/s, 400 ms RTT link, and the search index
loads only when search is used.

Method: `cnscd build --no-print --no-bundle` of the real library; the folder is served by
bench/static_server.py (gzip for text, like a typical host); each load is a cold load in a fresh
headless Chromium context (Debian's, via Playwright) throttled with CDP
`Network.emulateNetworkConditions` (bench/pageload.py). Bytes are what the server sent; lesson
illustrations (hinh-anh/) are counted apart. Medians of N runs.

    .venv/bin/python bench/bench_pageweight.py [--quick] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, log, write_result  # noqa: E402
from pageload import Browser  # noqa: E402
from static_server import serve  # noqa: E402

BUDGET_KB = 90
BUDGET_FCP_MS = 1300
PAGES = {
    "lesson (vi)": "bai-hoc/vneid-kich-hoat/",
    "lesson (en)": "en/bai-hoc/vneid-kich-hoat/",
    "home (vi)": "",
    "QR short link -> lesson": "l/vneid-kich-hoat/",
}


def measure(base: str, served: Any, browser: Browser, path: str, profile: str) -> dict[str, Any]:
    load = browser.load(base + path, served, profile=profile)
    images = sum(sent for (p, _status, _raw, sent) in served.entries if "/hinh-anh/" in p)
    search = [p for (p, *_rest) in served.entries if "search" in p or "/lunr/" in p]
    return {
        "fcp_ms": load.fcp_ms,
        "kb": (load.bytes_sent - images) / 1000,
        "image_kb": images / 1000,
        "requests": load.requests,
        "failed": load.failed,
        "search_requests": len(search),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 runs per page instead of 7")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 7
    with tempfile.TemporaryDirectory(prefix="cnscd-pageweight-") as tmp:
        site = Path(tmp) / "site"
        log(f"building the site into {site} ...")
        subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(REPO), "--out", str(site),
                        "--no-print", "--no-bundle"], check=True, cwd=REPO, capture_output=True)
        results: dict[str, dict[str, Any]] = {}
        with serve(site) as (base, served), Browser() as browser:
            for label, path in PAGES.items():
                for profile in ("slow", "4g"):
                    samples = []
                    for i in range(runs):
                        sample = measure(base, served, browser, path, profile)
                        log(f"{label:26} {profile:4} run {i + 1}: FCP {sample['fcp_ms']:.0f} ms, "
                            f"{sample['kb']:.1f} KB (+{sample['image_kb']:.1f} KB images), {sample['requests']} requests, "
                            f"{sample['search_requests']} search, {sample['failed']} failed")
                        samples.append(sample)
                    results[f"{label} / {profile}"] = {
                        key: statistics.median(s[key] for s in samples) for key in samples[0]
                    } | {"fcp_min": min(s["fcp_ms"] for s in samples), "fcp_max": max(s["fcp_ms"] for s in samples)}
    rows = ["| page | link | FCP median (min–max) | bytes without images | images | requests | search files loaded |",
            "|---|---|---|---|---|---|---|"]
    for key, r in results.items():
        label, profile = key.split(" / ")
        link = "400 kbit/s, 400 ms" if profile == "slow" else "4 Mbit/s, 20 ms"
        rows.append(f"| {label} | {link} | {r['fcp_ms']:.0f} ms ({r['fcp_min']:.0f}–{r['fcp_max']:.0f}) | "
                    f"{r['kb']:.1f} KB | {r['image_kb']:.1f} KB | {r['requests']:.0f} | {r['search_requests']:.0f} |")
    lesson = results["lesson (vi) / slow"]
    verdict = (f"Budget: lesson page {lesson['kb']:.1f} KB of {BUDGET_KB} KB, FCP {lesson['fcp_ms']:.0f} ms of "
               f"{BUDGET_FCP_MS} ms, search files before searching: {lesson['search_requests']:.0f}.")
    markdown = "\n".join([
        "## Site",
        "",
        f"Cold loads in headless Chromium at 360 px, medians of {runs} runs; bytes are what a gzip-ing static "
        "server sent (images counted apart). " + verdict,
        "",
        *rows,
        "",
        "Re-run: `.venv/bin/python bench/bench_pageweight.py` (`--quick` for 3 runs).",
    ])
    write_result(args.json, section="Site", markdown=markdown, figures=results,
                 commands=[".venv/bin/python bench/bench_pageweight.py"],
                 method="cold loads, CDP-throttled Chromium, gzip static server, medians")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
