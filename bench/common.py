"""Shared helpers for the bench scripts: run a command and measure it, summarise, write markdown.

Every bench script in this folder follows one interface so that `bench/run_all.py` can run it
and fold its figures into bench/RESULTS.md:

    python bench/bench_NAME.py [--quick] --json OUT.json

* prints, as it goes, what it measures and how (one line per run, then a table);
* with `--json OUT.json` writes `{"section": "...", "markdown": "...", "figures": {...},
  "commands": ["..."], "method": "..."}` (see :func:`write_result`). `markdown` is the section
  as it should appear in RESULTS.md (starting with a `## ` heading); `figures` holds the raw
  numbers (run_all reads a few named ones for the closing note);
* `--quick` means fewer runs / smaller inputs, so that the whole suite stays under 5 minutes.

Peak memory is measured two ways (method of ../shared/peer-bench/measure.py, re-written here):
the largest single process (`/usr/bin/time -v`, "Maximum resident set size") and the peak of
the RSS summed over the whole process tree, sampled from /proc every 50 ms (this catches
Chromium or worker-process children that /usr/bin/time does not add up).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "bench"
SCRATCH = Path(os.environ.get("CNSCD_BENCH_SCRATCH", "/tmp/cnscd-bench"))
VENV_BIN = REPO / ".venv" / "bin"
CNSCD = VENV_BIN / "cnscd"
PYTHON = VENV_BIN / "python"
DIY_VENV = SCRATCH / "diy-venv"
SAMPLE_EVERY_S = 0.05


@dataclass
class Measurement:
    """One run of one command."""

    wall_s: float
    rc: int | str
    maxrss_mb: float | None  # largest single process, from /usr/bin/time -v
    tree_peak_mb: float  # peak of RSS summed over the process tree, sampled
    out: str = field(repr=False, default="")
    cpu_s: float | None = None  # user + system CPU of the command and all its processes (time -v, or sampled when larger)

    def ok(self) -> bool:
        return self.rc == 0

    def to_json(self, tail: int = 1500) -> dict[str, Any]:
        data = asdict(self)
        data["out"] = self.out[-tail:]
        return data


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _tree_sample(root_pid: int) -> tuple[int, dict[int, int]]:
    """(RSS in kB summed over `root_pid` and its descendants, {pid: CPU ticks used so far})."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
            # The command name may hold spaces and parentheses: fields start after the last ')'.
            fields = stat[stat.rfind(")") + 2 :].split()
            ppid = int(fields[1])
            status = Path(f"/proc/{name}/status").read_text()
        except (OSError, ValueError, IndexError):
            continue
        match = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        pid = int(name)
        rss[pid] = int(match.group(1)) if match else 0
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        children.setdefault(ppid, []).append(pid)
    total, stack, tree_ticks = 0, [root_pid], {}
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        if pid in ticks:
            tree_ticks[pid] = ticks[pid]
        stack.extend(children.get(pid, []))
    return total, tree_ticks


def _tree_rss_kb(root_pid: int) -> int:
    """RSS in kB summed over `root_pid` and all its descendants (read from /proc)."""
    return _tree_sample(root_pid)[0]


