"""Errors the tracker answers with, all in one JSON shape.

Every API error looks like this, and a test pins it:

    {"error": {"status": 422, "code": "answers_invalid", "message": "q1: choose exactly one option"}}

`code` is stable for programs (the quiz widget reacts to it); `message` is for people.
"""

from __future__ import annotations

from typing import Any

# Every refusal the tracker's own code raises, by stable code, and the HTTP status it maps to:
# the one place where domain refusals meet HTTP.
REFUSALS = {
    "token_missing": 401,
    "token_revoked": 401,
    "token_invalid": 401,
    "quiz_unknown": 404,
    "quiz_changed": 409,
    "attempt_id_reused": 409,
    "answers_invalid": 422,
    "visit_id_reused": 409,
    "visit_invalid": 422,
    "rate_limited": 429,
}


class TrackerError(Exception):
    """A request the tracker refuses, named by a code of :data:`REFUSALS` (which gives its status)."""

    def __init__(self, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = REFUSALS[code]
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    return {"error": {"status": status, "code": code, "message": message}}


# Codes for statuses raised by the framework itself (unknown route, wrong method, ...).
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "request_invalid",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    503: "unavailable",
}
