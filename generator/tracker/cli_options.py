"""Options and helpers shared by the `cnscd tracker` command modules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from generator.tracker.config import TrackerConfig
    from generator.tracker.db import Database

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
