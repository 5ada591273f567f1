"""Print outputs: all handouts and leaflets from nothing, a rebuild with nothing changed, a pack.

    .venv/bin/python bench/bench_print.py [--quick] [--json OUT.json] [--update-results]

Measured on this repository's own lesson library (every lesson, Vietnamese and English), each
figure by running the real command in a fresh process under `/usr/bin/time -v`, with the RSS of
the whole process tree sampled (rendering happens in worker processes):

  cold      `cnscd handouts --out DIR --cache-dir EMPTY`: every trainer handout (A4), A5 and A6
            leaflet and QR code (SVG, PNG), both languages, rendered from nothing
  cold-1    the same with `--jobs 1` (one process), to show what the worker pool buys
  nochange  the same command again with the warm cache and nothing changed; the CLI reports the
            print stage's own time ("in X s"), which excludes Python start-up and loading the library
  pack      `cnscd pack` of three lessons, 30 copies of A5 leaflets, with a team file

`--update-results` writes the markdown section into bench/RESULTS.md (replacing "## Print").
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from common import (
    CNSCD,
    REPO,
    SCRATCH,
    Measurement,
    bench_env,
    human_bytes,
    log,
    machine,
    md_table,
    parse_common,
    rel_command,
    repeat,
    spread,
    stats,
    summary,
    update_results,
    write_result,
)

WORK = SCRATCH / "print"
PACK_LESSONS = "dien-thoai-an-toan-co-ban,vneid-kich-hoat,nhan-dien-lua-dao-truc-tuyen"
SITE_URL = "https://cnscd.example.vn/"
TEAM = 'name: "Tổ công nghệ số cộng đồng thôn Đông"\ncommune: "Xã Tân Hòa"\nzalo: "Tổ CNS thôn Đông"\nphone: "0912 345 678"\n'
SECTION = "Print"


def handouts_cmd(out: Path, cache: Path, *extra: str) -> list[str]:
    return [str(CNSCD), "handouts", "--root", str(REPO), "--out", str(out), "--cache-dir", str(cache), "--site-url", SITE_URL, *extra]


def stage_seconds(m: Measurement) -> float | None:
    """The print stage's own time, as `cnscd handouts` reports it ("... in 0.04 s")."""
    match = re.search(r"unchanged\) in ([\d.]+) s", m.out)
    return float(match.group(1)) if match else None


def render_cpu(m: Measurement) -> float | None:
    """CPU seconds of rendering summed over the workers, as `cnscd handouts` reports them."""
    match = re.search(r"([\d.]+) s of rendering CPU time", m.out)
    return float(match.group(1)) if match else None


def outputs(m: Measurement) -> str:
    match = re.search(r"wrote (\d+) files .*?\((\d+) rendered, (\d+) unchanged\)", m.out)
    return f"{match[1]} files, {match[2]} rendered" if match else "?"


