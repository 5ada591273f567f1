"""`cnscd tracker ...` and `cnscd up`: thin click commands over the tracker's functions.

Heavy modules (SQLAlchemy, argon2, WeasyPrint) are imported inside the commands, so that
`cnscd validate` and friends start fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.clitools import handle_errors, root_option
from generator.errors import UsageError
from generator.outputs import write_atomic
from generator.settings import load_settings
from generator.urls import Urls

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


@click.group()
def tracker() -> None:
    """Quiz completion tracking: rosters, member cards, trainers, the tracker server, exports."""


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
    open_db(root, db_url)
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
    from generator.tracker.roster import RosterError, parse_roster
    from generator.tracker.store import import_roster

    try:
        rows = parse_roster(file.read_bytes(), str(file))
    except RosterError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    report = import_roster(open_db(root, db_url), rows)
    click.echo(f"{file}: {len(rows)} row(s): {report.summary()}")


def _issue(root: Path, db_url: str | None, site_url: str | None, communes: tuple[str, ...], team: str | None, reissue: bool,
           lang: str, out: Path, render: str) -> None:
    from generator.tracker.cards import cards_pdf
    from generator.tracker.enrollment import issue_links, links_csv

    urls = Urls(load_settings(root, site_url=site_url).site_url)
    report = issue_links(open_db(root, db_url), urls, communes, team, reissue=reissue, lang=lang,
                         write=lambda cards: write_atomic(out, cards_pdf(cards, lang) if render == "pdf" else links_csv(cards)))
    if report.issued:
        click.echo(f"wrote {out}: {report.issued} personal link(s); they are shown only in this file, keep it private")
    if report.skipped:
        click.echo(f"{report.skipped} member(s) already have a link and were skipped; --reissue replaces their links (old cards stop working)")
    if not report.issued:
        click.echo("nothing written")


@tracker.command()
@root_option
@db_option
@site_url_option
@commune_option
@click.option("--team", default=None, metavar="CODE", help="Only this team code.")
@click.option("--reissue", is_flag=True, help="Also make new links for members who have one (their old cards stop working).")
@lang_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("the-thanh-vien.pdf"), show_default=True)
@handle_errors
def cards(root: Path, db_url: str | None, site_url: str | None, communes: tuple[str, ...], team: str | None, reissue: bool,
          lang: str, out: Path) -> None:
    """Print member cards (PDF, ten per A4) with each member's enrollment link as a QR code."""
    _issue(root, db_url, site_url, communes, team, reissue, lang, out, "pdf")


@tracker.command()
@root_option
@db_option
@site_url_option
@commune_option
@click.option("--team", default=None, metavar="CODE", help="Only this team code.")
@click.option("--reissue", is_flag=True, help="Also make new links for members who have one (their old links stop working).")
@lang_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("lien-ket-ghi-danh.csv"), show_default=True)
@handle_errors
def links(root: Path, db_url: str | None, site_url: str | None, communes: tuple[str, ...], team: str | None, reissue: bool,
          lang: str, out: Path) -> None:
    """Write members' enrollment links to a CSV, to send each member their own (e.g. by Zalo)."""
    _issue(root, db_url, site_url, communes, team, reissue, lang, out, "csv")


# --- trainers -----------------------------------------------------------------------------

@tracker.group()
def trainer() -> None:
    """Dashboard accounts: trainers see their units; admins see all."""


def _password(from_stdin: bool) -> tuple[str, bool]:
    """The password from stdin, or a new random one (and True: print it once)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    from generator.tracker.credentials import new_password

    return new_password(), True


@trainer.command(name="add")
@root_option
@db_option
@click.argument("username")
@click.option("--name", default="", help="Name shown on the dashboard.")
@click.option("--unit", "units", multiple=True, metavar="CODE", help="Province (2 digits) or commune/ward (5 digits) code the trainer manages; repeatable.")
@click.option("--admin", is_flag=True, help="Sees every unit.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of generating one.")
@handle_errors
def trainer_add(root: Path, db_url: str | None, username: str, name: str, units: tuple[str, ...], admin: bool, password_stdin: bool) -> None:
    """Create a dashboard account; prints a generated password once."""
    password, generated = _password(password_stdin)
    from generator.tracker import accounts

    accounts.add_trainer(open_db(root, db_url), username, name, password, units, admin=admin)
    click.echo(f"trainer {username} created" + (" (admin)" if admin else f", units: {', '.join(units)}"))
    if generated:
        click.echo(f"password (shown once): {password}")


@trainer.command(name="list")
@root_option
@db_option
@handle_errors
def trainer_list(root: Path, db_url: str | None) -> None:
    """List accounts and the units each manages."""
    from generator.tracker import accounts

    for info in accounts.list_trainers(open_db(root, db_url)):
        scope = "admin: all units" if info.is_admin else ("units: " + (", ".join(info.units) or "none"))
        click.echo(f"{info.username}\t{info.display_name}\t{scope}")


@trainer.command(name="units")
@root_option
@db_option
@click.argument("username")
@click.option("--add", "add", multiple=True, metavar="CODE", help="Unit code to add; repeatable.")
@click.option("--remove", "remove", multiple=True, metavar="CODE", help="Unit code to remove; repeatable.")
@handle_errors
def trainer_units(root: Path, db_url: str | None, username: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Change the units a trainer manages."""
    from generator.tracker import accounts

    codes = accounts.set_units(open_db(root, db_url), username, add, remove)
    click.echo(f"{username} manages: {', '.join(codes) or 'no units'}")


