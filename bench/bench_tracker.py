"""Tracker: attempts per second and latency, SQLite and PostgreSQL, 1 and 32 concurrent clients.

    .venv/bin/python bench/bench_tracker.py [--quick] [--json OUT.json] [--update-results]

Each configuration gets a fresh database with 64 enrolled members and its own tracker process
(`cnscd tracker serve`, uvicorn, on 127.0.0.1). Clients are threads of this script, each with
one keep-alive HTTP connection and its own member token, sending `POST /api/attempts` with a
new attempt id every time, one request after the other; a request's latency runs from sending
to the full answer (the tracker grades and commits durably before it answers). The load is
bounded by a number of requests, not by time, and stays on the loopback interface. Client
and server share the machine's cores, as on a commune laptop. The submission rate limit is
raised for the run (`CNSCD_SUBMIT_RATE`); everything else is as shipped (SQLite in WAL mode
with synchronous=FULL; PostgreSQL 15 defaults, synchronous_commit on, fsync on).

`--update-results` writes the markdown section into bench/RESULTS.md (replacing "## Tracker").
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import (
    PYTHON,
    REPO,
    SCRATCH,
    log,
    machine,
    md_table,
    parse_common,
    rel_command,
    update_results,
    write_result,
)

sys.path.insert(0, str(REPO))

SECTION = "Tracker"
LIBRARY = REPO / "tests" / "tracker" / "library"
LESSON = "khoa-man-hinh"
ANSWERS = {"ma-tot": [2], "cho-muon-ma": [1], "viec-nen-lam": [0, 1]}
MEMBERS = 64


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Postgres:
    """A throwaway PostgreSQL 15 cluster (as the `postgres` user when run as root)."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL binaries not found (run .ci/setup --test)")
        self.bin = Path(found[-1]).parent
        self.version = self.bin.parent.name
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="cnscd-bench-pg-"))
        self.root = os.geteuid() == 0
        self.user = "postgres" if self.root else os.environ.get("USER", "postgres")
        if self.root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.root else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.dir / "data"), "--auth=trust", f"--username={self.user}", "--encoding=UTF8", "--no-locale")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "start",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def new_database(self) -> str:
        import psycopg

        name = "bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"


def seed(db_url: str) -> tuple[list[str], str]:
    """Enroll MEMBERS members; their tokens, and the quiz hash the widget would send."""
    from sqlalchemy import select

    from generator.library.library import content_hash
    from generator.library.loader import require_library
    from generator.settings import load_settings
    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.members import import_roster, issue_token
    from generator.tracker.roster import parse_roster
    from generator.tracker.tables import Member

    header = "province_code,province_name,commune_code,commune_name,team_code,team_name,member_name\n"
    rows = "".join(f"01,Hà Nội,00004,Phường Ba Đình,to-{i % 8},Tổ {i % 8},Thành viên {i}\n" for i in range(MEMBERS))
    db = Database(normalize_db_url(db_url, REPO))
    db.migrate()
    import_roster(db, parse_roster((header + rows).encode(), "bench.csv"))
    with db.writing() as session:
        tokens = [issue_token(session, member) for member in session.scalars(select(Member).order_by(Member.id))]
    db.dispose()
    library, _ = require_library(load_settings(LIBRARY))
    return tokens, content_hash(library.quiz_by_lesson[LESSON])


def stored_attempts(db_url: str) -> int:
    from sqlalchemy import func, select

    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.tables import Attempt

    db = Database(normalize_db_url(db_url, REPO))
    with db.reading() as session:
        count = int(session.scalar(select(func.count()).select_from(Attempt)) or 0)
    db.dispose()
    return count


