"""Who is ready for one lesson: the members in scope split into passed, tried and not passed,
and not tried yet — the answer to "who is not ready for lesson X?" (the by-lesson page and the
readable CSV export start here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from generator.tracker.grid import MemberStatus, member_statuses
from generator.tracker.members import members_in_scope


@dataclass(frozen=True)
class MemberOnLesson:
    member_id: int
    name: str
    team: str
    commune: str
    attempts: int
    best_percent: int | None
    last_at: dt.datetime | None


@dataclass
class Readiness:
    passed: list[MemberOnLesson] = field(default_factory=list)
    failed: list[MemberOnLesson] = field(default_factory=list)
    """Tried at least once, never passed."""
    untried: list[MemberOnLesson] = field(default_factory=list)

    @property
    def members(self) -> int:
        return len(self.passed) + len(self.failed) + len(self.untried)


def lesson_readiness(session: Session, commune_codes: Sequence[str], lesson_id: str, team_id: int | None = None) -> Readiness:
    """The members a trainer may see (:func:`members_in_scope`), sorted into the three groups."""
    statuses = member_statuses(session, commune_codes, team_id)
    result = Readiness()
    for member, team, commune in session.execute(members_in_scope(commune_codes, team_id=team_id)):
        status: MemberStatus | None = statuses.get((member.id, lesson_id))
        row = MemberOnLesson(member.id, member.name, team.name, commune.name, status.attempts if status else 0,
                             status.best_percent if status else None, status.last_at if status else None)
        if status is None:
            result.untried.append(row)
        elif status.passed:
            result.passed.append(row)
        else:
            result.failed.append(row)
    return result
