"""The outer layer of the tracker: every failure answered in the error shape, logged briefly.

An unexpected exception becomes a response (the connection stays usable) instead of reaching
the server: 503 with `Retry-After` when the database cannot be reached or the disk is full,
else 500. The log gets one line per failure and the traceback only the first time a cause
(exception type and place) is seen, so a database outage does not fill the disk with
tracebacks. API answers carry a strict Content-Security-Policy and `nosniff`; request headers
larger than `max_header_bytes` get 431 in the error shape.
"""

from __future__ import annotations

import errno
import json
import logging
import threading
import traceback

from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError, TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.tracker.errors import error_body
from generator.urls import API_PREFIX

log = logging.getLogger("cnscd.tracker")
RETRY_AFTER_SECONDS = 10
API_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
UNAVAILABLE_HINTS = ("disk is full", "disk i/o error", "unable to open database", "could not connect", "connection refused",
                     "server closed the connection", "the database system is", "terminating connection", "no space left",
                     "database is locked", "readonly database", "connection is closed")


def is_unavailable(exc: BaseException) -> bool:
    """True when the failure is the database (or its disk) being unreachable, not a bug."""
    if isinstance(exc, DisconnectionError | PoolTimeout):
        return True
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS):
        return True
    if isinstance(exc, OperationalError | DBAPIError):
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True
        text = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
        return isinstance(exc, OperationalError) or any(hint in text for hint in UNAVAILABLE_HINTS)
    return False


class FailureLog:
    """One line per failure; the traceback once per distinct cause (type and innermost place)."""

    def __init__(self, max_causes: int = 1000) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self.max_causes = max_causes

    def record(self, status: int, method: str, path: str, exc: BaseException) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        place = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        cause = f"{type(exc).__module__}.{type(exc).__qualname__}@{place}"
        with self._lock:
            first = cause not in self._seen and len(self._seen) < self.max_causes
            if first:
                self._seen.add(cause)
        what = "database unavailable" if status == 503 else "unexpected error"
        log.error("%s %s -> %d %s (%s at %s)%s", method, path, status, what, type(exc).__name__, place,
                  "" if first else "; traceback logged before")
        if first:
            log.error("first traceback of this cause:\n%s", "".join(traceback.format_exception(exc)).rstrip())


class GuardMiddleware:
    """Security headers on API answers, a JSON 431 for huge headers, and no unhandled exception."""

    def __init__(self, app: ASGIApp, max_header_bytes: int = 16 * 1024) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes
        self.failures = FailureLog()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_api = path == API_PREFIX or path.startswith(API_PREFIX + "/") or path == "/openapi.json"
        if sum(len(name) + len(value) for name, value in scope["headers"]) > self.max_header_bytes:
            await self._answer(send, 431, "headers_too_large", f"the request headers are larger than {self.max_header_bytes} bytes", {}, is_api)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if is_api:
                    names = {name.lower() for name, _ in message.get("headers", [])}
                    message = {**message, "headers": [*message.get("headers", []), *(h for h in API_HEADERS if h[0] not in names)]}
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except Exception as exc:  # noqa: BLE001 - the one place that turns any failure into an answer
            unavailable = is_unavailable(exc)
            status = 503 if unavailable else 500
            self.failures.record(status, scope.get("method", "?"), path, exc)
            if started:
                raise  # the answer is already on its way: nothing to replace it with
            if unavailable:
                await self._answer(send, 503, "unavailable", "the tracker's database is unavailable; nothing was stored, try again later",
                                   {"retry-after": str(RETRY_AFTER_SECONDS)}, is_api)
            else:
                await self._answer(send, 500, "internal_error", "the tracker failed to handle this request; it was not stored", {}, is_api)

    @staticmethod
    async def _answer(send: Send, status: int, code: str, message: str, headers: dict[str, str], is_api: bool) -> None:
        body = json.dumps(error_body(status, code, message), ensure_ascii=False, separators=(",", ":")).encode()
        all_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store"),
                       *((name.encode(), value.encode()) for name, value in headers.items())]
        if is_api:
            all_headers += API_HEADERS
        await send({"type": "http.response.start", "status": status, "headers": all_headers})
        await send({"type": "http.response.body", "body": body})
