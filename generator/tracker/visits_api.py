"""`POST /api/visits` and `GET /api/visits/follow-ups`: a member logs a door-to-door visit.

Same token, error shape and rate limit as the attempts API (:mod:`generator.tracker.api`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from generator.tracker.api import ERRORS, UUID_PATTERN, Credentials, _limit, member_id_for
from generator.tracker.context import context_of
from generator.tracker.tables import Member, Visit
from generator.tracker.visits import FOLLOW_UP_REASONS, OutcomeInput, VisitInput, open_follow_ups, record_visit
from generator.urls import API_PREFIX

log = logging.getLogger("cnscd.tracker")
router = APIRouter(prefix=API_PREFIX, tags=["visits"])
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lesson: str = Field(pattern=SLUG, max_length=64, description="Lesson id.")
    outcome: str = Field(pattern=SLUG, max_length=64, description="Outcome id, declared by the lesson.")
    status: str = Field(description="`done`, `shown` (shown only) or `follow_up`.")
    people: int = Field(default=1, description="How many people of the household this is true for.")
    reason: str | None = Field(default=None, description=f"For a follow-up: one of {', '.join(FOLLOW_UP_REASONS)}.")


class VisitIn(BaseModel):
    """One visit to a household, as the phone page sends it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=UUID_PATTERN, description="Made by the device (a UUID); retries reuse it.")
    household: str = Field(max_length=40, description="The short household code the team chose; never a name, ID or phone.")
    people: int = Field(description="How many people were helped.")
    date: dt.date = Field(description="Day of the visit (the phone's date).")
    outcomes: Annotated[list[OutcomeIn], Field(max_length=20)]
    note: str | None = Field(default=None, max_length=300, description="Optional; never personal data.")


class VisitOut(BaseModel):
    id: str
    household: str
    date: dt.date
    outcomes: int
    duplicate: bool = Field(description="True when this visit id was already stored (a retry).")


class FollowUpOut(BaseModel):
    household: str
    lesson: str
    outcome: str
    reason: str
    last_visit: dt.date
    days: int


VISIT_ERRORS: dict[int | str, dict[str, Any]] = {
    **{k: v for k, v in ERRORS.items() if k in (400, 401, 413, 429)},
    409: {"description": "The visit id was already used for another visit."},
    422: {"description": "A field is invalid (`visit_invalid` names it); nothing was stored."},
}


def visit_out(visit: Visit, duplicate: bool) -> VisitOut:
    return VisitOut(id=visit.client_id, household=visit.household, date=visit.visited_on, outcomes=len(visit.items), duplicate=duplicate)


@router.post("/visits", status_code=201, response_model=VisitOut,
             responses={200: {"model": VisitOut, "description": "A retry: the visit was already stored."}, **VISIT_ERRORS})
def submit_visit(body: VisitIn, request: Request, response: Response, credentials: Credentials) -> VisitOut:
    """Store a visit for the member's village team; answered only after a durable commit.

    Sending the same `id` again returns the stored visit (status 200) instead of a copy.
    """
    context = context_of(request)
    member_id = member_id_for(request, credentials)
    _limit(context.submit_limiter.hit(request.state.token_key))
    data = VisitInput(body.id.lower(), body.household, body.people, body.date,
                      [OutcomeInput(o.lesson, o.outcome, o.status, o.people, o.reason) for o in body.outcomes], body.note)
    recorded = record_visit(context.db, context.keys.library, member_id, data)
    if recorded.duplicate:
        response.status_code = 200
    log.info("visit %s outcomes=%d", "retry" if recorded.duplicate else "stored", len(recorded.visit.items))
    return visit_out(recorded.visit, recorded.duplicate)


@router.get("/visits/follow-ups", response_model=list[FollowUpOut], responses=VISIT_ERRORS)
def my_follow_ups(request: Request, credentials: Credentials) -> list[FollowUpOut]:
    """The member's team's open follow-ups, longest waiting first."""
    context = context_of(request)
    member_id = member_id_for(request, credentials)
    with context.db.reading() as session:
        team_id = session.get_one(Member, member_id).team_id
        found = open_follow_ups(session, [team_id], dt.date.today())
    return [FollowUpOut(household=f.household, lesson=f.lesson, outcome=f.outcome, reason=f.reason, last_visit=f.last_visit, days=f.days)
            for f in found]
