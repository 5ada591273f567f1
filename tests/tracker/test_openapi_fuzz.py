"""The API against its own OpenAPI document, fuzzed by schemathesis over loopback.

Every generated request (valid and invalid bodies, headers, with and without a member token)
goes to a live `cnscd tracker serve` on SQLite: no answer may be a server error, and every
status, content type and JSON body must be one the document describes. Examples are bounded
(derandomized, no database of examples), so the run is the same each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.tracker.kit import Tracker, seed

MAX_EXAMPLES = 40


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Tracker, str]]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    db = str(folder / "t.db")
    token = seed(db).tokens["Nguyễn Văn An"]
    tracker = Tracker(db, folder / "server.log", env={"CNSCD_SUBMIT_RATE": "100000/60"}).start()
    yield tracker, token
    tracker.stop()


def check(case: schemathesis.Case, tracker: Tracker, token: str, calls: list[int]) -> None:
    headers = {name: value for name, value in (case.headers or {}).items() if name.lower() != "authorization"}
    if case.path.startswith("/api/me") or case.path == "/api/attempts":
        headers["Authorization"] = f"Bearer {token}"  # a real member: the fuzzing reaches past the token check
    response = case.call(base_url=tracker.url.rstrip("/"), headers=headers, timeout=20)
    calls.append(response.status_code)
    assert response.status_code < 500, f"{case.method} {case.path} -> {response.status_code}: {response.text[:300]}"
    case.validate_response(response, checks=[status_code_conformance, content_type_conformance, response_schema_conformance])


def test_the_api_keeps_its_documented_promises(live: tuple[Tracker, str]) -> None:
    tracker, token = live
    schema = schemathesis.openapi.from_url(tracker.url + "openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/attempts", "/api/me", "/api/me/export", "/api/health"}
    calls: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case: schemathesis.Case) -> None:
            check(case, tracker, token, calls)

        fuzz()
    assert len(calls) >= 4 * 10 and {200, 422} <= set(calls), sorted(set(calls))  # it really ran
