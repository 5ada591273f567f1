#!/usr/bin/env python3
"""Before/after of what the benchmarks led us to make faster, measured again in every run.

Usage (from the repository root):

    .venv/bin/python bench/bench_optimisations.py [--quick] [--json OUT.json]

Each optimisation keeps its old code path reachable from a bench-only switch (a module attribute
set before the command runs, never an option of the product), so "before" is the same command
on the same library with the old path, measured interleaved with "after" in the same run.

1. Library loading (generator/library/yamlsource.py): PyYAML's pure-Python parser and composer were a
   third of `cnscd build` at 200 lessons (profile_build.py / pyinstrument). The loader now lets
   libyaml (C) compose each file, keeping the same line/column for every value; files with an
   anchor or alias, or a syntax error, still go through the pure-Python loader, so messages are
   unchanged (tests/test_yaml_fast_path.py compares both paths). Before = `_CLoader = None`.
2. Navigation (mkdocs.yml `features: [navigation.prune]`): every page listed every lesson, so
   the site grew with the square of the library. Before = the same library with `features: []`.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    CNSCD,
    PYTHON,
    SCRATCH,
    Measurement,
    bench_env,
    human_bytes,
    log,
    md_table,
    measure,
    print_run,
    ratio,
    rel_command,
    spread,
    stats,
    tree_size,
    write_result,
)
from make_corpus import make_corpus  # noqa: E402

WORK = SCRATCH / "optimisations"
# Runs the cnscd CLI with libyaml switched off: the loader as it was before the fast path.
BEFORE_YAML = "import sys, generator.library.yamlsource as y; y._CLoader = None; from generator.cli.main import main; sys.argv[0] = 'cnscd'; main()"
AFTER = "import sys; from generator.cli.main import main; sys.argv[0] = 'cnscd'; main()"


def cli(code: str, *args: str) -> list[str]:
    return [str(PYTHON), "-c", code, *args]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="before/after of the optimisations")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv[1:])
    big, mid, runs = (200, 50, 1) if args.quick else (1000, 200, 2)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    lib_big, lib_mid = WORK / f"lib-{big}", WORK / f"lib-{mid}"
    make_corpus(lib_big, big)
    make_corpus(lib_mid, mid)
    cases = [
        (f"cnscd validate --strict, {big} lessons", ["validate", "--strict", "--root", str(lib_big)]),
        (f"cnscd build --no-print --no-bundle, {mid} lessons", ["build", "--root", str(lib_mid), "--out", str(WORK / "out"),
                                                               "--no-print", "--no-bundle"]),
    ]
    results: dict[str, dict[str, list[Measurement]]] = {}

    def ab(title: str, before: list[str], after: list[str], runs: int, reset: Any = None) -> None:
        log(f"== {title}")
        for i in range(runs):
            order = [("before", before), ("after", after)]
            if i % 2:
                order.reverse()
            for side, cmd in order:
                if reset is not None:
                    reset(side)
                m = measure(cmd, env=bench_env(), timeout=1800)
                print_run(f"{side:6} {title}", i, m)
                if not m.ok():
                    log(m.out[-2000:])
                results.setdefault(title, {}).setdefault(side, []).append(m)

    for title, cli_args in cases:
        ab(title, cli(BEFORE_YAML, *cli_args), cli(AFTER, *cli_args), runs)

    # 2. Navigation pruning: the same library built with mkdocs.yml's old `features: []`.
    lib_noprune = WORK / f"lib-{mid}-noprune"
    shutil.copytree(lib_mid, lib_noprune)
    config = lib_noprune / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^  features: \[navigation\.prune\]$", "  features: []", text), encoding="utf-8")
    outs = {"before": WORK / "out-noprune", "after": WORK / "out-prune"}
    nav_title = f"cnscd build --no-print --no-bundle, {mid} lessons, navigation"
    ab(nav_title, [str(CNSCD), "build", "--root", str(lib_noprune), "--out", str(outs["before"]), "--no-print", "--no-bundle"],
       [str(CNSCD), "build", "--root", str(lib_mid), "--out", str(outs["after"]), "--no-print", "--no-bundle"], runs)
    page_sizes = {}
    for side, out in outs.items():
        page = next(iter(sorted((out / "bai-hoc").glob("*/index.html"))), None)
        if page is not None:
            raw = page.read_bytes()
            page_sizes[side] = (len(raw), len(gzip.compress(raw, 6)), tree_size(out)[0])

    rows = []
    figures: dict[str, Any] = {}
    for title, sides in results.items():
        b, a = sides["before"], sides["after"]
        mb = stats(m.wall_s for m in b)
        ma = stats(m.wall_s for m in a)
        cb, ca = stats(m.cpu_s for m in b), stats(m.cpu_s for m in a)
        rows.append([title, spread([m.wall_s for m in b], unit="s"), spread([m.wall_s for m in a], unit="s"),
                     ratio(ma and ma["median"], mb and mb["median"]),
                     f"{cb['median']:.1f} → {ca['median']:.1f} s" if cb and ca else "n/a",
                     spread([m.maxrss_mb for m in b], "{:.0f}", "MB") + " → " + spread([m.maxrss_mb for m in a], "{:.0f}", "MB")])
        figures[title] = {"before_wall_s": mb, "after_wall_s": ma, "before_cpu_s": cb, "after_cpu_s": ca}
    figures["page_sizes"] = page_sizes
    size_line = ""
    if len(page_sizes) == 2:
        (rb, gb, sb), (ra, ga, sa) = page_sizes["before"], page_sizes["after"]
        size_line = (f"A lesson page at {mid} lessons: {human_bytes(rb)} → {human_bytes(ra)} of HTML, {human_bytes(gb)} → "
                     f"{human_bytes(ga)} gzip; the whole site {human_bytes(sb)} → {human_bytes(sa)}.")
    md = "\n".join([
        "## What was made faster",
        "",
        "**Loading the library** (`generator/library/yamlsource.py`, commits b3b735d and b8ba477). The profile showed PyYAML's "
        "pure-Python parser and composer taking a third of `cnscd build --no-print --no-bundle` at 200 lessons and most "
        "of `cnscd validate` (24.6 s at 1,000 lessons on a quiet machine). The loader now lets libyaml (C) compose "
        "each file, with the same line and column for every value; a file that may hold an anchor or alias, or that "
        "has a syntax error, still goes through the pure-Python loader, so every message is unchanged "
        "(`tests/test_yaml_fast_path.py` checks that both paths give identical data, positions and diagnostics). "
        "Parsing alone, all 401 files of the 200-lesson library, CPU time: 5.4 s → 0.8 s (×0.15).",
        "",
        "**Navigation of every page** (`mkdocs.yml`, commit 1e83db7). Material put a link to every lesson into every "
        "page's navigation, so each page grew with the library and the site with its square (a lesson page: 47 KB of "
        "HTML at 20 lessons, 161 KB at 200, 369 KB at 1,000; the 1,000-lesson site weighed 773 MB). "
        "`features: [navigation.prune]` keeps only the current section's links in each page. " + size_line,
        "",
        "Measured again in this run, before and after, interleaved:",
        "",
        md_table(["command", "before", "after", "after / before (wall)", "CPU before → after", "peak RSS (largest process)"], rows),
        "",
        "Method: each command in a fresh process under /usr/bin/time -v; loading: before = the same CLI with "
        "`generator.library.yamlsource._CLoader = None` (the pure-Python path, exactly the old code); navigation: before = "
        "the same library with `features: []` in its mkdocs.yml; after = as shipped; median (min–max, n); runs "
        f"alternate which goes first. Re-run: `{rel_command(argv)}`.",
    ])
    write_result(args.json, section="optimisations", markdown=md, figures=figures, commands=[rel_command(argv)],
                 method="interleaved before/after in fresh processes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
