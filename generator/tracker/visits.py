"""Door-to-door visits: checking and storing them (idempotent by client id), and follow-ups.

Functions take a SQLAlchemy session (or the :class:`Database` when they own the
transaction) and plain values; they never see HTTP. Refusals raise :class:`TrackerError`
naming the field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from generator.library.library import Library
from generator.tracker.db import Database
from generator.tracker.errors import TrackerError
from generator.tracker.tables import Member, Team, Visit, VisitOutcome, utcnow

STATUSES = ("done", "shown", "follow_up")
FOLLOW_UP_REASONS = ("cho-cong-an", "thieu-giay-to", "chua-co-dien-thoai", "het-thoi-gian", "khac")
"""Why a task is unfinished: waiting for the police (e.g. level-2 VNeID), missing papers, no
smartphone yet, out of time, other. Short codes; the words are in the word tables."""
HOUSEHOLD_CODE = re.compile(r"^[\w./-]{1,16}$")
LONG_DIGIT_RUN = re.compile(r"\d{9,}")
CLOCK_SKEW = dt.timedelta(days=1)
MAX_NOTE = 300


@dataclass(frozen=True)
class OutcomeInput:
    lesson: str
    outcome: str
    status: str
    people: int = 1
    reason: str | None = None


@dataclass(frozen=True)
class VisitInput:
    client_id: str
    household: str
    people: int
    visited_on: dt.date
    items: Sequence[OutcomeInput]
    note: str | None = None


@dataclass(frozen=True)
class RecordedVisit:
    visit: Visit
    duplicate: bool


def refuse(field: str, message: str) -> TrackerError:
    return TrackerError("visit_invalid", f"{field}: {message}")


def check_household(code: str) -> str:
    """The household code, trimmed; refused when it could be a phone or an ID number."""
    code = code.strip()
    if LONG_DIGIT_RUN.search(code.replace(" ", "").replace(".", "").replace("-", "")):
        raise refuse("household", "looks like a phone or ID number; use the short household code your team chose (e.g. a house number)")
    if not HOUSEHOLD_CODE.match(code):
        raise refuse("household", "use a short code of up to 16 letters, digits, '.', '-' or '/' (e.g. 12 or A-07); never a name")
    return code


def check_visit(library: Library, data: VisitInput, today: dt.date) -> None:
    """Refuse a visit that cannot be true or that would store personal data."""
    check_household(data.household)
    if data.people < 0:
        raise refuse("people", "must be 0 or more")
    if data.visited_on > today + CLOCK_SKEW:
        raise refuse("date", f"{data.visited_on.isoformat()} is in the future; check the phone's date")
    if data.note is not None and LONG_DIGIT_RUN.search(re.sub(r"[\s.-]", "", data.note)):
        raise refuse("note", "looks like it holds a phone or ID number; never write personal data in the note")
    if not data.items:
        raise refuse("outcomes", "record at least one lesson outcome")
    lessons = library.lesson_by_id
    for i, item in enumerate(data.items):
        where = f"outcomes[{i}]"
        lesson = lessons.get(item.lesson)
        if lesson is None:
            raise refuse(f"{where}.lesson", f"there is no lesson {item.lesson!r}")
        known = [o.id for o in lesson.outcomes]
        if item.outcome not in known:
            listed = ", ".join(known) or "none"
            raise refuse(f"{where}.outcome", f"lesson {item.lesson!r} has no outcome {item.outcome!r} (its outcomes: {listed})")
        if item.status not in STATUSES:
            raise refuse(f"{where}.status", f"must be one of {', '.join(STATUSES)}")
        if item.people < 0:
            raise refuse(f"{where}.people", "must be 0 or more")
        if item.status == "follow_up" and item.reason not in FOLLOW_UP_REASONS:
            raise refuse(f"{where}.reason", f"a follow-up needs a reason: one of {', '.join(FOLLOW_UP_REASONS)}")
        if item.status != "follow_up" and item.reason is not None:
            raise refuse(f"{where}.reason", "only a follow-up has a reason")


def record_visit(db: Database, library: Library, member_id: int, data: VisitInput, today: dt.date | None = None) -> RecordedVisit:
    """Check and store a visit for the member's team; a retry with the same id returns the stored one."""
    check_visit(library, data, today or dt.date.today())
    existing = _existing(db, data.client_id)
    if existing is not None:
        return _same_or_conflict(existing, member_id, data)
    try:
        with db.writing() as session:
            team_id = session.scalar(select(Member.team_id).where(Member.id == member_id))
            visit = Visit(client_id=data.client_id, member_id=member_id, team_id=team_id, household=data.household.strip(),
                          people=data.people, visited_on=data.visited_on, note=(data.note or "").strip()[:MAX_NOTE] or None,
                          received_at=utcnow(),
                          items=[VisitOutcome(lesson_id=i.lesson, outcome_id=i.outcome, status=i.status, people=i.people, reason=i.reason)
                                 for i in data.items])
            session.add(visit)
    except IntegrityError:
        existing = _existing(db, data.client_id)
        if existing is None:
            raise
        return _same_or_conflict(existing, member_id, data)
    return RecordedVisit(visit, duplicate=False)


