"""The member API over real HTTP, against SQLite and PostgreSQL."""

from __future__ import annotations

import concurrent.futures
import json
import uuid

import httpx
import pytest

from tests.tracker.conftest import Running
from tests.tracker.kit import (
    RIGHT,
    WRONG,
    attempt_body,
    bearer,
    count_attempts,
    quiz_hash,
)


def post(running: Running, body: object, token: str | None, **kwargs: object) -> httpx.Response:
    headers = {"Content-Type": "application/json", **(bearer(token) if token else {})}
    headers.update(kwargs.pop("headers", {}))  # type: ignore[arg-type]
    content = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return httpx.post(running.url + "api/attempts", content=content, headers=headers, timeout=10, **kwargs)  # type: ignore[arg-type]


def test_the_server_grades_from_the_answer_key(running: Running) -> None:
    token = running.seeded.tokens["Nguyễn Văn An"]
    right = post(running, attempt_body(answers=RIGHT), token)
    wrong = post(running, attempt_body(answers=WRONG), token)
    assert right.status_code == 201, right.text
    assert {k: right.json()[k] for k in ("correct", "total", "percent", "passed", "duplicate")} == \
        {"correct": 3, "total": 3, "percent": 100, "passed": True, "duplicate": False}
    assert {k: wrong.json()[k] for k in ("correct", "total", "percent", "passed")} == {"correct": 0, "total": 3, "percent": 0, "passed": False}
    # The stored attempt carries the quiz's content hash.
    assert right.json()["quiz_hash"] == quiz_hash("khoa-man-hinh")


def test_a_retry_returns_the_stored_attempt_and_stores_nothing_new(running: Running) -> None:
    token = running.seeded.tokens["Trần Thị Bình"]
    body = attempt_body()
    first, second = post(running, body, token), post(running, body, token)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == {**first.json(), "duplicate": True}
    assert count_attempts(running.db_url, client_id=body["id"]) == 1


def test_concurrent_copies_of_one_attempt_are_stored_once(running: Running) -> None:
    token = running.seeded.tokens["Trần Thị Bình"]
    body = attempt_body(lesson="nhan-dien-lua-dao")
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        statuses = sorted(r.status_code for r in pool.map(lambda _: post(running, body, token), range(16)))
    assert statuses == [200] * 15 + [201]
    assert count_attempts(running.db_url, client_id=body["id"]) == 1


def test_reusing_an_attempt_id_for_other_answers_is_refused(running: Running) -> None:
    token = running.seeded.tokens["Trần Thị Bình"]
    body = attempt_body()
    assert post(running, body, token).status_code == 201
    other = post(running, {**body, "answers": WRONG}, token)
    assert other.status_code == 409
    assert other.json() == {"error": {"status": 409, "code": "attempt_id_reused",
                                      "message": "this attempt id was already used for different answers; make a new id per attempt"}}


def test_my_progress(running: Running) -> None:
    token = running.seeded.tokens["Phạm Văn Chiến"]
    post(running, attempt_body(answers=WRONG), token)
    post(running, attempt_body(answers=RIGHT), token)
    me = httpx.get(running.url + "api/me", headers=bearer(token), timeout=10)
    assert me.status_code == 200
    body = me.json()
    assert body["member"] == {"name": "Phạm Văn Chiến", "team": "Tổ CNSCĐ tổ dân phố 2", "commune": "Phường Ba Đình", "province": "Hà Nội"}
    assert [(p["lesson"], p["attempts"], p["best_percent"], p["passed"]) for p in body["progress"]] == [("khoa-man-hinh", 2, 100, True)]


def test_my_data_export_holds_what_is_stored_and_no_token(running: Running) -> None:
    token = running.seeded.tokens["Lê Thị Dung"]
    post(running, attempt_body(), token)
    data = httpx.get(running.url + "api/me/export", headers=bearer(token), timeout=10).json()
    assert data["member"]["name"] == "Lê Thị Dung" and data["member"]["phone"] == "0901234567"
    assert data["commune"] == {"code": "00008", "name": "Phường Ngọc Hà"}
    assert len(data["attempts"]) == 1 and data["attempts"][0]["answers"] == RIGHT
    assert token not in json.dumps(data)


def error(status: int, code: str, message: str) -> dict[str, object]:
    return {"error": {"status": status, "code": code, "message": message}}


