"""The JSON API under `/api/`: submit an attempt, read my progress, export my data.

A member authenticates with `Authorization: Bearer <token>` (the token from their
enrollment link). Errors use the one shape of :mod:`generator.tracker.errors`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from generator.tracker.attempts import AttemptInput, member_progress, record_attempt
from generator.tracker.context import client_address, context_of
from generator.tracker.credentials import hash_token
from generator.tracker.errors import TrackerError
from generator.tracker.exports import member_export
from generator.tracker.members import member_id_for_token, token_state
from generator.tracker.tables import Attempt, Member
from generator.urls import API_PREFIX

log = logging.getLogger("cnscd.tracker")
router = APIRouter(prefix=API_PREFIX, tags=["members"])

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class AttemptIn(BaseModel):
    """An attempt at a lesson's quiz, as the quiz widget sends it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=UUID_PATTERN, description="Made by the device (a UUID); retries reuse it.")
    lesson: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64, description="Lesson id.")
    quiz_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="`hash` of the quiz JSON the member answered.")
    answers: dict[Annotated[str, Field(max_length=64)], Annotated[list[StrictInt], Field(max_length=10)]] = Field(
        max_length=30, description="Question id -> indexes of the chosen options.")
    lang: str = Field(default="vi", pattern=r"^[a-z]{2,3}$", description="Language the quiz was taken in.")
    finished_at: dt.datetime | None = Field(default=None, description="When the member finished, by the device clock.")

    @field_validator("finished_at")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """A device time in UTC, within 2000-2100: any offset or year outside is refused, not stored."""
        if value is None:
            return None
        try:
            value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise ValueError("date out of range; send the time in UTC like 2026-05-01T08:30:00Z") from None
        if not 2000 <= value.year <= 2100:
            raise ValueError("must be between the years 2000 and 2100")
        return value


class AttemptOut(BaseModel):
    id: str
    lesson: str
    quiz_hash: str
    correct: int
    total: int
    percent: int
    passed: bool
    received_at: dt.datetime
    duplicate: bool = Field(description="True when this attempt id was already stored (a retry).")


class MemberOut(BaseModel):
    name: str
    team: str
    commune: str
    province: str


class ProgressOut(BaseModel):
    lesson: str
    attempts: int
    best_percent: int
    passed: bool
    last_at: dt.datetime


class MeOut(BaseModel):
    member: MemberOut
    progress: list[ProgressOut]


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"example": {"error": {"status": status, "code": code, "message": "..."}}}}}
    for status, code, text in [
        (400, "malformed_json", "The body is not JSON."),
        (401, "token_invalid", "Missing, unknown or revoked member token."),
        (404, "quiz_unknown", "No quiz for this lesson."),
        (409, "quiz_changed", "The quiz changed since it was loaded, or the attempt id was reused."),
        (413, "body_too_large", "The body is too large."),
        (422, "answers_invalid", "The answers do not fit the quiz, or a field is invalid."),
        (429, "rate_limited", "Too many requests; retry after `Retry-After` seconds."),
        (415, "unsupported_media_type", "The body is not sent as `Content-Type: application/json`."),
        (431, "headers_too_large", "The request headers are too large."),
        (500, "internal_error", "The tracker failed; nothing was stored."),
        (503, "unavailable", "The database is unavailable; retry after `Retry-After` seconds. Nothing was stored."),
    ]
}


bearer_scheme = HTTPBearer(auto_error=False, description="The member token from the enrollment link (`#t=...`).")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def member_id_for(request: Request, credentials: HTTPAuthorizationCredentials | None) -> int:
    """The id of the member behind the bearer token, or a 401 that says why.

    Called inside the (threaded) handler rather than as a dependency: one hop to the thread
    pool per request instead of two.
    """
    context = context_of(request)
    if credentials is None or not credentials.credentials.strip():
        raise TrackerError("token_missing", "send the member token as `Authorization: Bearer <token>`",
                           {"WWW-Authenticate": "Bearer"})
    token = credentials.credentials.strip()
    with context.db.reading() as session:
        member_id = member_id_for_token(session, token)
        if member_id is None:
            _limit(context.bad_token_limiter.hit(client_address(request)))
            if token_state(session, token) == "revoked":
                raise TrackerError("token_revoked", "this enrollment link was replaced or withdrawn; ask your trainer for your new card",
                                   {"WWW-Authenticate": "Bearer"})
            raise TrackerError("token_invalid", "this enrollment link is not known; check it or ask your trainer",
                               {"WWW-Authenticate": "Bearer"})
    request.state.token_key = hash_token(token)
    return member_id


def _limit(wait: float) -> None:
    if wait:
        raise TrackerError("rate_limited", f"too many requests; try again in {int(wait) + 1} s",
                           {"Retry-After": str(int(wait) + 1)})


def attempt_out(attempt: Attempt, duplicate: bool) -> AttemptOut:
    return AttemptOut(id=attempt.client_id, lesson=attempt.lesson_id, quiz_hash=attempt.quiz_hash, correct=attempt.correct,
                      total=attempt.total, percent=attempt.percent, passed=attempt.passed, received_at=attempt.received_at,
                      duplicate=duplicate)


@router.post("/attempts", status_code=201, response_model=AttemptOut, responses={200: {"model": AttemptOut, "description": "A retry: the attempt was already stored."}, **ERRORS})
def submit_attempt(body: AttemptIn, request: Request, response: Response, credentials: Credentials) -> AttemptOut:
    """Grade an attempt from the answer key and store it; answered only after a durable commit.

    Sending the same `id` again returns the stored attempt (status 200) instead of a copy.
    """
    context = context_of(request)
    member_id = member_id_for(request, credentials)
    _limit(context.submit_limiter.hit(request.state.token_key))
    finished = body.finished_at
    if finished is not None and finished.tzinfo is None:
        finished = finished.replace(tzinfo=dt.UTC)
    data = AttemptInput(body.id.lower(), body.lesson, body.quiz_hash, body.answers, body.lang, finished)
    recorded = record_attempt(context.db, context.keys, member_id, data)
    if recorded.duplicate:
        response.status_code = 200
    log.info("attempt %s lesson=%s percent=%d passed=%s", "retry" if recorded.duplicate else "stored",
             recorded.attempt.lesson_id, recorded.attempt.percent, recorded.attempt.passed)
    return attempt_out(recorded.attempt, recorded.duplicate)


@router.get("/me", response_model=MeOut, responses=ERRORS)
def me(request: Request, credentials: Credentials) -> MeOut:
    """Who this token belongs to, and their progress per lesson."""
    context = context_of(request)
    member_id = member_id_for(request, credentials)
    with context.db.reading() as session:
        progress = member_progress(session, member_id)
        member = session.get_one(Member, member_id)
        team = member.team
        commune = team.commune
        province = commune.province
    return MeOut(
        member=MemberOut(name=member.name, team=team.name, commune=commune.name, province=province.name),
        progress=[ProgressOut(lesson=p.lesson, attempts=p.attempts, best_percent=p.best_percent, passed=p.passed, last_at=p.last_at)
                  for p in progress],
    )


@router.get("/me/export", responses=ERRORS)
def export_me(request: Request, credentials: Credentials) -> dict[str, Any]:
    """Everything the tracker stores about this member (personal data export)."""
    context = context_of(request)
    member_id = member_id_for(request, credentials)
    with context.db.reading() as session:
        return member_export(session, member_id)


@router.get("/health", tags=["service"])
def health(request: Request) -> dict[str, Any]:
    """Liveness: answers when the process serves requests and knows its quizzes."""
    return {"status": "ok", "quizzes": len(context_of(request).keys.quizzes)}
