"""Trainer accounts, the units each manages, and dashboard sessions.

A trainer manages provinces and/or communes; an admin sees everything. Every dashboard
query goes through :func:`visible_communes`, so a trainer cannot reach another's units by
guessing a URL.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from generator.errors import UsageError
from generator.tracker.credentials import (
    check_password,
    hash_password,
    hash_token,
    password_problem,
)
from generator.tracker.db import Database
from generator.tracker.roster import COMMUNE_CODE, PROVINCE_CODE
from generator.tracker.tables import (
    Commune,
    Member,
    Team,
    Trainer,
    TrainerSession,
    TrainerUnit,
    utcnow,
)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def parse_unit(code: str) -> tuple[str, str]:
    """`01` -> ("province", "01"); `00004` -> ("commune", "00004")."""
    if PROVINCE_CODE.fullmatch(code):
        return ("province", code)
    if COMMUNE_CODE.fullmatch(code):
        return ("commune", code)
    raise UsageError(f"unit {code!r}: give a province code (2 digits, e.g. 01) or a commune/ward code (5 digits, e.g. 00004)")


def add_trainer(db: Database, username: str, display_name: str, password: str, units: Sequence[str], *, admin: bool = False) -> None:
    """Create a trainer account; `units` are province or commune codes."""
    if not USERNAME.fullmatch(username):
        raise UsageError(f"user name {username!r}: use 2-64 lower-case letters, digits, '.', '_' or '-'")
    problem = password_problem(password)
    if problem:
        raise UsageError(problem)
    parsed = sorted({parse_unit(code) for code in units})
    if not parsed and not admin:
        raise UsageError("give at least one --unit (a province or commune code) or make the account --admin")
    with db.writing() as session:
        _require_imported(session, parsed)
        if session.scalars(select(Trainer).filter_by(username=username)).first() is not None:
            raise UsageError(f"trainer {username!r} already exists; use `cnscd tracker trainer units` or `trainer password`")
        trainer = Trainer(username=username, display_name=display_name or username, password_hash=hash_password(password), is_admin=admin)
        trainer.units = [TrainerUnit(kind=kind, code=code) for kind, code in parsed]
        session.add(trainer)


def set_units(db: Database, username: str, add: Sequence[str], remove: Sequence[str]) -> list[str]:
    """Add and remove managed units; returns the codes the trainer manages afterwards."""
    with db.writing() as session:
        trainer = _trainer(session, username)
        current = {(u.kind, u.code) for u in trainer.units}
        added = {parse_unit(c) for c in add}
        _require_imported(session, sorted(added - current))
        wanted = (current | added) - {parse_unit(c) for c in remove}
        trainer.units = [TrainerUnit(kind=kind, code=code) for kind, code in sorted(wanted)]
        return [code for _, code in sorted(wanted)]


def set_password(db: Database, username: str, password: str) -> None:
    """Change a password and end the trainer's open sessions."""
    problem = password_problem(password)
    if problem:
        raise UsageError(problem)
    with db.writing() as session:
        trainer = _trainer(session, username)
        trainer.password_hash = hash_password(password)
        session.execute(delete(TrainerSession).where(TrainerSession.trainer_id == trainer.id))


def _require_imported(session: Session, units: Sequence[tuple[str, str]]) -> None:
    """Refuse a unit code that no imported roster has (a typo would give a trainer an empty dashboard)."""
    communes = {code for kind, code in units if kind == "commune"}
    provinces = {code for kind, code in units if kind == "province"}
    known = set(session.scalars(select(Commune.code).where(Commune.code.in_(communes)))) if communes else set()
    known |= set(session.scalars(select(Commune.province_code).where(Commune.province_code.in_(provinces)))) if provinces else set()
    unknown = sorted((communes | provinces) - known)
    if unknown:
        raise UsageError(f"unit {', '.join(unknown)}: no such commune/ward or province in the imported rosters; "
                         "check the code, or import the roster first (`cnscd tracker import`)")


def remove_trainer(db: Database, username: str) -> None:
    with db.writing() as session:
        trainer = _trainer(session, username)
        session.execute(delete(TrainerSession).where(TrainerSession.trainer_id == trainer.id))
        session.delete(trainer)


@dataclass(frozen=True)
class TrainerInfo:
    username: str
    display_name: str
    is_admin: bool
    units: tuple[str, ...]


def list_trainers(db: Database) -> list[TrainerInfo]:
    with db.reading() as session:
        return [TrainerInfo(t.username, t.display_name, t.is_admin, tuple(u.code for u in t.units))
                for t in session.scalars(select(Trainer).order_by(Trainer.username))]


def _trainer(session: Session, username: str) -> Trainer:
    trainer = session.scalars(select(Trainer).filter_by(username=username)).first()
    if trainer is None:
        raise UsageError(f"no trainer named {username!r}; see `cnscd tracker trainer list`")
    return trainer


def has_trainers(db: Database) -> bool:
    with db.reading() as session:
        return session.scalars(select(Trainer.id).limit(1)).first() is not None


def authenticate(db: Database, username: str, password: str) -> Trainer | None:
    with db.reading() as session:
        trainer = session.scalars(select(Trainer).filter_by(username=username)).first()
    ok = check_password(trainer.password_hash if trainer else None, password)
    return trainer if ok else None


# --- scope --------------------------------------------------------------------------------

def visible_communes(session: Session, trainer: Trainer) -> list[Commune]:
    """The communes a trainer may see: all for an admin, else those in their units."""
    query = select(Commune).order_by(Commune.province_code, Commune.name, Commune.code)
    if not trainer.is_admin:
        provinces = [u.code for u in trainer.units if u.kind == "province"]
        communes = [u.code for u in trainer.units if u.kind == "commune"]
        query = query.where(or_(Commune.code.in_(communes), Commune.province_code.in_(provinces)))
    return list(session.scalars(query))


def can_see_member(session: Session, trainer: Trainer, member_id: int) -> Member | None:
    """The member if the trainer may see them, else None (the same answer as for no member)."""
    member = session.get(Member, member_id)
    if member is None:
        return None
    team = session.get(Team, member.team_id)
    allowed = {c.code for c in visible_communes(session, trainer)}
    return member if team is not None and team.commune_code in allowed else None


# --- sessions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class NewSession:
    cookie_value: str
    csrf_token: str


def open_session(db: Database, trainer_id: int, hours: int, lang: str) -> NewSession:
    cookie_value, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    with db.writing() as session:
        session.execute(delete(TrainerSession).where(TrainerSession.expires_at < now))
        session.add(TrainerSession(id_hash=hash_token(cookie_value), trainer_id=trainer_id, csrf_token=csrf,
                                   lang=lang, expires_at=now + dt.timedelta(hours=hours)))
    return NewSession(cookie_value, csrf)


def session_for(session: Session, cookie_value: str) -> tuple[Trainer, TrainerSession] | None:
    """The trainer and session behind a cookie, if the session exists and has not expired."""
    if not cookie_value or len(cookie_value) > 100:
        return None
    row = session.get(TrainerSession, hash_token(cookie_value))
    if row is None or row.expires_at < utcnow():
        return None
    trainer = session.get(Trainer, row.trainer_id)
    return (trainer, row) if trainer is not None else None


def close_session(db: Database, cookie_value: str) -> None:
    with db.writing() as session:
        session.execute(delete(TrainerSession).where(TrainerSession.id_hash == hash_token(cookie_value)))


def set_session_lang(db: Database, cookie_value: str, lang: str) -> None:
    with db.writing() as session:
        row = session.get(TrainerSession, hash_token(cookie_value))
        if row is not None:
            row.lang = lang
