"""The tracker's data operations: roster import, member tokens, attempts and progress.

Functions take a SQLAlchemy session (or the :class:`Database` when they own the
transaction) and plain values; they never see HTTP. Refusals raise :class:`TrackerError`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from generator.library import Library, content_hash
from generator.quizzes import AnswerError, grade
from generator.tracker.credentials import hash_token, looks_like_token, new_token
from generator.tracker.db import Database
from generator.tracker.errors import TrackerError
from generator.tracker.roster import RosterRow
from generator.tracker.tables import Attempt, Commune, Member, MemberToken, Province, Team, utcnow


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


def issue_token(session: Session, member: Member) -> str:
    """A new enrollment token for `member` (returned once); earlier tokens stop working."""
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


def members_in(session: Session, commune_codes: Sequence[str], team_code: str | None = None) -> list[Member]:
    """Members of the given communes (optionally one team code), ordered for printing."""
    query = (select(Member).join(Team).join(Commune).where(Team.commune_code.in_(commune_codes))
             .order_by(Commune.code, Team.code, Member.name))
    if team_code:
        query = query.where(Team.code == team_code)
    return list(session.scalars(query))


# --- attempts -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AttemptInput:
    """An attempt as the widget sends it; validated by the API before it gets here."""

    client_id: str
    lesson: str
    quiz_hash: str
    answers: Mapping[str, Sequence[int]]
    lang: str
    finished_at: dt.datetime | None


class AnswerKeys:
    """The quizzes the tracker grades with, and each quiz's content hash (computed once)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.quizzes = dict(library.quiz_by_lesson)
        self.hashes = {lesson: content_hash(quiz) for lesson, quiz in self.quizzes.items()}


@dataclass(frozen=True)
class RecordedAttempt:
    attempt: Attempt
    duplicate: bool


def canonical_answers(answers: Mapping[str, Sequence[int]]) -> str:
    return json.dumps({k: sorted(v) for k, v in sorted(answers.items())}, separators=(",", ":"))


def record_attempt(db: Database, keys: AnswerKeys, member_id: int, data: AttemptInput) -> RecordedAttempt:
    """Grade and store an attempt; a retry with the same client id returns the stored one.

    The quiz hash must match the quiz the server grades with: answers are option indexes, and
    they mean something else once the quiz changed. The commit is durable before this returns.
    """
    answers_json = canonical_answers(data.answers)
    quiz = keys.quizzes.get(data.lesson)
    quiz_hash = keys.hashes.get(data.lesson, "")
    if quiz is None or data.quiz_hash != quiz_hash:
        # A retry of an attempt stored before the quiz changed still gets its answer.
        existing = _existing_attempt(db, member_id, data.client_id)
        if existing is not None:
            return _same_or_conflict(existing, data, answers_json)
        if quiz is None:
            raise TrackerError(404, "quiz_unknown", f"there is no quiz for lesson {data.lesson!r}")
        raise TrackerError(409, "quiz_changed", "this quiz has changed since it was loaded; reload the page and take it again")
    try:
        result = grade(quiz, data.answers)
    except AnswerError as exc:
        raise TrackerError(422, "answers_invalid", str(exc)) from None
    attempt = Attempt(
        client_id=data.client_id, member_id=member_id, lesson_id=data.lesson, quiz_hash=quiz_hash,
        answers=answers_json, lang=data.lang, correct=result.correct, total=result.total,
        percent=result.percent, passed=result.passed, finished_at=data.finished_at, received_at=utcnow(),
    )
    row = {column.key: getattr(attempt, column.key) for column in Attempt.__table__.columns if column.key != "id"}
    try:
        # A Core insert: the same row as the ORM would write, at a fraction of the cost per request.
        with db.write_connection() as connection:
            connection.execute(insert(Attempt), row)
    except IntegrityError:
        # Two copies of one attempt raced; the first one won, and this one is its retry.
        existing = _existing_attempt(db, member_id, data.client_id)
        if existing is None:
            raise
        return _same_or_conflict(existing, data, answers_json)
    return RecordedAttempt(attempt, duplicate=False)


def _existing_attempt(db: Database, member_id: int, client_id: str) -> Attempt | None:
    with db.reading() as session:
        return session.scalars(select(Attempt).filter_by(member_id=member_id, client_id=client_id)).first()


def _same_or_conflict(existing: Attempt, data: AttemptInput, answers_json: str) -> RecordedAttempt:
    if existing.lesson_id != data.lesson or existing.answers != answers_json:
        raise TrackerError(409, "attempt_id_reused", "this attempt id was already used for different answers; make a new id per attempt")
    return RecordedAttempt(existing, duplicate=True)


@dataclass(frozen=True)
class LessonProgress:
    lesson: str
    attempts: int
    best_percent: int
    passed: bool
    last_at: dt.datetime


def member_progress(session: Session, member_id: int) -> list[LessonProgress]:
    """Per lesson: number of attempts, best score, passed at least once, last attempt time."""
    rows = session.execute(
        select(Attempt.lesson_id, func.count(), func.max(Attempt.percent), func.max(Attempt.received_at))
        .where(Attempt.member_id == member_id).group_by(Attempt.lesson_id).order_by(Attempt.lesson_id)
    ).all()
    passed = set(session.scalars(select(Attempt.lesson_id).where(Attempt.member_id == member_id, Attempt.passed.is_(True)).distinct()))
    return [LessonProgress(lesson, count, best, lesson in passed, _aware(last)) for lesson, count, best, last in rows]


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type, so SQLite hands back naive (or text) UTC times.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def member_attempts(session: Session, member_id: int) -> list[Attempt]:
    return list(session.scalars(select(Attempt).where(Attempt.member_id == member_id).order_by(Attempt.received_at.desc(), Attempt.id.desc())))


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