def measure(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> Measurement:
    """Run `cmd` once under /usr/bin/time -v; wall time, exit code, peak RSS (largest process and tree)."""
    with tempfile.NamedTemporaryFile(suffix=".time", delete=False) as handle:
        time_file = handle.name
    full = ["/usr/bin/time", "-v", "-o", time_file, *map(str, cmd)]
    peak_kb = 0
    # Last CPU ticks seen per process of the tree: worker processes that /usr/bin/time never
    # counts (not waited for by their parent) are added up from here.
    seen_ticks: dict[int, int] = {}
    stop = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def sample() -> None:
        nonlocal peak_kb
        while not stop.is_set():
            try:
                kb, ticks = _tree_sample(proc.pid)
                peak_kb = max(peak_kb, kb)
                seen_ticks.update(ticks)
            except OSError:
                pass
            stop.wait(SAMPLE_EVERY_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc: int | str
    try:
        out, _ = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        rc = "timeout"
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    maxrss_mb = cpu_s = None
    try:
        report = Path(time_file).read_text()
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        maxrss_mb = int(match.group(1)) / 1024 if match else None
        user = re.search(r"User time \(seconds\): ([\d.]+)", report)
        system = re.search(r"System time \(seconds\): ([\d.]+)", report)
        if user and system:
            cpu_s = float(user.group(1)) + float(system.group(1))
        # /usr/bin/time itself is the tree's root: its own ticks are not the command's.
        sampled = sum(t for pid, t in seen_ticks.items() if pid != proc.pid) / CLOCK_TICKS
        cpu_s = max(cpu_s or 0.0, sampled) or None
    finally:
        os.unlink(time_file)
    return Measurement(wall, rc, maxrss_mb, peak_kb / 1024, out, cpu_s)


def repeat(
    cmd: Sequence[str | os.PathLike[str]],
    runs: int,
    *,
    label: str,
    before: Callable[[int], None] | None = None,
    **kwargs: Any,
) -> list[Measurement]:
    """Measure `cmd` `runs` times, printing one line per run; `before(i)` runs untimed first."""
    out = []
    for i in range(runs):
        if before is not None:
            before(i)
        m = measure(cmd, **kwargs)
        print_run(label, i, m)
        if not m.ok():
            print(m.out[-3000:], flush=True)
        out.append(m)
    return out


def print_run(label: str, i: int, m: Measurement) -> None:
    rss = f"{m.maxrss_mb:.0f}" if m.maxrss_mb is not None else "?"
    cpu = f"{m.cpu_s:.2f}s" if m.cpu_s is not None else "?"
    print(f"  {label} run {i + 1}: rc={m.rc} wall={m.wall_s:.2f}s cpu={cpu} maxrss={rss}MB tree_peak={m.tree_peak_mb:.0f}MB", flush=True)


def stats(values: Iterable[float | None]) -> dict[str, float | int] | None:
    """Median, min, max and n of the values that are not None (None when there are none)."""
    vals = [float(v) for v in values if v is not None]
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


def spread(values: Iterable[float | None], fmt: str = "{:.2f}", unit: str = "") -> str:
    """`median (min–max, n=N)` as text, e.g. `2.41 s (2.30–2.77, n=5)`."""
    s = stats(values)
    if s is None:
        return "n/a"
    u = f" {unit}" if unit else ""
    if s["n"] == 1:
        return f"{fmt.format(s['median'])}{u} (n=1)"
    return f"{fmt.format(s['median'])}{u} ({fmt.format(s['min'])}–{fmt.format(s['max'])}, n={s['n']})"


def summary(ms: Sequence[Measurement]) -> dict[str, Any]:
    """Figures of repeated runs: wall, largest-process RSS, tree RSS stats, and whether all succeeded."""
    return {
        "wall_s": stats(m.wall_s for m in ms),
        "cpu_s": stats(m.cpu_s for m in ms),
        "maxrss_mb": stats(m.maxrss_mb for m in ms),
        "tree_peak_mb": stats(m.tree_peak_mb for m in ms),
        "all_ok": all(m.ok() for m in ms),
        "rcs": [m.rc for m in ms],
    }


def md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |")
    return "\n".join(lines)


def tree_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under `path`."""
    total = files = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
            files += 1
    return total, files


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def ratio(a: float | None, b: float | None) -> str:
    """`a / b` as `×1.23`, or n/a."""
    if a is None or b is None or b == 0:
        return "n/a"
    return f"×{a / b:.2f}"


def quoted(cmd: Sequence[str | os.PathLike[str]]) -> str:
    return " ".join(shlex.quote(str(c)) for c in cmd)


def rel_command(argv: Sequence[str]) -> str:
    """The command that re-runs this script, as typed from the repository root."""
    args = list(argv[1:])
    if "--json" in args:  # where the figures went is not part of the figure
        k = args.index("--json")
        del args[k : k + 2]
    script = Path(argv[0]).resolve()
    try:
        shown = script.relative_to(REPO).as_posix()
    except ValueError:
        shown = str(script)
    return quoted([".venv/bin/python", shown, *args])


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for timed commands: reproducible timestamps, no MkDocs 2 banner, no colours."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1763769600")
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONPATH", None)
    if extra:
        env.update(extra)
    return env


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    os_name = platform.platform()
    try:
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
        if pretty:
            os_name = f"{pretty.group(1)} (kernel {platform.release()})"
    except OSError:
        pass
    py = subprocess.run([str(PYTHON), "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True)
    return {
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": os_name,
        "python": py.stdout.strip() or platform.python_version(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def parse_common(argv: Sequence[str]) -> tuple[bool, Path | None]:
    """(--quick, --json path) from argv; scripts add their own options on top."""
    quick = "--quick" in argv
    out = None
    if "--json" in argv:
        out = Path(argv[list(argv).index("--json") + 1])
    return quick, out


def write_result(
    path: Path | None,
    *,
    section: str,
    markdown: str,
    figures: dict[str, Any],
    commands: Sequence[str],
    method: str,
) -> None:
    """Write the JSON a bench script hands to run_all (and print the markdown section)."""
    print()
    print(markdown)
    if path is None:
        return
    payload = {"section": section, "markdown": markdown, "figures": figures, "commands": list(commands), "method": method}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def log(msg: str) -> None:
    print(msg, flush=True)
    sys.stdout.flush()


def update_results(section: str, markdown: str) -> None:
    """Replace (or append) the `## <section>` part of bench/RESULTS.md (for a script run on its own)."""
    path = REPO / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^## {re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: markdown.rstrip() + "\n\n", text)
    else:
        text = text.rstrip() + "\n\n" + markdown.rstrip() + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"updated {path}")
