"""The completion grid: rows (communes, teams or members) x lessons, one cell each.

A cell counts members who passed, who tried without passing, and all members of the row,
and names its state so the page can draw it with a colour *and* a symbol.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from generator.tracker.members import member_ids_in_scope, members_in_scope
from generator.tracker.tables import Attempt, Team

State = Literal["done", "some", "tried", "none", "empty"]


@dataclass
class Cell:
    passed: int = 0
    tried: int = 0
    """Tried at least once without passing (yet)."""
    members: int = 0

    @property
    def state(self) -> State:
        if self.members == 0:
            return "empty"
        if self.passed == self.members:
            return "done"
        if self.passed:
            return "some"
        return "tried" if self.tried else "none"


@dataclass
class Row:
    key: str
    label: str
    sublabel: str
    members: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def passed_total(self) -> int:
        return sum(cell.passed for cell in self.cells)


@dataclass(frozen=True)
class MemberStatus:
    attempts: int
    best_percent: int
    passed: bool
    last_at: dt.datetime | None = None


def member_statuses(session: Session, commune_codes: Sequence[str], team_id: int | None = None) -> dict[tuple[int, str], MemberStatus]:
    """(member id, lesson id) -> attempts, best score and passed, for members in scope."""
    query = (
        select(Attempt.member_id, Attempt.lesson_id, func.count(), func.max(Attempt.percent),
               func.max(case((Attempt.passed, 1), else_=0)), func.max(Attempt.received_at))
        .where(Attempt.member_id.in_(member_ids_in_scope(commune_codes, team_id=team_id)))
        .group_by(Attempt.member_id, Attempt.lesson_id)
    )
    return {(m, lesson): MemberStatus(n, best, bool(passed), _aware(last))
            for m, lesson, n, best, passed, last in session.execute(query)}


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """An aggregate skips the column type: SQLite gives naive UTC back (or text)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _cells(member_ids: Sequence[int], lessons: Sequence[str], statuses: dict[tuple[int, str], MemberStatus]) -> list[Cell]:
    cells = []
    for lesson in lessons:
        cell = Cell(members=len(member_ids))
        for member_id in member_ids:
            status = statuses.get((member_id, lesson))
            if status is not None:
                if status.passed:
                    cell.passed += 1
                else:
                    cell.tried += 1
        cells.append(cell)
    return cells


@dataclass(frozen=True)
class Grid:
    rows: list[Row]
    members: int
    ready: int
    """Members who passed every lesson."""


def build_grid(session: Session, level: Literal["commune", "team", "member"], commune_codes: Sequence[str],
               lessons: Sequence[str], team_id: int | None = None) -> Grid:
    """Grid rows at one level for the communes in scope (and one team, for member rows)."""
    statuses = member_statuses(session, commune_codes, team_id)
    query = members_in_scope(commune_codes, team_id=team_id)
    groups: dict[str, tuple[str, str, list[int]]] = {}
    for member, team, commune in session.execute(query):
        member_id, member_name, tid, team_code, team_name = member.id, member.name, team.id, team.code, team.name
        commune_code, commune_name = commune.code, commune.name
        if level == "commune":
            key, label, sub = commune_code, commune_name, commune_code
        elif level == "team":
            key, label, sub = str(tid), team_name, team_code
        else:
            key, label, sub = str(member_id), member_name, team_name
        groups.setdefault(key, (label, sub, []))[2].append(member_id)
    if level == "team":
        # Teams without members still belong in the picture: they need members.
        empty = select(Team).where(Team.commune_code.in_(commune_codes)).order_by(Team.code)
        if team_id is not None:
            empty = empty.where(Team.id == team_id)
        for team in session.scalars(empty):
            groups.setdefault(str(team.id), (team.name, team.code, []))
    rows = [Row(key, label, sub, len(ids), _cells(ids, lessons, statuses)) for key, (label, sub, ids) in groups.items()]
    all_ids = [member_id for _, _, ids in groups.values() for member_id in ids]
    ready = sum(1 for m in all_ids if all((s := statuses.get((m, lesson))) is not None and s.passed for lesson in lessons))
    return Grid(rows, len(all_ids), ready if lessons else 0)
