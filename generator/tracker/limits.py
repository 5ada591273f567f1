"""Request body size limit (ASGI middleware) and in-memory rate limits.

Rate limits live in the process: with several tracker processes each enforces its own,
which still stops guessing passwords and flooding, and needs no shared store.
"""

from __future__ import annotations

import hashlib
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


class LoginThrottle:
    """Slows password guessing without letting a stranger lock a trainer out.

    Failures are counted per account and address (and per account and device for a browser
    that logged in to the account before, by its device cookie). The first `free` failures cost
    nothing; after that each failure doubles the wait before the next try, up to `max_wait`
    seconds. A correct password ends the count. Failures over all accounts from one address,
    and over all unknown addresses for one account, slow down only logins that are not from a
    known device: the owner's own browser keeps working while someone else guesses.
    """

    def __init__(self, free: int = 5, max_wait: float = 900.0, wide_free: int = 50, max_keys: int = 100_000) -> None:
        self.free, self.max_wait, self.wide_free, self.max_keys = free, max_wait, wide_free, max_keys
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last)
        self._devices: dict[str, set[str]] = {}  # user name -> hashes of device cookies that logged in
        self._lock = threading.Lock()

    @classmethod
    def from_rate(cls, rate: Rate) -> LoginThrottle:
        """`rate` = free tries per account and address / longest wait in seconds."""
        return cls(free=rate.count, max_wait=rate.seconds, wide_free=5 * rate.count)

    def known_device(self, username: str, device: str) -> str | None:
        """The device key if this browser's cookie logged in to `username` before, else None."""
        digest = hashlib.sha256(device.encode("utf-8", "replace")).hexdigest() if device else ""
        with self._lock:
            return digest if digest and digest in self._devices.get(username, set()) else None

    def remember(self, username: str, device: str) -> None:
        digest = hashlib.sha256(device.encode("utf-8", "replace")).hexdigest()
        with self._lock:
            known = self._devices.setdefault(username, set())
            if len(known) >= 50:
                known.pop()
            known.add(digest)

    def _wait(self, key: str, free: int, now: float) -> float:
        count, last = self._failures.get(key, (0, 0.0))
        if count < free:
            return 0.0
        delay = min(self.max_wait, 2.0 ** min(count - free, 30))
        return max(0.0, last + delay - now)

    @staticmethod
    def keys(username: str, address: str, device: str | None) -> list[tuple[str, bool]]:
        """(key, narrow) for one login: narrow keys get `free` tries, wide ones `wide_free`."""
        if device:
            return [(f"device:{username}\x00{device}", True)]
        return [(f"pair:{username}\x00{address}", True), (f"addr:{address}", False), (f"user:{username}", False)]

    def wait(self, username: str, address: str, device: str | None = None) -> float:
        """Seconds before this login may be tried (0: now)."""
        now = time.monotonic()
        with self._lock:
            return max(self._wait(key, self.free if narrow else self.wide_free, now) for key, narrow in self.keys(username, address, device))

    def failed(self, username: str, address: str, device: str | None = None) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) >= self.max_keys:
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] < self.max_wait}
                if len(self._failures) >= self.max_keys:
                    self._failures.clear()
            for key, _ in self.keys(username, address, device):
                count, _last = self._failures.get(key, (0, 0.0))
                self._failures[key] = (count + 1, now)

    def succeeded(self, username: str, address: str, device: str | None = None) -> None:
        with self._lock:
            for key, narrow in self.keys(username, address, device):
                if narrow:
                    self._failures.pop(key, None)
