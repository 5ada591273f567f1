#!/usr/bin/env python3
"""Run every benchmark in bench/ and rewrite bench/RESULTS.md. The one entry point.

Usage (from the repository root):

    .venv/bin/python bench/run_all.py            # full: < 25 minutes on 2 cores
    .venv/bin/python bench/run_all.py --quick    # fewer runs, smaller libraries: < 5 minutes
    .venv/bin/python bench/run_all.py --only scale,vs_diy

Runs each bench script that exists (see SCRIPTS) as `.venv/bin/python bench/<script> [--quick]
--json <scratch>/results/<name>.json`, streams its output (also kept in <name>.log beside the
JSON), and writes RESULTS.md: the machine, the load average around each script (the machine
may be shared), a closing summary, then each script's own section. A script that is missing or
fails keeps its section from the previous RESULTS.md, marked as such, so one broken bench does not
erase the others' figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DIR, PYTHON, REPO, SCRATCH, log, machine, md_table  # noqa: E402

# (name, script, what it is) in the order the sections appear.
SCRIPTS = [
    ("scale", "bench_scale.py", "cost at 20, 200 and 1,000 lessons"),
    ("vs_diy", "bench_vs_diy.py", "cnscd against the DIY MkDocs route"),
    ("profile", "profile_build.py", "where `cnscd build` spends its time"),
    ("optimisations", "bench_optimisations.py", "before/after of what was made faster"),
    ("pageweight", "bench_pageweight.py", "page weight and load on slow links"),
    ("print", "bench_print.py", "handouts, leaflets and packs"),
    ("tracker", "bench_tracker.py", "tracker throughput and latency"),
]
RESULTS = BENCH_DIR / "RESULTS.md"
MARK = "<!-- section: {name} -->"
END = "<!-- /section: {name} -->"


# Headings the other scripts' sections had before run_all marked them (to keep them if a script fails).
HEADING_WORDS = {"pageweight": ("site", "page"), "print": ("print", "handout"), "tracker": ("tracker",),
                 "scale": ("scale",), "vs_diy": ("diy",), "profile": ("spends its time",),
                 "optimisations": ("made faster",)}


def previous_sections(text: str) -> dict[str, str]:
    """Sections of an earlier RESULTS.md, by name (marked ones, else `## ` sections by their heading)."""
    out = {}
    for match in re.finditer(r"<!-- section: (\w+) -->\n(.*?)\n<!-- /section: \1 -->", text, re.S):
        out[match.group(1)] = match.group(2)
    if out:
        return out
    for chunk in re.split(r"(?m)^(?=## )", text):
        heading = chunk.split("\n", 1)[0].lower()
        for name, words in HEADING_WORDS.items():
            if chunk.startswith("## ") and name not in out and any(w in heading for w in words):
                out[name] = chunk.strip()
                break
    return out


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def run_script(name: str, script: str, quick: bool, results_dir: Path) -> dict[str, Any]:
    """Run one bench script; its JSON result (or why there is none), wall time and load around it."""
    path = BENCH_DIR / script
    info: dict[str, Any] = {"name": name, "script": script, "present": path.exists()}
    if not path.exists():
        return info
    out_json = results_dir / f"{name}.json"
    out_json.unlink(missing_ok=True)
    cmd = [str(PYTHON), str(path), *(["--quick"] if quick else []), "--json", str(out_json)]
    log(f"\n######## {script}{' --quick' if quick else ''}  (load average {loadavg()})")
    info["load_before"] = loadavg()
    started = time.perf_counter()
    with open(results_dir / f"{name}.log", "w", encoding="utf-8") as log_file:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            log_file.write(line)
        rc = proc.wait()
    info["seconds"] = time.perf_counter() - started
    info["load_after"] = loadavg()
    info["rc"] = rc
    if out_json.exists():
        try:
            info["result"] = json.loads(out_json.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            info["error"] = f"unreadable JSON: {exc}"
    log(f"######## {script}: rc={rc} in {info['seconds']:.0f} s")
    return info


def figure(runs: dict[str, dict[str, Any]], name: str, *keys: str) -> Any:
    value: Any = runs.get(name, {}).get("result", {}).get("figures", {})
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def closing_note(runs: dict[str, dict[str, Any]]) -> list[str]:
    """The summary a reader wants first: the slowest stage and the ratios against the DIY route."""
    lines = []
    slowest = figure(runs, "profile", "slowest")
    if slowest:
        lines.append(f"- **Slowest stage of `cnscd build`**: {slowest}")
    ratios = figure(runs, "vs_diy", "ratios") or {}
    parts = []
    for key, label in (("site_build_time", "site build time"), ("site_build_cpu", "site build CPU"),
                       ("full_build_time", "site + PDFs build time"), ("full_build_cpu", "site + PDFs CPU"),
                       ("rebuild_one_time", "one-lesson rebuild"), ("lesson_page_bytes", "lesson page weight"),
                       ("home_page_bytes", "home page weight")):
        if ratios.get(key):
            parts.append(f"{label} ×{ratios[key]:.2f}")
    if parts:
        lines.append("- **cnscd / DIY route** (same 20-lesson library; below 1 means cnscd is faster or lighter): " + ", ".join(parts) + ".")
    pw = figure(runs, "pageweight", "lesson (vi) / slow")
    if isinstance(pw, dict) and pw.get("kb") is not None:
        lines.append(f"- **Lesson page** on 400 kbit/s + 400 ms RTT (bench_pageweight.py, real lessons): {pw['kb']:.1f} KB "
                     f"without images, first contentful paint {pw.get('fcp_ms', 0):.0f} ms.")
    growth = figure(runs, "scale", "growth") or {}
    per = []
    for stage, label in (("validate", "validate"), ("site", "site build"), ("handouts", "handouts"),
                         ("onechange", "one-lesson rebuild")):
        fit = (growth.get(stage) or {}).get("fit")
        if fit:
            per.append(f"{label} {fit[1] * 1000:.0f} ms/lesson (+{fit[0]:.1f} s fixed, r² {fit[2]:.3f})")
    if per:
        lines.append("- **Cost per lesson** (vi + en): " + "; ".join(per) + ".")
    onechange = figure(runs, "scale", "per_size")
    if onechange:
        bits = []
        for n, d in sorted(onechange.items(), key=lambda kv: int(kv[0])):
            s = (d.get("stages") or {}).get("onechange")
            if s and s.get("wall_s"):
                bits.append(f"{n} lessons: {s['wall_s']['median']:.1f} s" + ("" if d.get("rebuilds_include_print") else " (site only)"))
        if bits:
            lines.append("- **One lesson changed, rebuild**: " + ", ".join(bits) + ". The target was a few seconds at any size.")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description="run every bench script and rewrite bench/RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller libraries (< 5 minutes)")
    parser.add_argument("--only", default="", help="comma-separated names: " + ",".join(n for n, _, _ in SCRIPTS))
    args = parser.parse_args()
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    results_dir = SCRATCH / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    old = previous_sections(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    started = time.perf_counter()
    mach = machine()
    mach["load average at start (1/5/15 min)"] = loadavg()
    runs: dict[str, dict[str, Any]] = {}
    for name, script, _what in SCRIPTS:
        if only and name not in only:
            runs[name] = {"name": name, "script": script, "skipped": True, "present": (BENCH_DIR / script).exists()}
            continue
        runs[name] = run_script(name, script, args.quick, results_dir)
    total = time.perf_counter() - started

    command = ".venv/bin/python bench/run_all.py" + (" --quick" if args.quick else "")
    lines = [
        "# cnscd benchmark results",
        "",
        f"Written by `{command}`{' (only: ' + ', '.join(sorted(only)) + ')' if only else ''} on {mach['date']} in "
        f"{total / 60:.1f} min. Do not edit by hand: run the command again. Each section says how its figures were "
        "measured and the exact command that re-runs them. Benchmarks are not tests: nothing here is asserted.",
        "",
        "## Machine",
        "",
        md_table(["", ""], [[k, v] for k, v in mach.items()]),
        "",
        "The machine may be shared with other work; the load average before and after each script is in the table "
        "below, so a slow figure taken under load can be told apart. Compare figures from the same run.",
        "",
    ]
    status_rows = []
    for name, script, what in SCRIPTS:
        r = runs[name]
        if r.get("skipped"):
            state = "skipped (--only)"
        elif not r.get("present"):
            state = "not present"
        elif r.get("rc") == 0 and "result" in r:
            state = f"ran in {r['seconds']:.0f} s"
        else:
            state = f"**failed** (exit {r.get('rc')}{', ' + r['error'] if r.get('error') else ''}); log: {results_dir / (name + '.log')}"
        status_rows.append([f"`bench/{script}`", what, state, r.get("load_before", "–"), r.get("load_after", "–")])
    lines += [md_table(["script", "measures", "this run", "load before", "load after"], status_rows), ""]
    note = closing_note(runs)
    lines += ["## Summary", ""] + (note or ["- No figures this run."]) + [""]

    for name, script, _what in SCRIPTS:
        r = runs[name]
        body = None
        if "result" in r and r.get("rc") == 0:
            body = r["result"].get("markdown", "").strip()
        elif "result" in r:
            body = r["result"].get("markdown", "").strip() + f"\n\n(The script exited {r.get('rc')}; figures above may be partial.)"
        elif name in old:
            stale = old[name].strip()
            stale = re.sub(r"\n\n\(Kept from an earlier run[^\n]*\)$", "", stale)
            why = "not run this time" if r.get("skipped") or not r.get("present") else f"this run failed (exit {r.get('rc')})"
            body = stale + f"\n\n(Kept from an earlier run: {why}.)"
        if body:
            lines += [MARK.format(name=name), body, END.format(name=name), ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    log(f"\nwrote {RESULTS.relative_to(REPO)} in {total / 60:.1f} min")
    failed = [n for n, r in runs.items() if r.get("present") and not r.get("skipped") and r.get("rc") != 0]
    if failed:
        log("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
