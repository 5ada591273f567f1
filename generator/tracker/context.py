"""What every request handler needs, built once per process by the app factory."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from generator.tracker.attempts import AnswerKeys
from generator.tracker.config import TrackerConfig
from generator.tracker.db import Database
from generator.tracker.limits import LoginThrottle, RateLimiter
from generator.urls import Urls


@dataclass
class TrackerContext:
    config: TrackerConfig
    db: Database
    keys: AnswerKeys
    urls: Urls
    submit_limiter: RateLimiter
    bad_token_limiter: RateLimiter
    login_limiter: LoginThrottle


def context_of(request: Request) -> TrackerContext:
    context: TrackerContext = request.app.state.tracker
    return context


def client_address(request: Request) -> str:
    """The peer's address; uvicorn replaces it by `X-Forwarded-For` only from `trusted_proxies`."""
    return request.client.host if request.client else "unknown"
