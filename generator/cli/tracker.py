"""`cnscd tracker ...` and `cnscd up`: thin click commands over the tracker's functions.

Heavy modules (SQLAlchemy, argon2, WeasyPrint) are imported inside the commands, so that
`cnscd validate` and friends start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.cli.options import (
    commune_option,
    check_database,
    db_option,
    handle_errors,
    lang_option,
    open_db,
    root_option,
    site_url_option,
    tracker_config,
)
from generator.cli.people import member, trainer
from generator.outputs import write_atomic
from generator.errors import UsageError
from generator.settings import load_settings, read_mkdocs_yml
from generator.urls import Urls

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def tracker() -> None:
    """Quiz completion tracking: rosters, member cards, trainers, the tracker server, exports."""


tracker.add_command(trainer)
tracker.add_command(member)


@tracker.command()
@root_option
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--site", "site_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Also serve this built site folder at / (e.g. dist/site).")
@site_url_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes (use PostgreSQL for more than 1).")
@handle_errors
def serve(root: Path, db_url: str | None, host: str, port: int, site_dir: Path | None, site_url: str | None, workers: int) -> None:
    """Run the tracker API and trainer dashboard (SQLite by default, PostgreSQL by URL)."""
    config = tracker_config(root, db_url, site_dir=site_dir, site_url=site_url)
    check_database(config.database_url(), create=False)
    from generator.tracker.app import build_context
    from generator.tracker.serve import serve as run

    context = build_context(config)
    click.echo(f"cnscd tracker on http://{host}:{port}/  (dashboard: /quan-ly/, API: /api/, OpenAPI: /openapi.json)")
    run(config, context, host, port, workers)


@tracker.command()
@root_option
@db_option
@handle_errors
def migrate(root: Path, db_url: str | None) -> None:
    """Create or upgrade the tracker database schema."""
    open_db(root, db_url, create=True)
    click.echo("database schema is up to date")


@tracker.command(name="import")
@root_option
@db_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@handle_errors
def import_(root: Path, db_url: str | None, file: Path) -> None:
    """Import a roster CSV (province, commune/ward, team codes and names, member name, phone).

    Columns: province_code, province_name, commune_code, commune_name, team_code, team_name,
    member_name, phone (optional). Importing the same file again changes nothing.
    """
    from generator.tracker.members import import_roster
    from generator.tracker.roster import RosterError, parse_roster

    try:
        rows = parse_roster(file.read_bytes(), str(file))
    except RosterError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    report = import_roster(open_db(root, db_url, create=True), rows)
    click.echo(f"{file}: {len(rows)} row(s): {report.summary()}")


def _issue(root: Path, db_url: str | None, site_url: str | None, communes: tuple[str, ...], team: str | None, reissue: bool,
           lang: str, out: Path, render: str) -> None:
    from generator.printing.cards import cards_pdf
    from generator.tracker.enrollment import issue_links, links_csv

    urls = Urls(load_settings(root, site_url=site_url).site_url)
    report = issue_links(open_db(root, db_url), urls, communes, team, reissue=reissue, lang=lang,
                         write=lambda cards: write_atomic(out, cards_pdf(cards, lang) if render == "pdf" else links_csv(cards),
                                                          private=True))
    if report.issued:
        click.echo(f"wrote {out}: {report.issued} personal link(s); they are shown only in this file, keep it private")
    if report.skipped:
        click.echo(f"{report.skipped} member(s) already have a link and were skipped; --reissue replaces their links (old cards stop working)")
    if not report.issued:
        click.echo("nothing written")


def issue_options(default_out: str) -> Callable[[F], F]:
    """Options shared by `cards` and `links`: which members, which language, where to write."""

    def decorate(command: F) -> F:
        for option in reversed([
            root_option, db_option, site_url_option, commune_option,
            click.option("--team", default=None, metavar="CODE", help="Only this team code."),
            click.option("--reissue", is_flag=True,
                         help="Also make new links for members who have one (their old cards and links stop working)."),
            lang_option,
            click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path(default_out), show_default=True),
        ]):
            command = option(command)
        return command

    return decorate


@tracker.command()
@issue_options("the-thanh-vien.pdf")
@handle_errors
def cards(root: Path, db_url: str | None, site_url: str | None, communes: tuple[str, ...], team: str | None, reissue: bool,
          lang: str, out: Path) -> None:
    """Print member cards (PDF, ten per A4) with each member's enrollment link as a QR code."""
    _issue(root, db_url, site_url, communes, team, reissue, lang, out, "pdf")


