"""Members and their enrollment tokens: roster import, tokens, the members-in-scope query, erasure.

Functions take a SQLAlchemy session (or the :class:`Database` when they own the
transaction) and plain values; they never see HTTP.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from generator.errors import UsageError
from generator.tracker.credentials import hash_token, looks_like_token, new_token
from generator.tracker.db import Database
from generator.tracker.roster import RosterRow
from generator.tracker.tables import (
    Attempt,
    Commune,
    Member,
    MemberToken,
    Province,
    Team,
    utcnow,
)


@dataclass(frozen=True)
class ImportReport:
    """What a roster import changed; a second import of the same file changes nothing."""

    units_created: int = 0
    units_renamed: int = 0
    members_created: int = 0
    members_updated: int = 0
    members_unchanged: int = 0
    members_not_in_file: int = 0

    def summary(self) -> str:
        return (f"{self.members_created} member(s) added, {self.members_updated} updated, {self.members_unchanged} unchanged; "
                f"{self.units_created} unit(s) added, {self.units_renamed} renamed or moved"
                + (f"; {self.members_not_in_file} member(s) of these teams are not in the file (kept)" if self.members_not_in_file else ""))


def import_roster(db: Database, rows: Sequence[RosterRow]) -> ImportReport:
    """Create or update units and members from roster rows, in one transaction."""
    counts = dict.fromkeys(("units_created", "units_renamed", "members_created", "members_updated", "members_unchanged"), 0)
    with db.writing() as session:
        teams: dict[tuple[str, str], Team] = {}
        for row in rows:
            province = session.get(Province, row.province_code)
            if province is None:
                session.add(Province(code=row.province_code, name=row.province_name))
                counts["units_created"] += 1
            elif province.name != row.province_name:
                province.name = row.province_name
                counts["units_renamed"] += 1
            commune = session.get(Commune, row.commune_code)
            if commune is None:
                session.add(Commune(code=row.commune_code, name=row.commune_name, province_code=row.province_code))
                counts["units_created"] += 1
            elif (commune.name, commune.province_code) != (row.commune_name, row.province_code):
                commune.name, commune.province_code = row.commune_name, row.province_code
                counts["units_renamed"] += 1
            session.flush()
            key = (row.commune_code, row.team_code)
            team = teams.get(key) or session.scalars(select(Team).filter_by(commune_code=row.commune_code, code=row.team_code)).first()
            if team is None:
                team = Team(commune_code=row.commune_code, code=row.team_code, name=row.team_name)
                session.add(team)
                session.flush()
                counts["units_created"] += 1
            elif team.name != row.team_name:
                team.name = row.team_name
                counts["units_renamed"] += 1
            teams[key] = team
            member = session.scalars(select(Member).filter_by(team_id=team.id, name=row.member_name)).first()
            if member is None:
                session.add(Member(public_id=str(uuid.uuid4()), team_id=team.id, name=row.member_name, phone=row.phone))
                counts["members_created"] += 1
            elif member.phone != row.phone:
                member.phone = row.phone
                counts["members_updated"] += 1
            else:
                counts["members_unchanged"] += 1
        session.flush()
        in_file = {(r.commune_code, r.team_code, r.member_name) for r in rows}
        team_ids = [t.id for t in teams.values()]
        not_in_file = sum(
            1 for member, team in session.execute(select(Member, Team).join(Team).where(Team.id.in_(team_ids)))
            if (team.commune_code, team.code, member.name) not in in_file
        )
    return ImportReport(**counts, members_not_in_file=not_in_file)


# --- members and tokens -------------------------------------------------------------------

def member_for_token(session: Session, token: str) -> Member | None:
    """The member holding this active token, or None (unknown, malformed or revoked)."""
    if not looks_like_token(token):
        return None
    return session.scalars(
        select(Member).join(MemberToken).where(MemberToken.token_hash == hash_token(token), MemberToken.revoked_at.is_(None))
    ).first()


def member_id_for_token(session: Session, token: str) -> int | None:
    """Like :func:`member_for_token`, but one indexed lookup and no object loading (the hot path)."""
    if not looks_like_token(token):
        return None
    return session.scalar(
        select(MemberToken.member_id).where(MemberToken.token_hash == hash_token(token), MemberToken.revoked_at.is_(None))
    )


def token_state(session: Session, token: str) -> str:
    """`active`, `revoked` or `unknown`: lets the API say "your link was replaced"."""
    if not looks_like_token(token):
        return "unknown"
    row = session.scalars(select(MemberToken).where(MemberToken.token_hash == hash_token(token))).first()
    if row is None:
        return "unknown"
    return "revoked" if row.revoked_at is not None else "active"


def issue_token(session: Session, member: Member, *, keep_others: bool = False) -> str:
    """A new enrollment token for `member` (returned once). Earlier tokens stop working, unless
    `keep_others` (a reprinted lost card: the phone already enrolled goes on sending)."""
    if not keep_others:
        revoke_tokens(session, member.id)
    token = new_token()
    session.add(MemberToken(member_id=member.id, token_hash=hash_token(token)))
    return token


def revoke_tokens(session: Session, member_id: int) -> int:
    """Revoke every active token of a member; returns how many were active."""
    active = session.scalars(select(MemberToken).where(MemberToken.member_id == member_id, MemberToken.revoked_at.is_(None))).all()
    for row in active:
        row.revoked_at = utcnow()
    return len(active)


def has_active_token(session: Session, member_id: int) -> bool:
    count = session.scalar(
        select(func.count()).select_from(MemberToken).where(MemberToken.member_id == member_id, MemberToken.revoked_at.is_(None))
    )
    return bool(count)


def members_in_scope(commune_codes: Sequence[str], *, team_id: int | None = None, team_code: str | None = None) -> Select[Member, Team, Commune]:
    """The one query of the members a trainer may see: members of the teams of these communes
    (optionally one team, by id or code), ordered by commune, team and name. The grid, the
    exports and the enrollment links all start from it, so their scopes cannot drift apart."""
    query = (select(Member, Team, Commune).join(Team, Member.team_id == Team.id)
             .join(Commune, Team.commune_code == Commune.code)
             .where(Team.commune_code.in_(commune_codes)).order_by(Commune.code, Team.code, Member.name))
    if team_id is not None:
        query = query.where(Team.id == team_id)
    if team_code:
        query = query.where(Team.code == team_code)
    return query


def member_ids_in_scope(commune_codes: Sequence[str], *, team_id: int | None = None) -> Select[int]:
    """Ids of :func:`members_in_scope`, for `IN (...)` filters."""
    return members_in_scope(commune_codes, team_id=team_id).with_only_columns(Member.id).order_by(None)


def members_in(session: Session, commune_codes: Sequence[str], team_code: str | None = None) -> list[Member]:
    """Members of the given communes (optionally one team code), ordered for printing."""
    return list(session.scalars(members_in_scope(commune_codes, team_code=team_code)))


def delete_member(db: Database, member_id: int) -> bool:
    """Delete a member with their tokens and attempts (the right to erasure). False if unknown."""
    with db.writing() as session:
        member = session.get(Member, member_id)
        if member is None:
            return False
        for table in (Attempt, MemberToken):
            for row in session.scalars(select(table).where(table.member_id == member_id)):
                session.delete(row)
        session.delete(member)
    return True


def known_communes(session: Session, codes: Sequence[str]) -> list[str]:
    """`codes` as given, after checking that each names an imported commune/ward (else UsageError)."""
    found = set(session.scalars(select(Commune.code).where(Commune.code.in_(list(codes))))) if codes else set()
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise UsageError(f"no commune/ward with code {', '.join(unknown)} has been imported; "
                         "see `cnscd tracker member list` for the codes in the database")
    return list(codes)
