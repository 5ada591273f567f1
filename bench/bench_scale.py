#!/usr/bin/env python3
"""How cnscd's cost grows with the library: 20, 200 and 1,000 synthetic lessons (vi + en).

Usage (from the repository root):

    .venv/bin/python bench/bench_scale.py [--quick] [--json OUT.json] [--sizes 20,200,1000] [--full-print]

For each size, on a library written by bench/make_corpus.py (never committed):
  validate      `cnscd validate --strict --root LIB`
  site          `cnscd build` with the options that leave out print outputs and the offline bundle,
                into a removed output folder (a clean build)
  handouts      `cnscd handouts --root LIB --out DIR --cache-dir EMPTY`: every handout, A5/A6 leaflet
                and QR code rendered from nothing
  no change     `cnscd build --root LIB --out DIR` again with nothing changed (render cache warm)
  one changed   one lesson's summary edited in both languages, then `cnscd build` again
Each: wall time, peak RSS (largest process by /usr/bin/time -v, and the whole process tree sampled
every 50 ms), and the size of what was written. Then the per-lesson cost between sizes and a
least-squares line (fixed cost + cost per lesson) for each stage, to check that growth is linear.

Rendering 1,000 lessons' handouts from nothing takes longer than the whole suite may (about
1 s per lesson on 2 cores), so by default it is not run at 1,000, and the rebuild there is a site-only rebuild (labelled
so); `--full-print` runs them too. `--quick`: 10 and 40 lessons, one run each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cnscd_cmds  # noqa: E402
from common import (  # noqa: E402
    CNSCD,
    SCRATCH,
    Measurement,
    bench_env,
    human_bytes,
    log,
    md_table,
    measure,
    print_run,
    rel_command,
    spread,
    stats,
    summary,
    tree_size,
    write_result,
)
from make_corpus import lesson_ids, make_corpus, touch_lesson  # noqa: E402

WORK = SCRATCH / "scale"
STAGES = ("validate", "site", "handouts", "nochange", "onechange")
STAGE_NAMES = {
    "validate": "validate --strict",
    "site": "site build (clean)",
    "handouts": "all handouts, cold",
    "nochange": "rebuild, nothing changed",
    "onechange": "rebuild, one lesson changed",
}


def plan(size: int, quick: bool, full_print: bool) -> dict[str, int]:
    """How many runs of each stage at `size` (0: not run), keeping the whole bench bounded."""
    if quick:
        return {"validate": 2, "site": 1, "handouts": 1 if size <= 10 else 0, "nochange": 1, "onechange": 1}
    if size <= 50:
        return {"validate": 5, "site": 3, "handouts": 1, "nochange": 2, "onechange": 2}
    if size <= 300:
        return {"validate": 3, "site": 2, "handouts": 1, "nochange": 1, "onechange": 2}
    # Without handouts cached, a rebuild at this size is a site build again: one of each is enough.
    return {"validate": 2, "site": 1, "handouts": 1 if full_print else 0, "nochange": 1 if full_print else 0, "onechange": 1}


def run(label: str, cmd: list[str], i: int, **kw: Any) -> Measurement:
    m = measure(cmd, env=bench_env(), timeout=3600, **kw)
    print_run(label, i, m)
    if not m.ok():
        log(m.out[-3000:])
    return m


def fit_line(points: list[tuple[int, float]]) -> tuple[float, float, float] | None:
    """Least-squares `t = a + b*n`: (a, b, r²), or None with fewer than two sizes."""
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return None
    b = sum((p[0] - mx) * (p[1] - my) for p in points) / sxx
    a = my - b * mx
    ss_tot = sum((p[1] - my) ** 2 for p in points)
    ss_res = sum((p[1] - (a + b * p[0])) ** 2 for p in points)
    r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
    return a, b, r2


def measure_size(size: int, runs: dict[str, int], with_print_rebuilds: bool) -> dict[str, Any]:
    lib = WORK / f"lib-{size}"
    out = WORK / f"out-{size}"
    site_out = WORK / f"site-{size}"
    shutil.rmtree(lib, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    sizes = make_corpus(lib, size)
    log(f"== {size} lessons: {lib} (lesson files {human_bytes(sizes['lesson_bytes'])}, quizzes {human_bytes(sizes['quiz_bytes'])}, "
        f"{sizes['images']} images)")
    res: dict[str, list[Measurement]] = {s: [] for s in STAGES}
    info: dict[str, Any] = {"corpus": sizes, "runs": runs}

    for i in range(runs["validate"]):
        res["validate"].append(run(f"{size} validate", cnscd_cmds.validate_cmd(lib), i))

    for i in range(runs["site"]):
        shutil.rmtree(site_out, ignore_errors=True)
        res["site"].append(run(f"{size} site", cnscd_cmds.build_cmd(lib, site_out, with_print=False), i))
    if site_out.exists():
        info["site_bytes"], info["site_files"] = tree_size(site_out)

    cache = lib / ".cnscd" / "cache" / "print"
    for i in range(runs["handouts"]):
        shutil.rmtree(cache, ignore_errors=True)
        hout = WORK / f"handouts-{size}"
        shutil.rmtree(hout, ignore_errors=True)
        # The last run fills the library's own render cache, so the rebuilds below start warm.
        res["handouts"].append(run(f"{size} handouts", [str(CNSCD), "handouts", "--root", str(lib), "--out", str(hout),
                                                       "--cache-dir", str(cache)], i))
        if hout.exists():
            info["handouts_bytes"], info["handouts_files"] = tree_size(hout)

    rebuild_with_print = with_print_rebuilds and runs["handouts"] > 0
    info["rebuilds_include_print"] = rebuild_with_print
    # `cnscd build` renders the whole site into a fresh staging folder every time and reuses only
    # cached print outputs, so the first build after the handouts stage is already a no-change build.
    # Without print outputs the rebuilds reuse the site stage's output folder (same options).
    build = cnscd_cmds.build_cmd(lib, out if rebuild_with_print else site_out, with_print=rebuild_with_print)
    for i in range(runs["nochange"]):
        res["nochange"].append(run(f"{size} no change", build, i))
    ids = lesson_ids(size)
    for i in range(runs["onechange"]):
        touch_lesson(lib, ids[(i * 7) % size], f"Sửa lần {i + 1}.")
        res["onechange"].append(run(f"{size} one changed", build, i))
    if out.exists() and rebuild_with_print:
        total, files = tree_size(out)
        downloads = tree_size(out / "tai-ve") if (out / "tai-ve").exists() else (0, 0)
        zips = [p.stat().st_size for p in out.rglob("*.zip")]
        info["build_output"] = {"bytes": total, "files": files, "downloads_bytes": downloads[0],
                                "downloads_files": downloads[1], "zip_bytes": sum(zips)}
    info["stages"] = {stage: summary(ms) for stage, ms in res.items() if ms}
    info["_raw"] = res
    return info


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="cnscd cost at 20, 200 and 1,000 lessons")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sizes", default=None, help="comma-separated lesson counts [default: 20,200,1000; quick: 20,100]")
    parser.add_argument("--full-print", action="store_true", help="render all handouts cold at every size")
    args = parser.parse_args(argv[1:])
    sizes = [int(s) for s in (args.sizes or ("10,40" if args.quick else "20,200,1000")).split(",")]
    if not cnscd_cmds.has_build():
        log("`cnscd build` does not exist yet; nothing to measure")
        write_result(args.json, section="scale", markdown="## Scale\n\n`cnscd build` did not exist when this ran.\n",
                     figures={}, commands=[rel_command(argv)], method="")
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    per_size: dict[int, dict[str, Any]] = {}
    for size in sizes:
        per_size[size] = measure_size(size, plan(size, args.quick, args.full_print), with_print_rebuilds=True)

    # ---- tables ---------------------------------------------------------------------------
    def cell(size: int, stage: str) -> str:
        ms = per_size[size]["_raw"].get(stage) or []
        if not ms:
            return "not run"
        text = spread([m.wall_s for m in ms], unit="s")
        if not all(m.ok() for m in ms):
            text += " **failed**"
        if stage in ("nochange", "onechange") and not per_size[size]["rebuilds_include_print"]:
            text += " (site only)"
        return text

    def mem(size: int, stage: str) -> str:
        ms = per_size[size]["_raw"].get(stage) or []
        return spread([m.tree_peak_mb for m in ms], "{:.0f}", "MB") if ms else "–"

    def cpu(size: int, stage: str) -> str:
        ms = per_size[size]["_raw"].get(stage) or []
        return spread([m.cpu_s for m in ms], unit="s") if ms else "–"

    time_rows = [[STAGE_NAMES[s], *[cell(n, s) for n in sizes]] for s in STAGES]
    cpu_rows = [[STAGE_NAMES[s], *[cpu(n, s) for n in sizes]] for s in STAGES]
    mem_rows = [[STAGE_NAMES[s], *[mem(n, s) for n in sizes]] for s in STAGES]
    size_rows = [
        ["library (lesson + quiz YAML)", *[human_bytes(per_size[n]["corpus"]["lesson_bytes"] + per_size[n]["corpus"]["quiz_bytes"]) for n in sizes]],
        ["site only", *[f"{human_bytes(per_size[n].get('site_bytes', 0))}, {per_size[n].get('site_files', 0)} files" for n in sizes]],
        ["handouts, leaflets, QR", *[f"{human_bytes(per_size[n].get('handouts_bytes', 0))}, {per_size[n].get('handouts_files', 0)} files"
                                      if "handouts_bytes" in per_size[n] else "not run" for n in sizes]],
        ["full build output (site + downloads + offline zip)",
         *[f"{human_bytes(per_size[n]['build_output']['bytes'])}, {per_size[n]['build_output']['files']} files"
           + ("" if per_size[n]["rebuilds_include_print"] else " (no print outputs)") if "build_output" in per_size[n] else "–" for n in sizes]],
    ]

    # ---- growth ----------------------------------------------------------------------------
    growth_rows = []
    growth: dict[str, Any] = {}
    for stage in STAGES:
        pts = []
        for n in sizes:
            ms = per_size[n]["_raw"].get(stage) or []
            if not ms or not all(m.ok() for m in ms):
                continue
            if stage in ("nochange", "onechange") and not per_size[n]["rebuilds_include_print"]:
                continue  # a different amount of work: keep it out of the line
            pts.append((n, float(stats(m.wall_s for m in ms)["median"])))  # type: ignore[index]
        line = fit_line(pts)
        marginal = [((b[1] - a[1]) / (b[0] - a[0]), a[0], b[0]) for a, b in zip(pts, pts[1:])]
        growth[stage] = {"points": pts, "fit": line, "marginal_s_per_lesson": marginal}
        if line is None:
            growth_rows.append([STAGE_NAMES[stage], "–", "–", "–", "fewer than two sizes measured"])
            continue
        a, b, r2 = line
        margins = ", ".join(f"{m * 1000:.0f} ms ({lo}→{hi})" for m, lo, hi in marginal)
        linear = "yes" if r2 >= 0.98 and (len(marginal) < 2 or marginal[-1][0] <= 1.3 * max(marginal[0][0], 1e-9)) else "no"
        if len(pts) == 2:
            linear = "two sizes only"
        growth_rows.append([STAGE_NAMES[stage], f"{a:.2f} s", f"{b * 1000:.1f} ms", f"{r2:.3f}", f"{margins}; linear: {linear}"])

    flags = cnscd_cmds.site_only_flag() or "(no site-only option: full build)"
    commands = [
        rel_command(argv),
        ".venv/bin/python bench/make_corpus.py LIB --lessons N",
        "validate: " + " ".join(cnscd_cmds.validate_cmd(Path("LIB"))).replace(str(CNSCD), "cnscd"),
        f"site: cnscd build --root LIB --out OUT {flags}",
        "handouts: cnscd handouts --root LIB --out OUT --cache-dir LIB/.cnscd/cache/print (emptied first)",
        "no change / one changed: cnscd build --root LIB --out OUT",
    ]
    method = (
        "Synthetic libraries from bench/make_corpus.py (the 1,000-lesson library contains the 200 and 20 ones; "
        "about 14 KB lesson + 8 KB quiz YAML and 2–3 SVGs per lesson, like the real lessons). Each command timed "
        "with /usr/bin/time -v and a 50 ms /proc sampler summing RSS over the whole process tree (WeasyPrint workers "
        "included). Site builds start from a removed output folder; handouts from an empty render cache; rebuilds "
        "reuse the output folder and the render cache, as an author's next build does. Growth: least-squares line "
        "t = fixed + per_lesson × N over the sizes measured, and the marginal cost per lesson between sizes "
        "('linear: yes' when r² ≥ 0.98 and the marginal cost at the largest sizes is within 30% of the smallest)."
    )
    notes = []
    for n in sizes:
        if not per_size[n]["rebuilds_include_print"]:
            notes.append(f"At {n} lessons handouts were not rendered cold (over the time budget; `--full-print` does it), "
                         f"so the rebuild there is the site alone (`{cnscd_cmds.site_only_flag()}`); a full `cnscd build` "
                         "adds the offline bundle, a second site build of about the same cost (see the profile section).")
    if "handouts" in growth and growth["handouts"]["fit"]:
        b = growth["handouts"]["fit"][1]
        for n in sizes:
            if not per_size[n]["_raw"].get("handouts"):
                notes.append(f"Projected all-handouts time at {n} lessons from the per-lesson cost: about "
                             f"{growth['handouts']['fit'][0] + b * n:.0f} s (not measured).")
    md = "\n".join([
        f"## Scale: {sizes[0]:,} → {sizes[-1]:,} lessons",
        "",
        f"Wall time, median (min–max, n). Columns: lessons in the library (each in vi + en). Site-only builds use `{flags}`.",
        "",
        md_table(["stage", *[f"{n} lessons" for n in sizes]], time_rows),
        "",
        "CPU time (user + system, the command and its worker processes; less sensitive to other load than wall time):",
        "",
        md_table(["stage", *[f"{n} lessons" for n in sizes]], cpu_rows),
        "",
        "Peak memory (RSS summed over the process tree):",
        "",
        md_table(["stage", *[f"{n} lessons" for n in sizes]], mem_rows),
        "",
        "Output size:",
        "",
        md_table(["output", *[f"{n} lessons" for n in sizes]], size_rows),
        "",
        "Growth (fixed cost + cost per lesson, least squares over the sizes):",
        "",
        md_table(["stage", "fixed", "per lesson", "r²", "marginal cost per lesson between sizes"], growth_rows),
        "",
        *[f"- {x}" for x in notes],
        "",
        f"Method: {method}",
        "",
        "Re-run: `" + commands[0] + "`; commands timed: " + "; ".join(f"`{c}`" for c in commands[2:]),
    ])
    figures = {
        "sizes": sizes,
        "per_size": {n: {k: v for k, v in d.items() if k != "_raw"} for n, d in per_size.items()},
        "growth": growth,
        "site_only_flags": flags,
    }
    write_result(args.json, section="scale", markdown=md, figures=figures, commands=commands, method=method)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
