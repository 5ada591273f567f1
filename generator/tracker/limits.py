"""Request body size limit (ASGI middleware) and in-memory rate limits.

Rate limits live in the process: with several tracker processes each enforces its own,
which still stops guessing passwords and flooding, and needs no shared store.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.tracker.config import Rate
from generator.tracker.errors import error_body


class RateLimiter:
    """Sliding-window limit: at most `rate.count` hits per `rate.seconds` for each key."""

    def __init__(self, rate: Rate, max_keys: int = 100_000) -> None:
        self.rate = rate
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str) -> float:
        """Seconds to wait before `key` may hit again (0: not blocked); records nothing."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return 0.0
            while hits and hits[0] <= now - self.rate.seconds:
                hits.popleft()
            return hits[0] + self.rate.seconds - now if len(hits) >= self.rate.count else 0.0

    def hit(self, key: str) -> float:
        """Record a hit; returns 0 if allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._forget_idle(now)
                hits = self._hits[key] = deque()
            while hits and hits[0] <= now - self.rate.seconds:
                hits.popleft()
            if len(hits) >= self.rate.count:
                return hits[0] + self.rate.seconds - now
            hits.append(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, hits in self._hits.items() if not hits or hits[-1] <= now - self.rate.seconds]
        for key in idle:
            del self._hits[key]
        if len(self._hits) >= self.max_keys:
            self._hits.clear()


class BodyLimitMiddleware:
    """Refuse bodies over `max_bytes` with 413: at once when Content-Length says so, else while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await self._refuse(scope, send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # FastAPI passes HTTPExceptions raised while reading the body to our handler.
                    raise HTTPException(413, self.message())
            return message

        await self.app(scope, limited_receive, send)

    def message(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes"

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = json.dumps(error_body(413, "body_too_large", self.message()), separators=(",", ":")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