def _existing(db: Database, client_id: str) -> Visit | None:
    with db.reading() as session:
        return session.scalars(select(Visit).filter_by(client_id=client_id)).first()


def _same_or_conflict(existing: Visit, member_id: int, data: VisitInput) -> RecordedVisit:
    if existing.member_id != member_id or existing.household != data.household.strip() or existing.visited_on != data.visited_on:
        raise TrackerError("visit_id_reused", "this visit id was already used for another visit; make a new id per visit")
    return RecordedVisit(existing, duplicate=True)


# --- follow-ups ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FollowUp:
    team_id: int
    team_code: str
    household: str
    lesson: str
    outcome: str
    reason: str
    member_id: int | None
    last_visit: dt.date
    days: int


def open_follow_ups(session: Session, team_ids: Sequence[int], as_of: dt.date, member_id: int | None = None) -> list[FollowUp]:
    """Unfinished tasks: per household and lesson outcome, the latest record up to `as_of` is a
    follow-up. Sorted by days since the household's last visit, longest first.

    A later visit that records the same lesson outcome (done, shown, or a new follow-up) closes
    the earlier one."""
    rows = session.execute(
        select(Visit.team_id, Team.code, Visit.household, Visit.visited_on, Visit.id, Visit.member_id,
               VisitOutcome.lesson_id, VisitOutcome.outcome_id, VisitOutcome.status, VisitOutcome.reason)
        .join(VisitOutcome, VisitOutcome.visit_id == Visit.id).join(Team, Team.id == Visit.team_id)
        .where(Visit.team_id.in_(team_ids), Visit.visited_on <= as_of)
        .order_by(Visit.visited_on, Visit.id, VisitOutcome.id)
    ).all()
    latest: dict[tuple[int, str, str, str], tuple[str, int | None, str, str | None]] = {}
    last_visit: dict[tuple[int, str], dt.date] = {}
    for team_id, team_code, household, visited_on, _, by, lesson, outcome, status, reason in rows:
        latest[(team_id, household, lesson, outcome)] = (team_code, by, status, reason)
        last_visit[(team_id, household)] = visited_on
    out = []
    for (team_id, household, lesson, outcome), (team_code, by, status, reason) in latest.items():
        if status != "follow_up" or (member_id is not None and by != member_id):
            continue
        last = last_visit[(team_id, household)]
        out.append(FollowUp(team_id, team_code, household, lesson, outcome, reason or "", by, last, (as_of - last).days))
    return sorted(out, key=lambda f: (-f.days, f.team_code, f.household, f.lesson, f.outcome))


# --- a household's data (export and erasure) ----------------------------------------------

def household_visits(session: Session, team_id: int, household: str) -> list[Visit]:
    return list(session.scalars(select(Visit).where(Visit.team_id == team_id, Visit.household == household).order_by(Visit.visited_on, Visit.id)))


def visit_record(visit: Visit) -> dict[str, object]:
    """A visit as plain data (exports); the member appears only as present or erased."""
    return {"id": visit.client_id, "household": visit.household, "date": visit.visited_on.isoformat(), "people": visit.people,
            "note": visit.note, "outcomes": [{"lesson": i.lesson_id, "outcome": i.outcome_id, "status": i.status,
                                              "people": i.people, "reason": i.reason} for i in visit.items]}


def delete_household(db: Database, team_id: int, household: str) -> int:
    """Delete every visit to one household (the right to erasure); returns how many."""
    with db.writing() as session:
        visits = household_visits(session, team_id, household)
        for visit in visits:
            session.delete(visit)
    return len(visits)