@trainer.command(name="password")
@root_option
@db_option
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input instead of generating one.")
@handle_errors
def trainer_password(root: Path, db_url: str | None, username: str, password_stdin: bool) -> None:
    """Set a new password (and log the trainer out everywhere)."""
    password, generated = _password(password_stdin)
    from generator.tracker import accounts

    accounts.set_password(open_db(root, db_url), username, password)
    click.echo(f"password of {username} changed" + (f"; new password (shown once): {password}" if generated else ""))


@trainer.command(name="remove")
@root_option
@db_option
@click.argument("username")
@handle_errors
def trainer_remove(root: Path, db_url: str | None, username: str) -> None:
    """Delete a dashboard account."""
    from generator.tracker import accounts

    accounts.remove_trainer(open_db(root, db_url), username)
    click.echo(f"trainer {username} removed")


# --- members ------------------------------------------------------------------------------

@tracker.group()
def member() -> None:
    """One member's data: list, export, withdraw the link, delete."""


def _member_id(database: Database, ref: str) -> int:
    from sqlalchemy import select

    from generator.tracker.tables import Member

    with database.reading() as session:
        query = select(Member.id).where(Member.id == int(ref)) if ref.isdigit() else select(Member.id).where(Member.public_id == ref)
        found = session.scalars(query).first()
    if found is None:
        raise UsageError(f"no member {ref!r}; see `cnscd tracker member list`")
    return found


@member.command(name="list")
@root_option
@db_option
@commune_option
@handle_errors
def member_list(root: Path, db_url: str | None, communes: tuple[str, ...]) -> None:
    """List members with their ids (id, commune, team, name)."""
    from sqlalchemy import select

    from generator.tracker.store import members_in
    from generator.tracker.tables import Commune

    database = open_db(root, db_url)
    with database.reading() as session:
        codes = list(communes) or list(session.scalars(select(Commune.code)))
        for m in members_in(session, codes):
            click.echo(f"{m.id}\t{m.team.commune_code}\t{m.team.code}\t{m.name}")


@member.command(name="export")
@root_option
@db_option
@click.argument("member_ref", metavar="ID")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to this file instead of standard output.")
@handle_errors
def member_export_cmd(root: Path, db_url: str | None, member_ref: str, out: Path | None) -> None:
    """Everything stored about one member, as JSON (their right to access)."""
    from generator.tracker.exports import member_export

    database = open_db(root, db_url)
    with database.reading() as session:
        text = json.dumps(member_export(session, _member_id(database, member_ref)), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {out}")


@member.command(name="delete")
@root_option
@db_option
@click.argument("member_ref", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@handle_errors
def member_delete(root: Path, db_url: str | None, member_ref: str, yes: bool) -> None:
    """Delete a member with their links and attempts (their right to erasure)."""
    from generator.tracker.store import delete_member

    database = open_db(root, db_url)
    member_id = _member_id(database, member_ref)
    if not yes:
        click.confirm(f"Delete member {member_ref} and all their results? This cannot be undone", abort=True)
    delete_member(database, member_id)
    click.echo(f"member {member_ref} deleted with all their data")


@member.command(name="revoke")
@root_option
@db_option
@click.argument("member_ref", metavar="ID")
@handle_errors
def member_revoke(root: Path, db_url: str | None, member_ref: str) -> None:
    """Withdraw a member's enrollment link (a lost card); print a new card with `cards`."""
    from generator.tracker.store import revoke_tokens

    database = open_db(root, db_url)
    member_id = _member_id(database, member_ref)
    with database.writing() as session:
        count = revoke_tokens(session, member_id)
    click.echo(f"{count} link(s) withdrawn")


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

    from generator.loader import require_library
    from generator.tracker.exports import completion_csv, xapi_jsonl, xapi_statements
    from generator.tracker.moodle import quiz_bank_gift, quiz_bank_xml
    from generator.tracker.tables import Commune

    settings = load_settings(root, site_url=site_url)
    library, _ = require_library(settings)
    if kind in ("gift", "moodle-xml"):
        text = quiz_bank_gift(library, lang) if kind == "gift" else quiz_bank_xml(library, lang)
    else:
        database = open_db(root, db_url)
        with database.reading() as session:
            codes = list(communes) or list(session.scalars(select(Commune.code)))
            if kind == "xapi":
                text = "".join(xapi_jsonl(xapi_statements(session, library, Urls(settings.site_url), codes)))
            else:
                text = "\ufeff" + completion_csv(session, library, codes)
    write_atomic(out, text.encode("utf-8"))
    click.echo(f"wrote {out}")


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
    from generator.tracker.up import run_up

    run_up(root, db_url=db_url, out=out, host=host, port=port, site_url=site_url, demo=demo, build=not no_build, echo=click.echo)
