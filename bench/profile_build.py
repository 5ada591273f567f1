#!/usr/bin/env python3
"""Where `cnscd build` spends its time: stage by stage, then the hot spots of the slowest stage.

Usage (from the repository root):

    .venv/bin/python bench/profile_build.py [--quick] [--json OUT.json] [--lessons 200]

1. Stage times. `generator.build.build_all` (what `cnscd build` runs) is called in a fresh
   process with a progress callback that timestamps each stage it announces: load + check the
   library, the MkDocs site, print outputs (handouts, leaflets, QR codes), the offline bundle
   (a second site build + zip), and moving the result into place. Measured on a 20-lesson
   library cold (empty render cache) and warm (nothing changed), and on a `--lessons` library
   warm with print outputs left out (rendering them cold at that size is bench_scale's job).
2. Hot spots. cProfile with CPU time (`time.process_time`, so other load on the machine does not
   skew it) around the slowest stage, in one process (`jobs=1`); self time summed by package
   (weasyprint, mkdocs, jinja2, markdown, generator, ...) and the top functions by cumulative time.
   The profiler itself slows Python code down, so read the shares, not the absolute seconds.

Profilers for interactive digging are the `bench` extra (py-spy, pyinstrument), e.g.
`.venv/bin/pyinstrument -r text .venv/bin/cnscd build --root LIB --out /tmp/out`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from common import PYTHON, SCRATCH, bench_env, log, md_table, rel_command, write_result  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

WORK = SCRATCH / "profile"
STAGE_LABELS = {"load": "load + check library", "site": "site (MkDocs, vi + en)", "print outputs": "print outputs",
                "offline bundle": "offline bundle (2nd site build + zip)", "finish": "move into place, clean up"}


def stage_driver(root: Path, out: Path, with_print: bool) -> None:
    """In a fresh process: run build_all and print {stage: seconds} as JSON."""
    from generator.build import build_all
    from generator.cli.site import _quiet_mkdocs
    from generator.settings import load_settings

    _quiet_mkdocs()
    marks: list[tuple[str, float]] = [("load", time.perf_counter())]
    settings = load_settings(root)
    build_all(settings, out, print_outputs=with_print, progress=lambda step: marks.append((step, time.perf_counter())))
    marks.append(("end", time.perf_counter()))
    stages: dict[str, float] = {}
    for i, (name, t) in enumerate(marks[:-1]):
        # Progress within a stage ("print outputs 10/40 (...)") counts towards that stage.
        stage = next((known for known in STAGE_LABELS if name == known or name.startswith(known + " ")), name)
        stages[stage] = stages.get(stage, 0.0) + marks[i + 1][1] - t
    # The progress callback fires at the start of each stage; what follows the last one until
    # build_all returns is that stage plus the swap of the staging folder into place.
    print("STAGES " + json.dumps(stages))


def run_stages(root: Path, out: Path, with_print: bool) -> dict[str, float]:
    cmd = [str(PYTHON), str(Path(__file__).resolve()), "--stages", str(root), str(out), "1" if with_print else "0"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=bench_env())
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("STAGES ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"stage driver failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return {k: float(v) for k, v in json.loads(line[len("STAGES "):]).items()}


def hot_spots(root: Path, stage: str, out: Path, top: int = 12) -> dict[str, Any]:
    """CPU-time profile of one stage in this process: self time by package, top functions."""
    from generator.build import image_sizes
    from generator.cli.site import _quiet_mkdocs
    from generator.library.loader import require_library
    from generator.printing.batch import build_print_outputs
    from generator.settings import load_settings
    from generator.site.mkdocs import build_site
    from generator.site.pages import SiteOptions

    _quiet_mkdocs()
    settings = load_settings(root)
    library, _ = require_library(settings)
    profiler = cProfile.Profile(time.process_time)
    shutil.rmtree(out, ignore_errors=True)
    if stage == "print outputs":
        cache = WORK / "hot-cache"
        shutil.rmtree(cache, ignore_errors=True)
        profiler.enable()
        build_print_outputs(library, settings, out, jobs=1, cache_dir=cache)
        profiler.disable()
    else:
        options = SiteOptions(image_sizes=image_sizes(library, settings))
        work = WORK / "hot-work"
        shutil.rmtree(work, ignore_errors=True)
        profiler.enable()
        build_site(settings, library, out, work, options=options)
        profiler.disable()
    stats = pstats.Stats(profiler)
    by_package: dict[str, float] = {}
    total = 0.0
    for (filename, _line, _func), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tt
        by_package[package_of(filename)] = by_package.get(package_of(filename), 0.0) + tt
    functions = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)  # type: ignore[attr-defined]
    top_functions = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in functions:
        if func.startswith("<") or package_of(filename) in {"builtins", "python"}:
            continue
        top_functions.append({"function": f"{short_path(filename)}:{line} {func}", "calls": nc, "cumulative_s": ct, "self_s": tt})
        if len(top_functions) >= top:
            break
    return {"total_cpu_s": total, "by_package": dict(sorted(by_package.items(), key=lambda kv: -kv[1])), "top": top_functions}


def package_of(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "generator" in parts:
        return "generator (cnscd)"
    return "python"


def short_path(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("site-packages", "main"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    return "/".join(parts[-2:])


def stage_table(columns: dict[str, dict[str, float]]) -> str:
    names = [n for n in STAGE_LABELS if any(n in c for c in columns.values())]
    rows = []
    for name in names:
        rows.append([STAGE_LABELS[name], *[f"{c[name]:.2f} s ({c[name] / sum(c.values()):.0%})" if name in c else "–"
                                          for c in columns.values()]])
    rows.append(["**total**", *[f"{sum(c.values()):.2f} s" for c in columns.values()]])
    return md_table(["stage", *columns], rows)


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--stages":
        stage_driver(Path(argv[2]), Path(argv[3]), argv[4] == "1")
        return 0
    parser = argparse.ArgumentParser(description="stage times and hot spots of cnscd build")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--lessons", type=int, default=None, help="size of the larger library [default 200; quick 50]")
    args = parser.parse_args(argv[1:])
    big = args.lessons or (30 if args.quick else 200)
    small = 10 if args.quick else 20
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    small_lib, big_lib = WORK / f"lib-{small}", WORK / f"lib-big-{big}"
    tiny_lib = WORK / "lib-tiny"
    make_corpus(small_lib, small)
    make_corpus(big_lib, big)
    make_corpus(tiny_lib, 3 if args.quick else 5)  # print hot spots: cProfile slows WeasyPrint ~5x, and the shares do not depend on size

    columns: dict[str, dict[str, float]] = {}
    log(f"== stage times, {small} lessons, cold render cache")
    columns[f"{small} lessons, cold"] = run_stages(small_lib, WORK / "out-20", True)
    log(f"   {columns[f'{small} lessons, cold']}")
    log(f"== stage times, {small} lessons, nothing changed")
    columns[f"{small} lessons, no change"] = run_stages(small_lib, WORK / "out-20", True)
    log(f"   {columns[f'{small} lessons, no change']}")
    log(f"== stage times, {big} lessons, no print outputs")
    key_big = f"{big} lessons, no print outputs"
    columns[key_big] = run_stages(big_lib, WORK / f"out-{big}", False)
    log(f"   {columns[key_big]}")

    cold = columns[f"{small} lessons, cold"]
    slow_cold = max(cold, key=cold.__getitem__)
    warm = columns[f"{small} lessons, no change"]
    slow_warm = max(warm, key=warm.__getitem__)
    spots = {}
    if slow_cold == "print outputs":
        log(f"== hot spots: 'print outputs' (slowest cold) on a few lessons; 'site' on {big} lessons (CPU time, cProfile)")
        spots[f"print outputs, {3 if args.quick else 5} lessons"] = hot_spots(tiny_lib, slow_cold, WORK / "hot-out-a")
    else:
        log(f"== hot spots: '{slow_cold}' (slowest cold) on {small} lessons; 'site' on {big} lessons (CPU time, cProfile)")
        spots[f"{slow_cold}, {small} lessons"] = hot_spots(small_lib, slow_cold, WORK / "hot-out-a")
    spots[f"site, {big} lessons"] = hot_spots(big_lib, "site", WORK / "hot-out-b")

    per_site = columns[key_big].get("site", 0.0) + columns[key_big].get("offline bundle", 0.0)
    slowest = (
        f"cold, **{STAGE_LABELS.get(slow_cold, slow_cold)}** ({cold[slow_cold]:.1f} s of {sum(cold.values()):.1f} s "
        f"at {small} lessons, {cold[slow_cold] / sum(cold.values()):.0%}); with the render cache warm, "
        f"**{STAGE_LABELS.get(slow_warm, slow_warm)}** ({warm[slow_warm]:.1f} s of {sum(warm.values()):.1f} s); "
        f"at {big} lessons the two MkDocs builds (site + offline bundle) take {per_site:.1f} s of "
        f"{sum(columns[key_big].values()):.1f} s."
    )
    parts = ["## Where `cnscd build` spends its time", "",
             "Seconds per stage of `build_all` (wall time, fresh process, one run each; see Method):", "",
             stage_table(columns), "", f"Slowest: {slowest}", ""]
    for title, spot in spots.items():
        pkg_rows = [[pkg, f"{t:.2f} s", f"{t / spot['total_cpu_s']:.0%}"] for pkg, t in list(spot["by_package"].items())[:8]]
        fn_rows = [[f"`{f['function']}`", f["calls"], f"{f['cumulative_s']:.2f}", f"{f['self_s']:.2f}"] for f in spot["top"]]
        parts += [f"Hot spots of **{title}** (CPU {spot['total_cpu_s']:.1f} s under cProfile, jobs=1): self time by package",
                  "", md_table(["package", "self CPU", "share"], pkg_rows), "",
                  "<details><summary>top functions by cumulative CPU time</summary>", "",
                  md_table(["function", "calls", "cumulative s", "self s"], fn_rows), "", "</details>", ""]
    method = (
        "Stage times: `build_all` in a fresh `.venv/bin/python` process per build, timestamps from its progress "
        "callback (what `cnscd build` prints as 'building site...'); one run each, so compare shares rather than "
        "seconds (bench_scale.py has repeated runs). Hot spots: `cProfile.Profile(time.process_time)` around the "
        "stage's own function (`build_print_outputs(..., jobs=1)` or `mkdocs_adapter.build_site`) in one process; "
        "self time summed by the package each function's file belongs to."
    )
    parts += [f"Method: {method}", "", f"Re-run: `{rel_command(argv)}`"]
    figures = {"stages": columns, "slowest": slowest, "slowest_cold": slow_cold, "slowest_warm": slow_warm,
               "hot_spots": spots}
    write_result(args.json, section="profile", markdown="\n".join(parts), figures=figures,
                 commands=[rel_command(argv)], method=method)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