BAD_REQUESTS = {
    "malformed JSON": ('{"id": "x", ', {}, 400, "malformed_json", "the body is not valid JSON: Expecting property name enclosed in double quotes"),
    "not JSON": ("answers=1", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type",
                 "send the body as JSON with `Content-Type: application/json`"),
    "not an object": ("[]", {}, 422, "request_invalid", "body: Input should be a valid dictionary or object to extract fields from"),
    "unknown quiz": ({"lesson": "khong-co-bai-nay"}, {}, 404, "quiz_unknown", "there is no quiz for lesson 'khong-co-bai-nay'"),
    "unknown question": ({"answers": {**RIGHT, "cau-la": [0]}}, {}, 422, "answers_invalid", "unknown question(s): cau-la"),
    "question left out": ({"answers": {"ma-tot": [2]}}, {}, 422, "answers_invalid", "unanswered question(s): cho-muon-ma, viec-nen-lam"),
    "option out of range": ({"answers": {**RIGHT, "ma-tot": [3]}}, {}, 422, "answers_invalid", "ma-tot: option out of range 0..2"),
    "two options for one": ({"answers": {**RIGHT, "ma-tot": [1, 2]}}, {}, 422, "answers_invalid", "ma-tot: choose exactly one option"),
    "no option": ({"answers": {**RIGHT, "cho-muon-ma": []}}, {}, 422, "answers_invalid", "cho-muon-ma: choose at least one option, each once"),
    "true is not an index": ({"answers": {**RIGHT, "ma-tot": [True]}}, {}, 422, "request_invalid", "answers.ma-tot.0: Input should be a valid integer"),
    "quiz changed": ({"quiz_hash": "0" * 64}, {}, 409, "quiz_changed", "this quiz has changed since it was loaded; reload the page and take it again"),
    "bad attempt id": ({"id": "1"}, {}, 422, "request_invalid", "id: String should match pattern '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'"),
    "a client score": ({"percent": 100}, {}, 422, "request_invalid", "percent: Extra inputs are not permitted"),
    "not UTF-8": (b'{"id": "\xff\xfe"}', {}, 400, "malformed_json", "the body is not valid JSON in UTF-8"),
    "an extreme offset": ({"finished_at": "9999-12-31T23:59:59-23:59"}, {}, 422, "request_invalid",
                          "finished_at: Value error, date out of range; send the time in UTC like 2026-05-01T08:30:00Z"),
    "year 0001": ({"finished_at": "0001-01-01T00:00:00+00:00"}, {}, 422, "request_invalid",
                  "finished_at: Value error, must be between the years 2000 and 2100"),
}


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=list(BAD_REQUESTS))
def test_bad_attempts_get_one_error_shape_and_store_nothing(running: Running, case: str) -> None:
    change, headers, status, code, message = BAD_REQUESTS[case]
    token = running.seeded.tokens["Nguyễn Văn An"]
    before = count_attempts(running.db_url)
    body = change if isinstance(change, str | bytes) else attempt_body(**change)
    response = post(running, body, token, headers=headers)
    assert (response.status_code, response.json()) == (status, error(status, code, message))
    assert response.headers["content-type"] == "application/json"
    assert count_attempts(running.db_url) == before


@pytest.mark.parametrize("token, code, message", [
    (None, "token_missing", "send the member token as `Authorization: Bearer <token>`"),
    ("AAAAAAAAAAAAAAAAAAAAAA", "token_invalid", "this enrollment link is not known; check it or ask your trainer"),
    ("not a token at all", "token_invalid", "this enrollment link is not known; check it or ask your trainer"),
])
def test_a_missing_or_unknown_token_is_refused(running: Running, token: str | None, code: str, message: str) -> None:
    before = count_attempts(running.db_url)
    response = post(running, attempt_body(), token)
    assert (response.status_code, response.json()) == (401, error(401, code, message))
    assert response.headers["www-authenticate"] == "Bearer"
    assert count_attempts(running.db_url) == before


