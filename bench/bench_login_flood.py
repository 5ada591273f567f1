"""Tracker: API latency while someone floods the dashboard login with wrong passwords.

    .venv/bin/python bench/bench_login_flood.py [--before DIR] [--runs N] [--update-results]

A tracker (`cnscd tracker serve`, SQLite, 127.0.0.1) gets about 10 failed logins per second
from two threads (each: GET the login form, POST a wrong password) for `FLOOD_SECONDS`, while a
third thread measures `GET /api/health` one request after the other. The login throttle is
opened wide for the run (`CNSCD_LOGIN_RATE`), so every attempt pays the full argon2 check: the
worst case. Before the flood the same probe runs alone (baseline). `--before DIR` also runs
the tracker from another checkout first (e.g. an older commit unpacked with `git archive`),
for a before/after comparison. Everything stays on the loopback interface and stops by itself.

`--update-results` writes the markdown section into bench/RESULTS.md ("## Login flood").
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import REPO, log, machine, update_results

SECTION = "Login flood"
FLOOD_SECONDS = 15.0
BASELINE_SECONDS = 5.0
LOGINS_PER_SECOND = 10.0
ROSTER = ("province_code,province_name,commune_code,commune_name,team_code,team_name,member_name\n"
          "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Nguyễn Văn An\n")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cnscd(code: Path, *args: str, stdin: str | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, "-m", "generator", *args], cwd=code, env=env, input=stdin, text=True, check=True, capture_output=True)


def probe(port: int, seconds: float) -> list[float]:
    """Sequential GET /api/health for `seconds`; latencies in ms."""
    latencies: list[float] = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        conn.request("GET", "/api/health")
        conn.getresponse().read()
        latencies.append((time.perf_counter() - start) * 1000)
    conn.close()
    return latencies


def flood(port: int, seconds: float, rate: float, done: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    end = time.monotonic() + seconds
    next_at = time.monotonic()
    while time.monotonic() < end:
        conn.request("GET", "/quan-ly/dang-nhap")
        form = conn.getresponse()
        page = form.read().decode("utf-8")
        cookie = (form.getheader("set-cookie") or "").split(";", 1)[0]
        csrf = page.split('name="login_csrf" value="', 1)[1].split('"', 1)[0]
        body = f"username=ba-dinh&password=sai-mat-khau-{done[0]}&login_csrf={csrf}"
        conn.request("POST", "/quan-ly/dang-nhap", body=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        conn.getresponse().read()
        done[0] += 1
        next_at += 1 / rate
        time.sleep(max(0.0, next_at - time.monotonic()))
    conn.close()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)


def one_run(code: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cnscd-flood-") as folder:
        db = str(Path(folder) / "t.db")
        roster = Path(folder) / "roster.csv"
        roster.write_text(ROSTER, encoding="utf-8")
        library = str(code / "tests" / "tracker" / "library")
        cnscd(code, "tracker", "import", "--root", library, "--db", db, str(roster))
        cnscd(code, "tracker", "trainer", "add", "ba-dinh", "--root", library, "--db", db, "--unit", "00004", "--password-stdin",
              stdin="ca-phe-sua-da-buoi-sang\n")
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(code), "CNSCD_LOGIN_RATE": "1000000/1"}
        server = subprocess.Popen([sys.executable, "-m", "generator", "tracker", "serve", "--root", library, "--db", db, "--port", str(port)],
                                  cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    probe(port, 0.01)
                    break
                except OSError:
                    time.sleep(0.1)
            baseline = probe(port, BASELINE_SECONDS)
            done = [0]
            threads = [threading.Thread(target=flood, args=(port, FLOOD_SECONDS, LOGINS_PER_SECOND / 2, done)) for _ in range(2)]
            for thread in threads:
                thread.start()
            loaded = probe(port, FLOOD_SECONDS)
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return {"base_p50": statistics.median(baseline), "base_p99": p99(baseline), "flood_p50": statistics.median(loaded),
            "flood_p99": p99(loaded), "logins_per_s": done[0] / FLOOD_SECONDS}


def measure_code(code: Path, runs: int) -> dict[str, float]:
    results = []
    for i in range(runs):
        result = one_run(code)
        log(f"{code} run {i + 1}: " + ", ".join(f"{k}={v:.1f}" for k, v in result.items()))
        results.append(result)
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    log(f"median of {runs} runs ({code}): " + ", ".join(f"{k}={v:.1f}" for k, v in median.items()))
    return median


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    codes = [("this checkout", REPO)]
    if "--before" in argv:
        codes.insert(0, ("before (--before " + argv[argv.index("--before") + 1] + ")", Path(argv[argv.index("--before") + 1]).resolve()))
    rows = [(label, measure_code(code, runs)) for label, code in codes]
    if "--update-results" in argv:
        info = machine()
        command = "bench/bench_login_flood.py" + (" --before DIR" if len(codes) > 1 else "")
        markdown = (f"## {SECTION}\n\nCommand: `.venv/bin/python {command} --update-results` on {info.get('date', '')}. "
                    f"Median of {runs} runs. `GET /api/health` latency in ms, alone and during a flood of failed dashboard "
                    "logins from two threads (argon2 each; the throttle opened wide). DIR is an older checkout unpacked with "
                    "`git archive`. The machine is shared: compare rows of the same run.\n\n"
                    "| code | p50 alone | p99 alone | p50 during flood | p99 during flood | failed logins/s |\n|---|---|---|---|---|---|\n"
                    + "".join(f"| {label} | {m['base_p50']:.1f} | {m['base_p99']:.1f} | {m['flood_p50']:.1f} | {m['flood_p99']:.1f} | "
                              f"{m['logins_per_s']:.1f} |\n" for label, m in rows))
        update_results(SECTION, markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
