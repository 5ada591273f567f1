"""Exports: one member's data, completion CSV, and xAPI statements for a learning record store.

Exports identify a member by the opaque `public_id` except the member's own data export and
the trainer's completion CSV, which are meant for the people who know the name already.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from generator.library.library import Library
from generator.tracker.grid import member_statuses
from generator.tracker.localtime import local_text
from generator.tracker.members import member_ids_in_scope, members_in_scope
from generator.tracker.tables import (
    Attempt,
    Commune,
    Member,
    MemberToken,
    Province,
    Team,
)
from generator.tracker.words import translator
from generator.urls import Urls

XAPI_NAMESPACE = uuid.UUID("6f1d5a0e-3c52-4b0b-9a55-63e3c6b1c0de")
XAPI_VERBS = {
    True: {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed", "vi": "đạt"}},
    False: {"id": "http://adlnet.gov/expapi/verbs/failed", "display": {"en-US": "failed", "vi": "chưa đạt"}},
}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
QUIZ_HASH_EXTENSION = "urn:cnscd:quiz-content-hash"


def member_export(session: Session, member_id: int) -> dict[str, Any]:
    """Everything stored about one member, as JSON-ready data (tokens only as dates)."""
    member = session.get(Member, member_id)
    if member is None:
        raise KeyError(member_id)
    team = member.team
    commune = team.commune
    tokens = session.scalars(select(MemberToken).where(MemberToken.member_id == member_id).order_by(MemberToken.id))
    attempts = session.scalars(select(Attempt).where(Attempt.member_id == member_id).order_by(Attempt.received_at, Attempt.id))
    return {
        "member": {"id": member.public_id, "name": member.name, "phone": member.phone, "created_at": member.created_at.isoformat()},
        "team": {"code": team.code, "name": team.name},
        "commune": {"code": commune.code, "name": commune.name},
        "province": {"code": commune.province.code, "name": commune.province.name},
        "enrollment_links": [
            {"created_at": t.created_at.isoformat(), "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None} for t in tokens
        ],
        "attempts": [
            {"id": a.client_id, "lesson": a.lesson_id, "quiz_hash": a.quiz_hash, "answers": json.loads(a.answers), "lang": a.lang,
             "correct": a.correct, "total": a.total, "percent": a.percent, "passed": a.passed,
             "finished_at": a.finished_at.isoformat() if a.finished_at else None, "received_at": a.received_at.isoformat()}
            for a in attempts
        ],
    }


def _scope_query(commune_codes: Sequence[str]) -> Any:
    return (select(Attempt, Member, Team).join(Member, Attempt.member_id == Member.id).join(Team, Member.team_id == Team.id)
            .where(Attempt.member_id.in_(member_ids_in_scope(commune_codes))))


def xapi_statements(session: Session, library: Library, urls: Urls, commune_codes: Sequence[str]) -> Iterator[dict[str, Any]]:
    """One xAPI 1.0.3 statement per attempt in these communes, oldest first.

    A learning record store refuses (409) a statement id it holds with other content, so every
    field comes from what never changes for an attempt: the member's public id, the attempt as
    stored, the lesson id (`urn:cnscd:lesson:...`, not its title or page address). The site URL
    names the deployment (the actor's `homePage`) and is part of the id: another site URL gives
    other statements, never a conflicting copy. Titles and teams live in the LRS's activity
    metadata or the CSV exports, not in statements.
    """
    del library  # titles change; statements must not
    query = _scope_query(commune_codes).order_by(Attempt.received_at, Attempt.id)
    for attempt, member, _team in session.execute(query):
        yield {
            "id": str(uuid.uuid5(XAPI_NAMESPACE, f"{urls.site_url}|{member.public_id}/{attempt.client_id}")),
            "actor": {"objectType": "Agent", "account": {"homePage": urls.site_url, "name": member.public_id}},
            "verb": XAPI_VERBS[attempt.passed],
            "object": {
                "objectType": "Activity",
                "id": f"urn:cnscd:lesson:{attempt.lesson_id}",
                "definition": {"type": ASSESSMENT},
            },
            "result": {
                "score": {"scaled": round(attempt.correct / attempt.total, 4) if attempt.total else 0,
                          "raw": attempt.correct, "min": 0, "max": attempt.total},
                "success": attempt.passed,
                "completion": True,
            },
            "context": {
                "platform": "cnscd",
                "language": attempt.lang,
                "extensions": {QUIZ_HASH_EXTENSION: attempt.quiz_hash},
            },
            "timestamp": (attempt.finished_at or attempt.received_at).isoformat(),
        }


def xapi_jsonl(statements: Iterator[dict[str, Any]]) -> Iterator[str]:
    for statement in statements:
        yield json.dumps(statement, ensure_ascii=False, sort_keys=True) + "\n"


def spreadsheet_safe(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (`=`, `+`, `-`, `@` at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def readable_csv(session: Session, library: Library, commune_codes: Sequence[str], team_id: int | None = None,
                 lang: str = "vi") -> str:
    """For people: one row per member and lesson, headers and values in `lang` (Vietnamese by
    default), with the result, best score, number of attempts and the last attempt's date in
    Vietnam time; filter it by lesson to see who is not ready. The machine-readable export is
    :func:`completion_csv`."""
    t = translator(lang)
    lessons = [lesson for lesson in library.learning_path() if lesson.id in library.quiz_by_lesson]
    statuses = member_statuses(session, commune_codes, team_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t("commune"), t("team"), t("member"), t("lesson"), t("result"), t("best"), t("attempts"), t("last")])
    for member, team, commune in session.execute(members_in_scope(commune_codes, team_id=team_id)):
        for number, lesson in enumerate(lessons, start=1):
            status = statuses.get((member.id, lesson.id))
            result = t("m_none") if status is None else (t("m_done") if status.passed else t("m_tried"))
            writer.writerow([spreadsheet_safe(v) for v in (commune.name, team.name, member.name, f"{number}. {lesson.title.get(lang)}")]
                            + [result, f"{status.best_percent}%" if status else "", str(status.attempts) if status else "0",
                               local_text(status.last_at) if status else ""])
    return out.getvalue()


def completion_csv(session: Session, library: Library, commune_codes: Sequence[str], team_id: int | None = None) -> str:
    """Machine-readable: one row per member, one column per lesson id: `passed`, `failed`
    (tried, not passed) or empty; English column names that stay the same across versions."""
    lessons = [lesson.id for lesson in library.learning_path() if lesson.id in library.quiz_by_lesson]
    members_query = (members_in_scope(commune_codes, team_id=team_id).add_columns(Province)
                     .join(Province, Commune.province_code == Province.code))
    members = session.execute(members_query).all()
    status: dict[tuple[int, str], str] = {}
    ids = [m.id for m, *_ in members]
    for member_id, lesson_id, passed in session.execute(
        select(Attempt.member_id, Attempt.lesson_id, Attempt.passed).where(Attempt.member_id.in_(ids))
    ):
        key = (member_id, lesson_id)
        status[key] = "passed" if passed or status.get(key) == "passed" else "failed"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["province_code", "province_name", "commune_code", "commune_name", "team_code", "team_name", "member_name",
                     *lessons, "lessons_passed"])
    for member, team, commune, province in members:
        cells = [status.get((member.id, lesson), "") for lesson in lessons]
        writer.writerow([spreadsheet_safe(v) for v in (province.code, province.name, commune.code, commune.name, team.code, team.name, member.name)]
                        + cells + [str(cells.count("passed"))])
    return out.getvalue()
