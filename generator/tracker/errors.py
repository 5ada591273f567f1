"""Errors the tracker answers with, all in one JSON shape.

Every API error looks like this, and a test pins it:

    {"error": {"status": 422, "code": "answers_invalid", "message": "q1: choose exactly one option"}}

`code` is stable for programs (the quiz widget reacts to it); `message` is for people.
"""

from __future__ import annotations

from typing import Any


class TrackerError(Exception):
    """A request the tracker refuses; `status` is the HTTP status it maps to."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
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
}
