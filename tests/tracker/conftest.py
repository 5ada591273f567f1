"""Fixtures of the tracker tests: databases (SQLite file, real PostgreSQL) and running trackers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tracker.kit import PostgresServer, Seeded, Tracker, postgres_bin, seed

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole session (`.ci/setup --test` installs the binaries)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (run .ci/setup --test)")
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def new_db_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """A fresh, empty database of the given kind."""
    if backend == "sqlite":
        return str(folder / "tracker.db")
    return request.getfixturevalue("postgres").new_database()  # type: ignore[no-any-return]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once SQLite and once PostgreSQL."""
    return new_db_url(request.param, request, tmp_path)


@dataclass
class Running:
    tracker: Tracker
    seeded: Seeded
    db_url: str
    backend: str

    @property
    def url(self) -> str:
        return self.tracker.url


@pytest.fixture(scope="module", params=BACKENDS)
def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A seeded database and `cnscd tracker serve` on it, shared by one test module, per backend."""
    folder = tmp_path_factory.mktemp(f"tracker-{request.param}")
    url = new_db_url(request.param, request, folder)
    seeded = seed(url)
    tracker = Tracker(url, folder / "server.log").start()
    try:
        yield Running(tracker, seeded, url, request.param)
    finally:
        tracker.stop()
