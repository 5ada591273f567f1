"""Database engines and migrations.

SQLite runs in WAL mode with `synchronous=FULL`, so a commit is on disk before the tracker
answers; write transactions start with `BEGIN IMMEDIATE` so concurrent writers wait their
turn (busy timeout) instead of failing when a read lock cannot be upgraded. PostgreSQL's
defaults (`synchronous_commit=on`) already make a commit durable.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from generator.errors import UsageError
from generator.tracker.config import redact_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works: it only has to be the same for every process migrating one database.
PG_MIGRATION_LOCK = 0x636E7363


class Database:
    """One database: an engine for reads and a view of it whose transactions may write."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self._ensure_sqlite_folder(url)
            self.engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True)
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_on_begin)
        else:
            self.engine = create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True, hide_parameters=True)
        self.write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._writer_lock = threading.Lock() if self.is_sqlite else None
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)

    @staticmethod
    def _ensure_sqlite_folder(url: str) -> None:
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; rolled back at the end."""
        with self._read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction, committed (durably) when the block ends without error."""
        with self._one_writer(), self._write() as session, session.begin():
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A Core connection in a write transaction (the hot path: no ORM unit of work)."""
        with self._one_writer(), self.write_engine.begin() as connection:
            yield connection

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        # SQLite takes one writer at a time. Queueing writers of this process on a lock wakes
        # the next one as soon as the last commits; SQLite's own busy wait polls with sleeps of
        # up to 100 ms, which showed as a one-second p99 with 32 clients. Other processes still
        # meet the busy timeout.
        if self._writer_lock is None:
            yield
            return
        with self._writer_lock:
            yield

    def migrate(self) -> None:
        """Bring the schema to the newest migration; safe to run from several processes at once."""
        try:
            with self.engine.connect() as connection:
                if not self.is_sqlite:
                    connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_MIGRATION_LOCK})
                try:
                    from alembic import command

                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    connection.commit()
                finally:
                    if not self.is_sqlite:
                        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_MIGRATION_LOCK})
                        connection.commit()
        except OperationalError as exc:
            raise UsageError(f"cannot open the database {redact_url(self.url)}: {exc.orig}") from None

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    """Alembic settings pointing at the migrations shipped inside this package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would otherwise defer it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def engine_for(url: str) -> Engine:
    """A bare engine (tests and tools that inspect the database)."""
    return Database(url).engine
