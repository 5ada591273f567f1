"""`POST /api/visits` over real HTTP, against SQLite and PostgreSQL: stored once, refused with the field named."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from tests.tracker.conftest import Running
from tests.tracker.kit import bearer, count_rows


def visit_body(household: str = "12", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": str(uuid.uuid4()), "household": household, "people": 2, "date": dt.date.today().isoformat(),
                            "outcomes": [{"lesson": "khoa-man-hinh", "outcome": "da-dat-khoa", "status": "done"}]}
    body.update(extra)
    return body


def post(running: Running, body: object, token: str | None = None) -> httpx.Response:
    token = token or running.seeded.tokens["Nguyễn Văn An"]
    return httpx.post(running.url + "api/visits", json=body, headers=bearer(token), timeout=10)


def test_a_visit_is_stored_once_however_often_it_is_sent(running: Running) -> None:
    body = visit_body("A-07")
    first, again = post(running, body), post(running, body)
    assert (first.status_code, again.status_code) == (201, 200), first.text
    assert first.json() == {"id": body["id"], "household": "A-07", "date": body["date"], "outcomes": 1, "duplicate": False}
    assert again.json()["duplicate"] is True
    assert count_rows(running.db_url, "visits", client_id=body["id"]) == 1


def test_the_same_id_for_another_visit_is_a_conflict(running: Running) -> None:
    body = visit_body("15")
    assert post(running, body).status_code == 201
    reused = post(running, {**body, "household": "16"})
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "visit_id_reused"


FUTURE = (dt.date.today() + dt.timedelta(days=3)).isoformat()
BAD = [
    ({"outcomes": [{"lesson": "khong-co", "outcome": "x", "status": "done"}]}, "outcomes[0].lesson: there is no lesson 'khong-co'"),
    ({"outcomes": [{"lesson": "khoa-man-hinh", "outcome": "bay-gio", "status": "done"}]},
     "outcomes[0].outcome: lesson 'khoa-man-hinh' has no outcome 'bay-gio' (its outcomes: da-dat-khoa)"),
    ({"people": -1}, "people: must be 0 or more"),
    ({"household": "0912345678"}, "household: looks like a phone or ID number"),
    ({"household": "001 203 004 567"}, "household: looks like a phone or ID number"),
    ({"household": "Nguyễn Văn A"}, "household: use a short code"),
    ({"date": FUTURE}, f"date: {FUTURE} is in the future"),
    ({"outcomes": [{"lesson": "khoa-man-hinh", "outcome": "da-dat-khoa", "status": "follow_up"}]}, "outcomes[0].reason: a follow-up needs a reason"),
    ({"note": "gọi 0987654321"}, "note: looks like it holds a phone or ID number"),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD)])
def test_a_bad_visit_is_refused_naming_the_field_and_nothing_is_stored(running: Running, change: dict[str, Any], message: str) -> None:
    body = visit_body(**change)
    answer = post(running, body)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert (error["status"], error["code"]) == (422, "visit_invalid")
    assert error["message"].startswith(message)
    assert count_rows(running.db_url, "visits", client_id=body["id"]) == 0


def test_a_visit_needs_a_member_token(running: Running) -> None:
    answer = httpx.post(running.url + "api/visits", json=visit_body(), timeout=10)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "token_missing"


def test_a_later_visit_closes_a_follow_up(running: Running) -> None:
    token = running.seeded.tokens["Phạm Văn Chiến"]
    old = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    follow = {"lesson": "nhan-dien-lua-dao", "outcome": "da-chan-so-la", "status": "follow_up", "reason": "chua-co-dien-thoai"}
    assert post(running, visit_body("9", date=old, outcomes=[follow]), token).status_code == 201
    assert post(running, visit_body("10", date=old, outcomes=[{**follow, "reason": "cho-cong-an"}]), token).status_code == 201
    listed = httpx.get(running.url + "api/visits/follow-ups", headers=bearer(token), timeout=10).json()
    assert [(f["household"], f["reason"], f["days"]) for f in listed] == [("10", "cho-cong-an", 5), ("9", "chua-co-dien-thoai", 5)]
    done = {**follow, "status": "done", "reason": None}
    assert post(running, visit_body("9", outcomes=[done]), token).status_code == 201
    listed = httpx.get(running.url + "api/visits/follow-ups", headers=bearer(token), timeout=10).json()
    assert [f["household"] for f in listed] == ["10"]


def test_the_visit_api_is_in_openapi(running: Running) -> None:
    spec = httpx.get(running.url + "openapi.json", timeout=10).json()
    assert set(spec["paths"]["/api/visits"]["post"]["responses"]) >= {"200", "201", "401", "409", "422"}
