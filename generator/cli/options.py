"""Options and helpers shared by every `cnscd` command module: `--root`, the tracker's
`--db`/`--site-url`/`--lang`/`--commune`, opening the database, and domain-error handling."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator.errors import CnscdError, ContentError

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


def tracker_config(root: Path, db_url: str | None, **overrides: object) -> TrackerConfig:
    from generator.tracker.config import config_from_env

    return config_from_env().with_overrides(root=root, db_url=db_url, **overrides)


def open_db(root: Path, db_url: str | None) -> Database:
    """The database (migrated to the newest schema)."""
    from generator.tracker.db import Database

    database = Database(tracker_config(root, db_url).database_url())
    database.migrate()
    return database
