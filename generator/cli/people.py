"""`cnscd tracker trainer ...` and `cnscd tracker member ...`: accounts and one member's data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.options import (
    commune_option,
    db_option,
    handle_errors,
    open_db,
    root_option,
)
from generator.errors import UsageError
from generator.outputs import write_atomic

if TYPE_CHECKING:
    from generator.tracker.db import Database

# --- trainers -----------------------------------------------------------------------------

@click.group()
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

    accounts.add_trainer(open_db(root, db_url, create=True), username, name, password, units, admin=admin)
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

@click.group()
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

    from generator.tracker.members import known_communes, members_in
    from generator.tracker.tables import Commune

    database = open_db(root, db_url)
    with database.reading() as session:
        codes = known_communes(session, communes) or list(session.scalars(select(Commune.code)))
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
        write_atomic(out, text.encode("utf-8"), private=True)
        click.echo(f"wrote {out}")


@member.command(name="delete")
@root_option
@db_option
@click.argument("member_ref", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@handle_errors
def member_delete(root: Path, db_url: str | None, member_ref: str, yes: bool) -> None:
    """Delete a member with their links and attempts (their right to erasure)."""
    from generator.tracker.members import delete_member

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
    from generator.tracker.members import revoke_tokens

    database = open_db(root, db_url)
    member_id = _member_id(database, member_ref)
    with database.writing() as session:
        count = revoke_tokens(session, member_id)
    click.echo(f"{count} link(s) withdrawn")
