"""Options and helpers shared by every `cnscd` command module: `--root`, the tracker's
`--db`/`--site-url`/`--lang`/`--commune`, opening the database, and domain-error handling."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator.errors import CnscdError, ContentError, UsageError

if TYPE_CHECKING:
    from generator.tracker.config import TrackerConfig
    from generator.tracker.db import Database

F = TypeVar("F", bound=Callable[..., Any])

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds lessons/, quizzes/, mkdocs.yml).",
)


def handle_errors(command: F) -> F:
    """Turn domain errors into a message on stderr and the right exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            click.echo(f"{len(exc.diagnostics)} problem(s); nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except CnscdError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


db_option = click.option("--db", "db_url", default=None, metavar="URL",
                         help="SQLite file or postgresql://USER@HOST/DB [default: CNSCD_DB_URL, else ROOT/var/tracker.db].")
site_url_option = click.option("--site-url", default=None, help="Public site URL for links [default: mkdocs.yml site_url].")
lang_option = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language of the cards and links.")
commune_option = click.option("--commune", "communes", multiple=True, metavar="CODE", help="Only this commune/ward code (repeatable) [default: all].")


SQLITE_MAGIC = b"SQLite format 3\x00"
# Commands that may start a new database: a mistyped --db anywhere else must not create one.
CREATING = ("migrate", "up", "import", "trainer add")


def tracker_config(root: Path, db_url: str | None, **overrides: object) -> TrackerConfig:
    """The tracker settings; a relative `--db` path is relative to the current folder, like any path typed."""
    from generator.tracker.config import config_from_env

    if db_url and "://" not in db_url:
        db_url = str(Path(db_url).expanduser().absolute())
    return config_from_env().with_overrides(root=root, db_url=db_url, **overrides)


def check_database(url: str, *, create: bool) -> None:
    """Refuse, with a message, a SQLite target that is missing (unless `create`), not a file, or not SQLite."""
    if not url.startswith("sqlite") or "///" not in url:
        return
    path = Path(url.split("///", 1)[1])
    if str(path) in ("", ":memory:"):
        return
    parent = next((p for p in path.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise UsageError(f"--db {path}: {parent} is a file, not a folder")
    if path.is_dir():
        raise UsageError(f"--db {path} is a folder; give the database file inside it, e.g. {path / 'tracker.db'}")
    if not path.exists():
        if create:
            return
        raise UsageError(f"no tracker database at {path}; check --db, or create it with `cnscd tracker migrate --db {path}` "
                         f"(only {', '.join(CREATING)} create one)")
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise UsageError(f"--db {path}: cannot read it ({exc.strerror})") from None
    if head and head != SQLITE_MAGIC:
        raise UsageError(f"--db {path} is not a SQLite database; check the path (a backup? a CSV?)")


def open_db(root: Path, db_url: str | None, *, create: bool = False) -> Database:
    """The database (migrated to the newest schema); only `create` commands may start a new one."""
    from generator.tracker.db import Database

    url = tracker_config(root, db_url).database_url()
    check_database(url, create=create)
    database = Database(url)
    database.migrate()
    return database