class Server:
    def __init__(self, db_url: str, log_path: Path, workers: int = 1) -> None:
        self.port = free_port()
        args = [str(PYTHON), "-m", "generator", "tracker", "serve", "--root", str(LIBRARY), "--db", db_url,
                "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]
        env = {**os.environ, "CNSCD_SUBMIT_RATE": "100000000/60"}
        with log_path.open("wb") as out:
            self.process = subprocess.Popen(args, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/health")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"tracker did not start; see {log_path}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Run:
    backend: str
    clients: int
    workers: int
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    stored: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def client(port: int, token: str, quiz_hash: str, count: int, latencies: list[float], errors: list[int],
           start: threading.Barrier) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    start.wait()
    for _ in range(count):
        body = json.dumps({"id": str(uuid.uuid4()), "lesson": LESSON, "quiz_hash": quiz_hash, "answers": ANSWERS})
        began = time.perf_counter()
        try:
            conn.request("POST", "/api/attempts", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 201
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies.append((time.perf_counter() - began) * 1000)
        if not ok:
            errors.append(1)
    conn.close()


def run_once(backend: str, db_url: str, clients: int, per_client: int, workers: int, work: Path) -> Run:
    tokens, quiz_hash = seed(db_url)
    server = Server(db_url, work / f"{backend}-{clients}-{workers}.log", workers)
    try:
        # Warm up: connections, caches, the first write of the database file.
        warm: list[float] = []
        client(server.port, tokens[0], quiz_hash, 30, warm, [], threading.Barrier(1))
        before = stored_attempts(db_url)
        latencies: list[float] = []
        errors: list[int] = []
        start = threading.Barrier(clients + 1)
        threads = [threading.Thread(target=client, args=(server.port, tokens[i % len(tokens)], quiz_hash, per_client, latencies, errors, start))
                   for i in range(clients)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
    finally:
        server.stop()
    stored = stored_attempts(db_url) - before
    run = Run(backend, clients, workers, clients * per_client, seconds, latencies, len(errors), stored)
    log(f"{backend:10} clients={clients:2} workers={workers} requests={run.requests} {run.per_second:7.1f}/s "
        f"p50={run.percentile(50):6.1f} ms p99={run.percentile(99):6.1f} ms errors={run.errors} stored={stored}")
    return run


def main(argv: list[str]) -> int:
    quick, json_out = parse_common(argv)
    work = SCRATCH / "tracker"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    plan = [("sqlite", 1, 1), ("sqlite", 32, 1), ("postgresql", 1, 1), ("postgresql", 32, 1), ("postgresql", 32, 2)]
    total_per_config = {1: 300 if quick else 1500, 32: 640 if quick else 3200}
    runs: list[Run] = []
    load_before = Path("/proc/loadavg").read_text().split()[0]
    postgres = Postgres()
    postgres.start()
    try:
        for backend, clients, workers in plan:
            db_url = str(work / f"{clients}-{workers}.db") if backend == "sqlite" else postgres.new_database()
            runs.append(run_once(backend, db_url, clients, total_per_config[clients] // clients, workers, work))
    finally:
        postgres.stop()
    load_after = Path("/proc/loadavg").read_text().split()[0]
    mach = machine()
    rows = [
        (r.backend + (f" ({r.workers} processes)" if r.workers > 1 else ""), r.clients, r.requests, f"{r.per_second:.0f}",
         f"{r.percentile(50):.1f}", f"{r.percentile(99):.1f}", f"{statistics.fmean(r.latencies_ms):.1f}", r.errors,
         "yes" if r.stored == r.requests - r.errors else f"no ({r.stored})")
        for r in runs
    ]
    command = rel_command(argv)
    markdown = "\n".join([
        f"## {SECTION}",
        "",
        f"Quiz attempts submitted to `cnscd tracker serve` over HTTP on 127.0.0.1 ({mach.get('cpu', '')}, "
        f"{mach.get('cores', '')} cores; PostgreSQL {postgres.version}). Every attempt is graded from the answer key "
        "and committed durably before the answer. Clients run on the same cores as the server "
        f"(1-minute load average {load_before} before, {load_after} after: other work on the machine slows every row).",
        "",
        md_table(["database", "clients", "attempts", "attempts/s", "p50 ms", "p99 ms", "mean ms", "errors", "all stored"], rows),
        "",
        "Method: fresh database with 64 enrolled members per row; each client thread holds one keep-alive "
        "connection and one member token and sends attempts back to back, each with a new attempt id; the load is "
        "a fixed number of requests (no time limit); 30 warm-up requests first. `CNSCD_SUBMIT_RATE` is raised for "
        "the run; SQLite is in WAL mode with synchronous=FULL; PostgreSQL runs with its defaults (fsync and "
        "synchronous_commit on). \"all stored\" compares the rows in the database with the 201 answers.",
        "",
        f"Re-run: `{command}`",
    ]) + "\n"
    figures: dict[str, Any] = {
        f"{r.backend}_{r.clients}_clients_{r.workers}_workers": {
            "requests": r.requests, "seconds": r.seconds, "per_second": r.per_second, "p50_ms": r.percentile(50),
            "p99_ms": r.percentile(99), "errors": r.errors, "stored": r.stored,
        }
        for r in runs
    }
    figures["machine"] = mach
    figures["load_average"] = {"before": load_before, "after": load_after}
    write_result(json_out, section=SECTION, markdown=markdown, figures=figures, commands=[command],
                 method="threads with keep-alive http.client connections against a uvicorn subprocess on loopback")
    if "--update-results" in argv:
        update_results(SECTION, markdown)
    return 0 if all(r.errors == 0 and r.stored == r.requests for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
