"""Helpers for the tracker tests: a real PostgreSQL server, the tracker in a subprocess, seeding.

The tracker runs as users run it, `cnscd tracker serve` on a loopback port, against a SQLite
file or a PostgreSQL server that these helpers start in a temporary folder (initdb + pg_ctl,
as the `postgres` user when the tests run as root).
"""

from __future__ import annotations

import functools
import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.kit import CNSCD, PROJECT_ROOT, as_shown, free_port

LIBRARY = Path(__file__).resolve().parent / "library"

ROSTER = """\
province_code,province_name,commune_code,commune_name,team_code,team_name,member_name,phone
01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ CNSCĐ tổ dân phố 1,Nguyễn Văn An,0912345678
01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ CNSCĐ tổ dân phố 1,Trần Thị Bình,
01,Hà Nội,00004,Phường Ba Đình,to-2,Tổ CNSCĐ tổ dân phố 2,Phạm Văn Chiến,0987654321
01,Hà Nội,00008,Phường Ngọc Hà,to-7,Tổ CNSCĐ tổ dân phố 7,Lê Thị Dung,0901234567
"""


# --- PostgreSQL -----------------------------------------------------------------------------

def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 with trust authentication."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="cnscd-pg-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else (os.environ.get("USER") or "postgres")
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        result = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "--auth=trust", f"--username={self.user}",
                  "--encoding=UTF8", "--no-locale")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


# --- the tracker process --------------------------------------------------------------------

@dataclass
class Tracker:
    """`cnscd tracker serve` in a subprocess; `.url` ends in `/`."""

    db_url: str
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    site_dir: Path | None = None
    site_url: str | None = None
    root: Path = LIBRARY
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Tracker:
        if "://" not in self.db_url and not Path(self.db_url).exists():  # serve never creates a database: migrate does
            subprocess.run([*CNSCD, "tracker", "migrate", "--root", str(self.root), "--db", self.db_url], cwd=PROJECT_ROOT,
                           check=True, capture_output=True)
        args = [*CNSCD, "tracker", "serve", "--root", str(self.root), "--db", self.db_url, "--host", "127.0.0.1", "--port", str(self.port)]
        if self.site_dir is not None:
            args += ["--site", str(self.site_dir)]
        args += ["--site-url", self.site_url or self.url]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(args, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **self.env})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tracker exited with {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                if httpx.get(self.url + "api/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"tracker did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what was committed must survive."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


# --- data -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seeded:
    tokens: dict[str, str]
    """Member name -> enrollment token."""
    member_ids: dict[str, int]


def seed(db_url: str, roster: str = ROSTER) -> Seeded:
    """Import the roster and give a token to every member without one (in-process, through the store)."""
    from sqlalchemy import select

    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.members import has_active_token, import_roster, issue_token
    from generator.tracker.roster import parse_roster
    from generator.tracker.tables import Member

    db = Database(normalize_db_url(db_url, PROJECT_ROOT))
    db.migrate()
    import_roster(db, parse_roster(roster.encode(), "roster.csv"))
    tokens, ids = {}, {}
    with db.writing() as session:
        for member in session.scalars(select(Member).order_by(Member.id)):
            if not has_active_token(session, member.id):
                tokens[member.name] = issue_token(session, member)
                ids[member.name] = member.id
    db.dispose()
    return Seeded(tokens, ids)


def add_trainer(db_url: str, username: str, password: str, units: list[str], admin: bool = False) -> None:
    from generator.tracker import accounts
    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database

    db = Database(normalize_db_url(db_url, PROJECT_ROOT))
    db.migrate()
    accounts.add_trainer(db, username, username.title(), password, units, admin=admin)
    db.dispose()


def count_attempts(db_url: str, **where: Any) -> int:
    from sqlalchemy import func, select

    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.tables import Attempt

    db = Database(normalize_db_url(db_url, PROJECT_ROOT))
    with db.reading() as session:
        query = select(func.count()).select_from(Attempt).filter_by(**where)
        count = int(session.scalar(query) or 0)
    db.dispose()
    return count


def attempt_ids(db_url: str) -> set[str]:
    from sqlalchemy import select

    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.tables import Attempt

    db = Database(normalize_db_url(db_url, PROJECT_ROOT))
    with db.reading() as session:
        ids = set(session.scalars(select(Attempt.client_id)))
    db.dispose()
    return ids


@functools.lru_cache(maxsize=None)
def quiz_hash(lesson: str) -> str:
    from generator.library.library import content_hash
    from generator.library.loader import require_library
    from generator.settings import load_settings

    library, _ = require_library(load_settings(LIBRARY))
    return content_hash(library.quiz_by_lesson[lesson])


def fixture_quiz(lesson: str) -> Any:
    from generator.library.loader import require_library
    from generator.settings import load_settings

    library, _ = require_library(load_settings(LIBRARY))
    return library.quiz_by_lesson[lesson]


# The right and wrong answers of the fixture quiz (tests/tracker/library/quizzes/khoa-man-hinh.yaml),
# written as the file lists the choices and sent in the order readers see them.
RIGHT = as_shown(fixture_quiz("khoa-man-hinh"), {"ma-tot": [2], "cho-muon-ma": [1], "viec-nen-lam": [0, 1]})
WRONG = as_shown(fixture_quiz("khoa-man-hinh"), {"ma-tot": [0], "cho-muon-ma": [0], "viec-nen-lam": [2]})


def attempt_body(lesson: str = "khoa-man-hinh", answers: dict[str, list[int]] | None = None, **extra: Any) -> dict[str, Any]:
    known = lesson in ("khoa-man-hinh", "nhan-dien-lua-dao")
    body = {"id": str(uuid.uuid4()), "lesson": lesson, "quiz_hash": quiz_hash(lesson) if known else "f" * 64, "answers": answers or RIGHT}
    body.update(extra)
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def count_rows(db_url: str, table: str, **where: Any) -> int:
    """Rows of a tracker table matching `where` (read straight from the database)."""
    from sqlalchemy import func, select

    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.tables import Base

    db = Database(normalize_db_url(db_url, PROJECT_ROOT))
    with db.reading() as session:
        model = Base.metadata.tables[table]
        query = select(func.count()).select_from(model).where(*(model.c[k] == v for k, v in where.items()))
        count = int(session.scalar(query) or 0)
    db.dispose()
    return count