@tracker.command()
@issue_options("lien-ket-ghi-danh.csv")
@handle_errors
def links(root: Path, db_url: str | None, site_url: str | None, communes: tuple[str, ...], team: str | None, reissue: bool,
          lang: str, out: Path) -> None:
    """Write members' enrollment links to a CSV, to send each member their own (e.g. by Zalo)."""
    _issue(root, db_url, site_url, communes, team, reissue, lang, out, "csv")


# --- exports ------------------------------------------------------------------------------

@tracker.command(name="export")
@root_option
@db_option
@site_url_option
@click.argument("kind", type=click.Choice(["xapi", "csv", "gift", "moodle-xml"]))
@commune_option
@lang_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@handle_errors
def export(root: Path, db_url: str | None, site_url: str | None, kind: str, communes: tuple[str, ...], lang: str, out: Path) -> None:
    """Export attempts as xAPI statements (JSON lines), completion as CSV, or the quiz bank (GIFT, Moodle XML)."""
    from sqlalchemy import select

    from generator.library.loader import require_library
    from generator.quiz_bank import quiz_bank_gift, quiz_bank_xml
    from generator.tracker.exports import completion_csv, xapi_jsonl, xapi_statements
    from generator.tracker.members import known_communes
    from generator.tracker.tables import Commune

    settings = load_settings(root, site_url=site_url)
    library, _ = require_library(settings)
    if kind == "xapi" and not (site_url or read_mkdocs_yml(settings.root / "mkdocs.yml")[0]):
        raise UsageError("xAPI statements name the site they come from: give --site-url https://... "
                         "or set site_url in mkdocs.yml (the same one every time you export)")
    if kind in ("gift", "moodle-xml"):
        text = quiz_bank_gift(library, lang) if kind == "gift" else quiz_bank_xml(library, lang)
    else:
        database = open_db(root, db_url)
        with database.reading() as session:
            codes = known_communes(session, communes) or list(session.scalars(select(Commune.code)))
            if kind == "xapi":
                text = "".join(xapi_jsonl(xapi_statements(session, library, Urls(settings.site_url), codes)))
            else:
                text = "\ufeff" + completion_csv(session, library, codes)
    write_atomic(out, text.encode("utf-8"), private=kind in ("xapi", "csv"))
    click.echo(f"wrote {out}")


@tracker.command()
@root_option
@db_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The backup file to write (SQLite).")
@handle_errors
def backup(root: Path, db_url: str | None, out: Path) -> None:
    """Copy the tracker database safely while it runs (SQLite online backup; PostgreSQL: pg_dump)."""
    import sqlite3

    from generator.tracker.backup import backup_sqlite

    url = tracker_config(root, db_url).database_url()
    check_database(url, create=False)
    if not url.startswith("sqlite"):
        raise UsageError("for PostgreSQL use its own tool while the tracker runs: "
                         "pg_dump --format=custom --file cnscd.dump postgresql://USER@HOST/DB "
                         "(restore with pg_restore --clean --dbname postgresql://USER@HOST/DB cnscd.dump)")
    try:
        pages = backup_sqlite(url, out)
    except (sqlite3.Error, OSError, RuntimeError) as exc:
        raise UsageError(f"backup to {out} failed: {exc}") from None
    click.echo(f"wrote {out}: a consistent copy ({pages} pages); it holds personal data, keep it private")


# --- the main job -------------------------------------------------------------------------

@click.command()
@root_option
@db_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Site folder [default: ROOT/dist/site].")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--site-url", default=None,
              help="Address phones use to reach this machine, e.g. http://192.168.1.10:8000/ with --host 0.0.0.0 [default: http://HOST:PORT/].")
@click.option("--demo", is_flag=True, help="Create a demo team, trainer login and member link (printed once) to try the whole loop.")
@click.option("--no-build", is_flag=True, help="Serve the site already in --out without rebuilding it.")
@handle_errors
def up(root: Path, db_url: str | None, out: Path | None, host: str, port: int, site_url: str | None, demo: bool, no_build: bool) -> None:
    """Build the site and serve it with the tracker and dashboard on one machine."""
    from generator.cli.up import run_up

    run_up(root, db_url=db_url, out=out, host=host, port=port, site_url=site_url, demo=demo, build=not no_build, echo=click.echo)
