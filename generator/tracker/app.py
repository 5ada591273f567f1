"""The tracker web app: API, dashboard and (optionally) the static site, from one factory.

    uvicorn --factory generator.tracker.app:app_from_env

reads `CNSCD_*` variables (see :mod:`generator.tracker.config`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException

from generator.library.loader import require_library
from generator.settings import load_settings
from generator.tracker import api, dashboard, visits_api
from generator.tracker.attempts import AnswerKeys
from generator.tracker.config import TrackerConfig, config_from_env
from generator.tracker.context import TrackerContext
from generator.tracker.db import Database
from generator.tracker.errors import STATUS_CODES, TrackerError, error_body
from generator.tracker.guard import GuardMiddleware
from generator.tracker.limits import BodyLimitMiddleware, LoginThrottle, RateLimiter
from generator.tracker.static import SiteFiles
from generator.urls import API_PREFIX, Urls

log = logging.getLogger("cnscd.tracker")


def build_context(config: TrackerConfig) -> TrackerContext:
    """Load the answer keys and open the database named by `config`."""
    settings = load_settings(config.root, site_url=config.site_url or None)
    library, _ = require_library(settings)
    config = config.with_overrides(site_url=settings.site_url)
    return TrackerContext(
        config=config,
        db=Database(config.database_url()),
        keys=AnswerKeys(library),
        urls=Urls(settings.site_url),
        submit_limiter=RateLimiter(config.submit_rate),
        bad_token_limiter=RateLimiter(config.submit_rate),
        login_limiter=LoginThrottle.from_rate(config.login_rate),
    )


def create_app(config: TrackerConfig, context: TrackerContext | None = None) -> FastAPI:
    """The tracker as an ASGI app; migrates the database on start when `config.migrate`."""
    context = context or build_context(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if context.config.migrate:
            context.db.migrate()
        yield
        context.db.dispose()

    app = FastAPI(
        title="cnscd tracker",
        summary="Quiz completion tracking for community digital technology teams.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.tracker = context
    app.include_router(api.router)
    app.include_router(visits_api.router)
    app.include_router(dashboard.router)

    @app.get(dashboard.PREFIX, include_in_schema=False)
    def dashboard_root() -> RedirectResponse:
        return RedirectResponse(dashboard.PREFIX + "/", status_code=307)

    _add_error_handlers(app)
    origin = context.config.allowed_origin()
    if origin:
        app.add_middleware(JsonCORSMiddleware, allow_origins=[origin], allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.add_middleware(BodyLimitMiddleware, max_bytes=context.config.max_body_bytes)
    app.add_middleware(GuardMiddleware)  # outermost: sees every answer and every failure
    if context.config.site_dir is not None:
        app.mount("/", SiteFiles(context.config.site_dir), name="site")
    return app


class JsonCORSMiddleware(CORSMiddleware):
    """CORS whose refused preflight answers in the API's error shape (Starlette's is plain text)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
        reason = bytes(response.body).decode("utf-8", "replace")
        return _json_error(response.status_code, "cors_refused", f"{reason}; this API answers only the site's own origin", headers)


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory`: configuration from `CNSCD_*` environment variables."""
    return create_app(config_from_env())


API_MESSAGES = {
    404: "no such API endpoint; see /openapi.json",
    405: "this endpoint does not take this method; see /openapi.json",
}


def _is_api(request: Request) -> bool:
    return request.url.path == API_PREFIX or request.url.path.startswith(API_PREFIX + "/")


def _json_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TrackerError)
    async def tracker_error(request: Request, exc: TrackerError) -> Response:
        return _json_error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors: list[Any] = list(exc.errors())
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST" and media_type != "application/json":
            return _json_error(415, "unsupported_media_type", "send the body as JSON with `Content-Type: application/json`")
        malformed = [e for e in errors if e.get("type") == "json_invalid"]
        if malformed:
            return _json_error(400, "malformed_json", f"the body is not valid JSON: {malformed[0].get('ctx', {}).get('error', 'syntax error')}")
        parts = []
        for error in errors[:5]:
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
            parts.append(f"{where}: {error.get('msg', 'invalid')}")
        return _json_error(422, "request_invalid", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) and exc.status_code == 400 and request.method == "POST":
            # FastAPI's "error parsing the body": bytes that are not UTF-8 never reach the JSON parser.
            return _json_error(400, "malformed_json", "the body is not valid JSON in UTF-8")
        if _is_api(request) or exc.status_code == 413:
            message = API_MESSAGES.get(exc.status_code) or (exc.detail if isinstance(exc.detail, str) else "request refused")
            return _json_error(exc.status_code, STATUS_CODES.get(exc.status_code, "error"), message, dict(exc.headers or {}))
        if request.url.path.startswith(dashboard.PREFIX):
            return dashboard.error_page(request, exc.status_code, "not_found" if exc.status_code == 404 else "forbidden")
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain; charset=utf-8")

    @app.exception_handler(dashboard.LoginRequired)
    async def login_required(request: Request, exc: dashboard.LoginRequired) -> Response:
        response = RedirectResponse(dashboard.PREFIX + "/dang-nhap", status_code=303)
        if request.cookies.get(dashboard.SESSION_COOKIE):
            response.delete_cookie(dashboard.SESSION_COOKIE, path=dashboard.PREFIX)
        return response

    @app.exception_handler(dashboard.DashboardError)
    async def dashboard_error(request: Request, exc: dashboard.DashboardError) -> Response:
        return dashboard.error_page(request, exc.status, exc.key)