def test_a_revoked_token_is_refused_and_says_so(running: Running) -> None:
    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.members import revoke_tokens
    from tests.kit import PROJECT_ROOT
    from tests.tracker.kit import seed

    fresh = seed(running.db_url, "province_code,province_name,commune_code,commune_name,team_code,team_name,member_name\n"
                                 "01,Hà Nội,00004,Phường Ba Đình,to-9,Tổ 9,Người Bị Thu Hồi\n")
    token = fresh.tokens["Người Bị Thu Hồi"]
    assert post(running, attempt_body(), token).status_code == 201
    db = Database(normalize_db_url(running.db_url, PROJECT_ROOT))
    with db.writing() as session:
        revoke_tokens(session, fresh.member_ids["Người Bị Thu Hồi"])
    db.dispose()
    before = count_attempts(running.db_url)
    response = post(running, attempt_body(), token)
    assert (response.status_code, response.json()) == (401, error(
        401, "token_revoked", "this enrollment link was replaced or withdrawn; ask your trainer for your new card"))
    assert httpx.get(running.url + "api/me", headers=bearer(token), timeout=10).status_code == 401
    assert count_attempts(running.db_url) == before


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_oversized_body_is_refused(running: Running, chunked: bool) -> None:
    token = running.seeded.tokens["Nguyễn Văn An"]
    before = count_attempts(running.db_url)
    body = attempt_body()
    body["padding"] = "x" * 70_000
    data = json.dumps(body).encode()
    content = (chunk for chunk in [data[:1000], data[1000:]]) if chunked else data
    response = httpx.post(running.url + "api/attempts", content=content, timeout=10,
                          headers={"Content-Type": "application/json", **bearer(token)})
    assert (response.status_code, response.json()) == (413, error(413, "body_too_large", "the request body is larger than 65536 bytes"))
    assert count_attempts(running.db_url) == before


def test_unknown_endpoints_and_methods_use_the_error_shape(running: Running) -> None:
    missing = httpx.get(running.url + "api/khong-co", timeout=10)
    wrong_method = httpx.delete(running.url + "api/attempts", timeout=10)
    assert (missing.status_code, missing.json()) == (404, error(404, "not_found", "no such API endpoint; see /openapi.json"))
    assert (wrong_method.status_code, wrong_method.json()) == (
        405, error(405, "method_not_allowed", "this endpoint does not take this method; see /openapi.json"))


def test_huge_headers_and_a_refused_preflight_use_the_error_shape(running: Running) -> None:
    huge = httpx.get(running.url + "api/health", headers={"X-Padding": "x" * 20_000}, timeout=10)
    assert (huge.status_code, huge.json()) == (431, error(431, "headers_too_large", "the request headers are larger than 16384 bytes"))
    preflight = httpx.options(running.url + "api/attempts", timeout=10, headers={
        "Origin": running.url.rstrip("/"), "Access-Control-Request-Method": "DELETE"})
    assert (preflight.status_code, preflight.json()) == (400, error(
        400, "cors_refused", "Disallowed CORS method; this API answers only the site's own origin"))


def test_api_answers_carry_a_strict_content_security_policy(running: Running) -> None:
    for response in (httpx.get(running.url + "api/health", timeout=10), httpx.get(running.url + "api/khong-co", timeout=10)):
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_openapi_describes_the_api(running: Running) -> None:
    spec = httpx.get(running.url + "openapi.json", timeout=10).json()
    assert {"400", "401", "413", "415", "422", "429", "503"} <= set(spec["paths"]["/api/attempts"]["post"]["responses"])
    assert {"/api/attempts", "/api/me", "/api/me/export", "/api/health"} <= set(spec["paths"])
    assert not any(path.startswith("/quan-ly") for path in spec["paths"])
    attempt = spec["components"]["schemas"]["AttemptIn"]
    assert set(attempt["required"]) == {"id", "lesson", "quiz_hash", "answers"}


def test_the_log_holds_no_personal_data(running: Running) -> None:
    token = running.seeded.tokens["Nguyễn Văn An"]
    post(running, attempt_body(), token)
    httpx.get(running.url + "api/me", headers=bearer(token), timeout=10)
    log = running.tracker.log()
    assert "POST /api/attempts" in log  # the log is there, and it is the right one
    for name, member_token in running.seeded.tokens.items():
        assert name not in log and member_token not in log
    for phone in ("0912345678", "0987654321", "0901234567"):
        assert phone not in log
    assert "127.0.0.1:" not in log.replace(running.url.rstrip("/"), "")  # no client addresses (only our own)


def test_every_attempt_id_format_from_browsers_is_accepted(running: Running) -> None:
    token = running.seeded.tokens["Lê Thị Dung"]
    body = attempt_body(id=str(uuid.uuid4()).upper())
    assert post(running, body, token).status_code == 201
