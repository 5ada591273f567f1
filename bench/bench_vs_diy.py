#!/usr/bin/env python3
"""cnscd against the DIY route, side by side in one run, on the same 20-lesson synthetic library.

Usage (from the repository root):

    .venv/bin/python bench/bench_vs_diy.py [--quick] [--json OUT.json] [--lessons 20]

The DIY route is what a technical user would assemble instead (bench/requirements-diy.txt, in
its own virtualenv /tmp/cnscd-bench/diy-venv, created here when missing): plain `mkdocs build`
of the same lesson text as Markdown pages with Material + mkdocs-static-i18n + mkdocs-quiz, and
mkdocs-with-pdf for PDFs (bench/diy_site.py writes that project from our library).

Measured, interleaved (cnscd then DIY, DIY then cnscd, ...) so machine drift hits both alike:
  site          `cnscd build --out DIR` (site only if the CLI has such an option) vs `mkdocs build`
  rebuild-1     after changing one lesson's summary in both languages: build again into the same DIR
  site+pdf      `cnscd build` with handouts, leaflets and QR codes vs `mkdocs build` with mkdocs-with-pdf
for each: wall time, peak RSS (largest process, /usr/bin/time -v; whole process tree, sampled),
output size. Then a cold load of a lesson page and the home page of both sites in headless
Chromium on a 400 kbit/s, 400 ms RTT link (gzip static server on 127.0.0.1): bytes sent,
requests, failed requests, first contentful paint. Ratios are cnscd / DIY (below 1: cnscd smaller
or faster).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import cnscd_cmds  # noqa: E402
from common import (  # noqa: E402
    BENCH_DIR,
    DIY_VENV,
    SCRATCH,
    Measurement,
    bench_env,
    human_bytes,
    log,
    md_table,
    measure,
    print_run,
    quoted,
    ratio,
    rel_command,
    spread,
    stats,
    summary,
    tree_size,
    write_result,
)
from make_corpus import lesson_ids, make_corpus, touch_lesson  # noqa: E402

WORK = SCRATCH / "vs-diy"
DIY_MKDOCS = DIY_VENV / "bin" / "mkdocs"


def ensure_diy_venv() -> None:
    """Create the DIY virtualenv from bench/requirements-diy.txt when it is missing."""
    if DIY_MKDOCS.exists():
        return
    log(f"creating the DIY virtualenv {DIY_VENV} from bench/requirements-diy.txt (once)")
    subprocess.run(["python3", "-m", "venv", str(DIY_VENV)], check=True)
    subprocess.run([str(DIY_VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", "-r",
                    str(BENCH_DIR / "requirements-diy.txt")], check=True)


def diy_cmd(config: str, out: Path) -> list[str]:
    return [str(DIY_MKDOCS), "build", "-q", "-f", config, "-d", str(out)]


def count_files(root: Path, suffix: str) -> int:
    return sum(1 for _ in root.rglob(f"*{suffix}")) if root.exists() else 0


def run_case(name: str, cmd: list[str], cwd: Path, results: dict[str, list[Measurement]], i: int, timeout: float = 900) -> None:
    m = measure(cmd, cwd=cwd, env=bench_env(), timeout=timeout)
    print_run(name, i, m)
    if not m.ok():
        log(m.out[-2500:])
    results.setdefault(name, []).append(m)


def interleave(pairs: list[tuple[str, list[str], Path]], runs: int, results: dict[str, list[Measurement]],
               before: Any = None, timeout: float = 900) -> None:
    """Run each (name, cmd, cwd) `runs` times, alternating which goes first."""
    for i in range(runs):
        order = pairs if i % 2 == 0 else list(reversed(pairs))
        for name, cmd, cwd in order:
            if before is not None:
                before(name, i)
            run_case(name, cmd, cwd, results, i, timeout)


def page_weights(sites: dict[str, Path], pages: dict[str, str], runs: int) -> dict[str, dict[str, Any]]:
    """Cold loads of each page of each site on the slow link; runs interleaved across sites."""
    from pageload import Browser
    from static_server import serve

    out: dict[str, dict[str, Any]] = {}
    loads: dict[tuple[str, str], list[Any]] = {}
    with Browser() as browser:
        servers = {}
        stack = []
        for side, root in sites.items():
            ctx = serve(root)
            servers[side] = ctx.__enter__()
            stack.append(ctx)
        try:
            for i in range(runs):
                for side in (sites if i % 2 == 0 else list(reversed(list(sites)))):
                    base, served = servers[side]
                    for page_name, path in pages.items():
                        shot = str(WORK / f"shot-{side}-{page_name}.png") if i == 0 else None
                        load = browser.load(base + path, served, "slow", screenshot=shot)
                        loads.setdefault((side, page_name), []).append(load)
                        log(f"  page {side} {page_name} run {i + 1}: fcp={load.fcp_ms and round(load.fcp_ms)}ms "
                            f"requests={load.requests} failed={load.failed} sent={load.bytes_sent}B raw={load.raw_bytes}B")
        finally:
            for ctx in stack:
                ctx.__exit__(None, None, None)
    for (side, page_name), ls in loads.items():
        out.setdefault(side, {})[page_name] = {
            "fcp_ms": stats(x.fcp_ms for x in ls), "load_ms": stats(x.load_ms for x in ls),
            "requests": ls[0].requests, "failed": ls[0].failed, "failures": ls[0].failures,
            "bytes_sent": stats(x.bytes_sent for x in ls), "raw_bytes": stats(x.raw_bytes for x in ls),
        }
    return out


def med(s: dict[str, Any] | None) -> float | None:
    return None if not s else float(s["median"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="cnscd vs the DIY MkDocs route")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--lessons", type=int, default=20)
    parser.add_argument("--no-pdf", action="store_true", help="skip the site+PDF comparison")
    args = parser.parse_args(argv[1:])
    runs = 1 if args.quick else 3
    pdf_runs = 0 if args.quick else 2  # quick: no PDFs (a minute per run pair)
    page_runs = 1 if args.quick else 3
    ensure_diy_venv()

    shutil.rmtree(WORK, ignore_errors=True)
    corpus = WORK / "corpus"
    WORK.mkdir(parents=True)
    make_corpus(corpus, args.lessons)
    from diy_site import touch_page, write_diy_project

    from generator.library.loader import require_library
    from generator.settings import load_settings

    settings = load_settings(corpus)
    library, _ = require_library(settings)
    diy = WORK / "diy"
    write_diy_project(library, settings.lessons_dir, diy, settings.site_url)
    log(f"corpus: {corpus} ({args.lessons} lessons); DIY project: {diy}")

    have_cnscd = cnscd_cmds.has_build()
    site_flag = cnscd_cmds.site_only_flag() if have_cnscd else None
    if not have_cnscd:
        log("`cnscd build` is not available yet: measuring the DIY side only")
    out = {"cnscd-site": WORK / "out-cnscd-site", "diy-site": WORK / "out-diy-site",
           "cnscd-full": WORK / "out-cnscd-full", "diy-pdf": WORK / "out-diy-pdf"}
    cmds = {
        "cnscd-site": cnscd_cmds.build_cmd(corpus, out["cnscd-site"], with_print=False),
        "diy-site": diy_cmd("mkdocs.yml", out["diy-site"]),
        "cnscd-full": cnscd_cmds.build_cmd(corpus, out["cnscd-full"], with_print=True),
        "diy-pdf": diy_cmd("mkdocs.withpdf.yml", out["diy-pdf"]),
    }
    cwd = {"cnscd-site": corpus, "cnscd-full": corpus, "diy-site": diy, "diy-pdf": diy}
    results: dict[str, list[Measurement]] = {}

    def fresh(name: str, _i: int) -> None:
        shutil.rmtree(out[name], ignore_errors=True)  # a clean build each time
        if name == "cnscd-full":
            shutil.rmtree(corpus / ".cnscd", ignore_errors=True)  # and an empty render cache

    log("== site build (clean output folder each run)")
    pairs = [(n, cmds[n], cwd[n]) for n in ("cnscd-site", "diy-site") if have_cnscd or n.startswith("diy")]
    interleave(pairs, runs, results, before=fresh)

    log("== one lesson changed, build again into the same folder")
    ids = lesson_ids(args.lessons)
    rebuild_cmds = {"cnscd-rebuild-1": (cmds["cnscd-site"], corpus), "diy-rebuild-1": (cmds["diy-site"], diy)}

    def change(name: str, i: int) -> None:
        marker = f"Sửa lần {i + 1}."
        if name.startswith("cnscd"):
            touch_lesson(corpus, ids[i % len(ids)], marker)
        else:
            touch_page(diy, ids[i % len(ids)], marker)

    pairs = [(n, c, d) for n, (c, d) in rebuild_cmds.items() if have_cnscd or n.startswith("diy")]
    interleave(pairs, runs, results, before=change)

    if args.no_pdf or not pdf_runs:
        args.no_pdf = True
    else:
        log("== site + PDFs (clean output folder each run)")
        pairs = [(n, cmds[n], cwd[n]) for n in ("cnscd-full", "diy-pdf") if have_cnscd or n.startswith("diy")]
        interleave(pairs, pdf_runs, results, before=fresh, timeout=1200)

    sizes = {name: tree_size(path) for name, path in out.items() if path.exists()}
    pdfs = {name: count_files(path, ".pdf") for name, path in out.items()}

    log("== page weight: cold loads on 400 kbit/s, 400 ms RTT")
    first = library.lessons[0].id
    pages = {"lesson": f"bai-hoc/{first}/", "home": ""}
    sites = {"DIY": out["diy-site"]}
    if have_cnscd and out["cnscd-site"].exists():
        sites = {"cnscd": out["cnscd-site"], "DIY": out["diy-site"]}
    weights = page_weights(sites, pages, page_runs)

    figures: dict[str, Any] = {
        "lessons": args.lessons, "have_cnscd_build": have_cnscd, "cnscd_site_flag": site_flag,
        "cases": {name: summary(ms) for name, ms in results.items()},
        "commands": {name: quoted(cmd) for name, cmd in cmds.items()},
        "output_bytes": {name: s[0] for name, s in sizes.items()}, "output_files": {name: s[1] for name, s in sizes.items()},
        "pdfs": pdfs, "pages": weights,
    }
    c = figures["cases"]

    def wall(name: str) -> float | None:
        return med(c.get(name, {}).get("wall_s")) if name in c else None

    def tree(name: str) -> float | None:
        return med(c.get(name, {}).get("tree_peak_mb")) if name in c else None

    def fmt_wall(name: str) -> str:
        return spread([m.wall_s for m in results.get(name, [])], unit="s") + ("" if c.get(name, {}).get("all_ok", True) else " **failed**")

    def fmt_cpu(name: str) -> str:
        return spread([m.cpu_s for m in results.get(name, [])], unit="s")

    def cpu(name: str) -> float | None:
        return med(c.get(name, {}).get("cpu_s")) if name in c else None

    def fmt_tree(name: str) -> str:
        return spread([m.tree_peak_mb for m in results.get(name, [])], "{:.0f}", "MB")

    def pw(side: str, page: str, key: str) -> float | None:
        v = weights.get(side, {}).get(page, {}).get(key)
        return med(v) if isinstance(v, dict) else v

    figures["ratios"] = {
        "site_build_time": (wall("cnscd-site") / wall("diy-site")) if wall("cnscd-site") and wall("diy-site") else None,
        "site_build_cpu": (cpu("cnscd-site") / cpu("diy-site")) if cpu("cnscd-site") and cpu("diy-site") else None,
        "full_build_cpu": (cpu("cnscd-full") / cpu("diy-pdf")) if cpu("cnscd-full") and cpu("diy-pdf") else None,
        "rebuild_one_time": (wall("cnscd-rebuild-1") / wall("diy-rebuild-1")) if wall("cnscd-rebuild-1") and wall("diy-rebuild-1") else None,
        "full_build_time": (wall("cnscd-full") / wall("diy-pdf")) if wall("cnscd-full") and wall("diy-pdf") else None,
        "lesson_page_bytes": (pw("cnscd", "lesson", "bytes_sent") / pw("DIY", "lesson", "bytes_sent"))  # type: ignore[operator]
        if pw("cnscd", "lesson", "bytes_sent") and pw("DIY", "lesson", "bytes_sent") else None,
        "home_page_bytes": (pw("cnscd", "home", "bytes_sent") / pw("DIY", "home", "bytes_sent"))  # type: ignore[operator]
        if pw("cnscd", "home", "bytes_sent") and pw("DIY", "home", "bytes_sent") else None,
    }

    rows = [
        ["site build, clean (wall)", fmt_wall("cnscd-site"), fmt_wall("diy-site"), ratio(wall("cnscd-site"), wall("diy-site"))],
        ["site build, clean (CPU, user + system)", fmt_cpu("cnscd-site"), fmt_cpu("diy-site"), ratio(cpu("cnscd-site"), cpu("diy-site"))],
        ["site build, peak RSS of process tree", fmt_tree("cnscd-site"), fmt_tree("diy-site"), ratio(tree("cnscd-site"), tree("diy-site"))],
        ["one lesson changed, rebuild (wall)", fmt_wall("cnscd-rebuild-1"), fmt_wall("diy-rebuild-1"),
         ratio(wall("cnscd-rebuild-1"), wall("diy-rebuild-1"))],
    ]
    if not args.no_pdf:
        rows += [
            ["site + PDFs, clean (wall)", fmt_wall("cnscd-full"), fmt_wall("diy-pdf"), ratio(wall("cnscd-full"), wall("diy-pdf"))],
            ["site + PDFs, clean (CPU, user + system)", fmt_cpu("cnscd-full"), fmt_cpu("diy-pdf"), ratio(cpu("cnscd-full"), cpu("diy-pdf"))],
            ["site + PDFs, peak RSS of process tree", fmt_tree("cnscd-full"), fmt_tree("diy-pdf"), ratio(tree("cnscd-full"), tree("diy-pdf"))],
            ["PDF files written", pdfs.get("cnscd-full", 0), pdfs.get("diy-pdf", 0), ""],
            ["output size, site + PDFs", human_bytes(sizes.get("cnscd-full", (0, 0))[0]) + f", {sizes.get('cnscd-full', (0, 0))[1]} files",
             human_bytes(sizes.get("diy-pdf", (0, 0))[0]) + f", {sizes.get('diy-pdf', (0, 0))[1]} files",
             ratio(sizes.get("cnscd-full", (0, 0))[0] or None, sizes.get("diy-pdf", (0, 0))[0] or None)],
        ]
    rows.append(["output size, site only", human_bytes(sizes.get("cnscd-site", (0, 0))[0]) + f", {sizes.get('cnscd-site', (0, 0))[1]} files",
                 human_bytes(sizes.get("diy-site", (0, 0))[0]) + f", {sizes.get('diy-site', (0, 0))[1]} files",
                 ratio(sizes.get("cnscd-site", (0, 0))[0] or None, sizes.get("diy-site", (0, 0))[0] or None)])
    for page in pages:
        a, b = pw("cnscd", page, "bytes_sent"), pw("DIY", page, "bytes_sent")
        rows.append([f"{page} page, cold load: bytes sent (gzip)", human_bytes(a) if a else "n/a", human_bytes(b) if b else "n/a", ratio(a, b)])
        rows.append([f"{page} page: requests (failed)",
                     f"{pw('cnscd', page, 'requests')} ({pw('cnscd', page, 'failed')})" if "cnscd" in weights else "n/a",
                     f"{pw('DIY', page, 'requests')} ({pw('DIY', page, 'failed')})", ""])
        fa, fb = weights.get("cnscd", {}).get(page, {}).get("fcp_ms"), weights.get("DIY", {}).get(page, {}).get("fcp_ms")
        rows.append([f"{page} page: first contentful paint, 400 kbit/s + 400 ms RTT",
                     spread_of(fa), spread_of(fb), ratio(med(fa), med(fb))])
    table = md_table(["figure", "cnscd", "DIY route", "cnscd / DIY"], rows)
    diy_failures = sorted({f for p in weights.get("DIY", {}).values() for f in p.get("failures", [])})
    notes = []
    if not have_cnscd:
        notes.append("`cnscd build` did not exist when this ran: only the DIY side was measured.")
    elif site_flag is None:
        notes.append("`cnscd build` has no site-only option: the \"site build\" rows include handouts, leaflets and QR codes.")
    else:
        notes.append(f"Site-only rows use `cnscd build {site_flag}`.")
    if diy_failures:
        notes.append("DIY page failures (the default Material theme asks Google Fonts, unreachable here): " + "; ".join(diy_failures[:4]))
    commands = [rel_command(argv)] + [f"{name}: `{cmd}`" for name, cmd in figures["commands"].items()]
    method = (
        f"Same synthetic library ({args.lessons} lessons, vi + en; bench/make_corpus.py) rendered by both routes; "
        f"DIY pages written by bench/diy_site.py. Builds timed with /usr/bin/time -v (largest process) and a 50 ms "
        f"/proc sampler (whole process tree), cnscd and DIY runs interleaved, output folder (and cnscd's render cache) "
        f"removed before each clean build. Rebuild: one lesson's summary changed (both languages) and the same build run into the existing folder. "
        f"Page loads: headless Debian Chromium via Playwright, new context per load (empty cache), 360×740 viewport, "
        f"CDP throttling 400 kbit/s each way + 400 ms latency, local gzip server (level 6); bytes are what the server sent."
    )
    md = "\n".join([
        "## cnscd against the DIY route",
        "",
        f"Same {args.lessons}-lesson synthetic library (vi + en) through cnscd and through plain MkDocs + Material + "
        "mkdocs-static-i18n + mkdocs-quiz (+ mkdocs-with-pdf for PDFs). Median (min–max, n). Ratio = cnscd / DIY.",
        "",
        table,
        "",
        *[f"- {n}" for n in notes],
        "",
        f"Method: {method}",
        "",
        f"Re-run: `{rel_command(argv)}`; underlying commands: "
        + "; ".join(f"{name} `{cmd}`" for name, cmd in figures["commands"].items()),
    ])
    write_result(args.json, section="vs-diy", markdown=md, figures=figures, commands=commands, method=method)
    return 0


def spread_of(s: dict[str, Any] | None) -> str:
    if not s:
        return "n/a"
    if s["n"] == 1:
        return f"{s['median']:.0f} ms (n=1)"
    return f"{s['median']:.0f} ms ({s['min']:.0f}–{s['max']:.0f}, n={s['n']})"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