def main(argv: list[str]) -> int:
    quick, json_out = parse_common(argv)
    runs = {"cold": 1, "cold-1": 0, "nochange": 3, "pack": 2} if quick else {"cold": 3, "cold-1": 1, "nochange": 5, "pack": 3}
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = bench_env()
    out, cache = WORK / "out", WORK / "cache"

    def fresh(i: int) -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    log(f"print bench: lessons from {REPO / 'lessons'}, scratch {WORK}")
    res: dict[str, list[Measurement]] = {}
    res["cold"] = repeat(handouts_cmd(out, cache), runs["cold"], label="cold (all cores)", before=fresh, env=env)
    res["cold-1"] = repeat(handouts_cmd(out, cache, "--jobs", "1"), runs["cold-1"], label="cold (--jobs 1)", before=fresh, env=env)
    load_before = os.getloadavg()[0]
    # The cold runs leave the cache and output folder filled: the rebuilds start from there.
    res["nochange"] = repeat(handouts_cmd(out, cache), runs["nochange"], label="no change", env=env)
    team = WORK / "team.yaml"
    team.write_text(TEAM, encoding="utf-8")
    pack_pdf = WORK / "pack.pdf"
    pack_cmd = [str(CNSCD), "pack", "--root", str(REPO), "--lessons", PACK_LESSONS, "--lang", "vi", "--copies", "30",
                "--size", "a5", "--team", str(team), "--site-url", SITE_URL, "-o", str(pack_pdf)]
    res["pack"] = repeat(pack_cmd, runs["pack"], label="pack 30 copies", env=env)

    pages = re.search(r": (\d+) pages", res["pack"][-1].out) if res["pack"] else None
    pack_size = human_bytes(pack_pdf.stat().st_size) if pack_pdf.exists() else "n/a"
    out_files = outputs(res["nochange"][0]) if res["nochange"] else "?"
    load_after = os.getloadavg()[0]
    rows = [
        ["all handouts, A5 + A6 leaflets, QR codes, vi + en, from nothing (2 workers)", spread([m.wall_s for m in res["cold"]], unit="s"),
         spread([m.tree_peak_mb for m in res["cold"]], "{:.0f}", "MB"), outputs(res["cold"][0]) if res["cold"] else "n/a"],
    ]
    if res["cold-1"]:
        rows.append(["the same with `--jobs 1`", spread([m.wall_s for m in res["cold-1"]], unit="s"),
                     spread([m.tree_peak_mb for m in res["cold-1"]], "{:.0f}", "MB"), outputs(res["cold-1"][0])])
    rows += [
        ["rebuild, nothing changed: whole command", spread([m.wall_s for m in res["nochange"]], unit="s"),
         spread([m.tree_peak_mb for m in res["nochange"]], "{:.0f}", "MB"), out_files],
        ["rebuild, nothing changed: print stage alone (target < 1 s)", spread([stage_seconds(m) for m in res["nochange"]], unit="s"), "", ""],
        [f"pack: 3 lessons, 30 copies of A5 leaflets, team file ({pages[1] if pages else '?'} pages, {pack_size})",
         spread([m.wall_s for m in res["pack"]], unit="s"), spread([m.tree_peak_mb for m in res["pack"]], "{:.0f}", "MB"), ""],
    ]
    cpu_runs = [render_cpu(m) for m in res["cold"] + res["cold-1"]]
    groups = 2 * len(list(REPO.glob("lessons/[!_]*.yaml")))
    per_group = ((stats(cpu_runs) or {"median": 0.0})["median"]) / max(1, groups)
    mach = machine()
    commands = [
        " ".join(handouts_cmd(Path("OUT"), Path("EMPTY-CACHE"))).replace(str(REPO) + "/", "").replace(str(REPO), "."),
        " ".join(pack_cmd).replace(str(REPO) + "/", "").replace(str(REPO), "."),
    ]
    markdown = "\n".join([
        f"## {SECTION}",
        "",
        f"Machine: {mach['cpu']}, {mach['cores']} cores, {mach['memory']}, {mach['os']}, Python {mach['python']}; {mach['date']}; "
        f"1-minute load average {load_before:.1f} after the cold runs, {load_after:.1f} at the end (other work on the machine slows every figure).",
        f"Library: this repository's lessons (every lesson, vi + en). Median (min–max, n) of fresh processes; "
        f"memory is the peak RSS of the whole process tree (main process + render workers). Re-run: `{rel_command(argv)}`.",
        "",
        md_table(["what", "wall time", "peak memory", "outputs"], rows),
        "",
        f"Rendering CPU time of a cold build, summed over the workers (hardly affected by other load on the machine): "
        f"{spread(cpu_runs, '{:.1f}', 's')}, about {per_group:.2f} s per lesson and language "
        "(its handout, both leaflets and both QR codes).",
        "",
        "Commands: " + "; ".join(f"`{c.replace(str(CNSCD), 'cnscd')}`" for c in commands) + ".",
        "Each output's cache key hashes the lesson, its quiz and illustrations, the templates and rendering code, the font "
        "files, the site URL and the team; a rebuild hard-links unchanged outputs from `.cnscd/cache/print/`. "
        "The DIY route measured in DESIGN.md takes 24–40 s and up to 1.5 GB for one combined PDF per language.",
    ])
    figures: dict[str, Any] = {name: summary(ms) for name, ms in res.items()}
    figures["nochange"]["stage_s"] = stats(stage_seconds(m) for m in res["nochange"])
    figures["cold"]["render_cpu_s"] = stats(cpu_runs)
    figures["machine"] = mach
    figures["load_average"] = {"after_cold": load_before, "end": load_after}
    write_result(json_out, section=SECTION, markdown=markdown, figures=figures, commands=commands,
                 method="fresh processes under /usr/bin/time -v; process-tree RSS sampled every 50 ms")
    if "--update-results" in argv:
        update_results(SECTION, markdown)
    return 0 if all(m.ok() for ms in res.values() for m in ms) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
