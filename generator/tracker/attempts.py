"""Quiz attempts: grading and storing them (idempotent by client id), and a member's progress.

Functions take a SQLAlchemy session (or the :class:`Database` when they own the
transaction) and plain values; they never see HTTP. Refusals raise :class:`TrackerError`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from generator.library.grading import AnswerError, grade
from generator.library.library import Library, content_hash
from generator.tracker.db import Database
from generator.tracker.errors import TrackerError
from generator.tracker.tables import Attempt, utcnow


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
            raise TrackerError("quiz_unknown", f"there is no quiz for lesson {data.lesson!r}")
        raise TrackerError("quiz_changed", "this quiz has changed since it was loaded; reload the page and take it again")
    try:
        result = grade(quiz, data.answers)
    except AnswerError as exc:
        raise TrackerError("answers_invalid", str(exc)) from None
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
        raise TrackerError("attempt_id_reused", "this attempt id was already used for different answers; make a new id per attempt")
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
