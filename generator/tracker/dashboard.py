"""The trainer dashboard under `/quan-ly/`: server-rendered pages behind a login.

Sessions live in the database (the cookie holds a random id, HttpOnly, SameSite=Lax, Secure
over HTTPS). Every form that changes something carries the session's CSRF token, and every
page checks the trainer's units, so guessing another commune's URL gives "not found".
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from markupsafe import Markup
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.templating import Jinja2Templates

from generator.qr import qr_svg
from generator.tracker import accounts
from generator.tracker.attempts import member_attempts, member_progress
from generator.tracker.context import TrackerContext, client_address, context_of
from generator.tracker.credentials import same_secret
from generator.tracker.exports import completion_csv, member_export, readable_csv
from generator.tracker.grid import build_grid
from generator.tracker.localtime import local_text
from generator.tracker.members import delete_member, issue_token, revoke_tokens
from generator.tracker.readiness import lesson_readiness
from generator.tracker.tables import Commune, Member, MemberToken, Team, Trainer
from generator.tracker.words import LANGUAGES, translator
from generator.urls import DASHBOARD_LESSON_ROUTE, DASHBOARD_PREFIX

PREFIX = DASHBOARD_PREFIX
SESSION_COOKIE = "cnscd_session"
LOGIN_COOKIE = "cnscd_login"
DEVICE_COOKIE = "cnscd_device"  # a browser that logged in before: others' guessing never slows it
MAX_ID = 2**63 - 1
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.filters["vntime"] = local_text  # every time on a page in Vietnam time
router = APIRouter(prefix=PREFIX, include_in_schema=False)
STATE_SYMBOLS = {"done": "✓", "some": "◐", "tried": "✗", "none": "○", "empty": "·"}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class LoginRequired(Exception):
    """No valid session: the app answers with a redirect to the login page."""


class DashboardError(Exception):
    """A dashboard page refused: 403 (CSRF) or 404 (not found, or not yours)."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status, self.key = status, key


@dataclass(frozen=True)
class Auth:
    trainer: Trainer
    csrf: str
    lang: str
    cookie: str


def current_auth(request: Request) -> Auth:
    context = context_of(request)
    cookie = request.cookies.get(SESSION_COOKIE, "")
    with context.db.reading() as session:
        found = accounts.session_for(session, cookie)
        if found is None:
            raise LoginRequired()
        trainer, row = found
        _ = trainer.units  # loaded now: used after the session closes
        return Auth(trainer, row.csrf_token, row.lang, cookie)


async def posted_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value) for key, value in form.items()}


def checked_form(request: Request, auth: Auth, form: dict[str, str]) -> dict[str, str]:
    """The posted form, after checking its CSRF token and (when sent) the Origin header."""
    origin = request.headers.get("origin")
    own_origin = f"{request.url.scheme}://{request.url.netloc}"
    token = str(form.get("csrf", ""))
    if not token or not same_secret(token, auth.csrf) or (origin is not None and origin != own_origin):
        raise DashboardError(403, "forbidden")
    return form


def secure_cookies(request: Request) -> bool:
    setting = context_of(request).config.cookie_secure
    return setting == "true" or (setting == "auto" and request.url.scheme == "https")


def render(request: Request, template: str, lang: str, status: int = 200, **values: Any) -> HTMLResponse:
    values.update(t=translator(lang), lang=lang, prefix=PREFIX, symbols=STATE_SYMBOLS)
    response = templates.TemplateResponse(request, template, values, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


def lesson_columns(context: TrackerContext, lang: str) -> list[dict[str, str]]:
    """The lessons that have a quiz, in learning order, numbered from 1."""
    library = context.keys.library
    lessons = [lesson for lesson in library.learning_path() if lesson.id in context.keys.quizzes]
    return [{"id": lesson.id, "number": str(i), "title": lesson.title.get(lang)} for i, lesson in enumerate(lessons, start=1)]


# --- login --------------------------------------------------------------------------------

@router.get("/dang-nhap")
def login_form(request: Request, lang: str = "vi", error: str = "") -> HTMLResponse:
    lang = lang if lang in LANGUAGES else "vi"
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", lang, login_csrf=token, error=error, status=401 if error else 200)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(request), path=PREFIX)
    return response


@router.post("/dang-nhap")
async def login(request: Request) -> Response:
    form = await posted_form(request)
    return await run_in_threadpool(_login, request, form)  # argon2 and the database stay off the event loop


def _login(request: Request, form: dict[str, str]) -> Response:
    context = context_of(request)
    lang = form.get("lang", "vi")
    lang = lang if lang in LANGUAGES else "vi"
    t = translator(lang)
    cookie_token = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie_token or not same_secret(form.get("login_csrf", ""), cookie_token):
        raise DashboardError(403, "forbidden")
    username = form.get("username", "").strip().lower()[:64]
    address = client_address(request)
    throttle = context.login_limiter
    device = throttle.known_device(username, request.cookies.get(DEVICE_COOKIE, "")[:100])
    wait = throttle.wait(username, address, device)
    if wait:
        response = render(request, "login.html", lang, login_csrf=cookie_token, error=t("login_limited", wait=int(wait) + 1), status=429)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    trainer = accounts.authenticate(context.db, username, form.get("password", ""))
    if trainer is None:
        throttle.failed(username, address, device)
        return render(request, "login.html", lang, login_csrf=cookie_token, error=t("login_failed"), status=401)
    throttle.succeeded(username, address, device)
    opened = accounts.open_session(context.db, trainer.id, context.config.session_hours, lang)
    redirect = RedirectResponse(PREFIX + "/", status_code=303)
    redirect.set_cookie(SESSION_COOKIE, opened.cookie_value, max_age=context.config.session_hours * 3600, httponly=True,
                        samesite="lax", secure=secure_cookies(request), path=PREFIX)
    if device is None:
        new_device = secrets.token_urlsafe(24)
        throttle.remember(username, new_device)
        redirect.set_cookie(DEVICE_COOKIE, new_device, max_age=365 * 24 * 3600, httponly=True, samesite="strict",
                            secure=secure_cookies(request), path=PREFIX)
    redirect.delete_cookie(LOGIN_COOKIE, path=PREFIX)
    return redirect


@router.post("/dang-xuat")
async def logout(request: Request) -> Response:
    return await run_in_threadpool(_logout, request, await posted_form(request))


def _logout(request: Request, form: dict[str, str]) -> Response:
    auth = current_auth(request)
    checked_form(request, auth, form)
    accounts.close_session(context_of(request).db, auth.cookie)
    response = RedirectResponse(PREFIX + "/dang-nhap?lang=" + auth.lang, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=PREFIX)
    return response


@router.post("/ngon-ngu")
async def switch_language(request: Request) -> Response:
    return await run_in_threadpool(_switch_language, request, await posted_form(request))


def _switch_language(request: Request, form: dict[str, str]) -> Response:
    auth = current_auth(request)
    checked_form(request, auth, form)
    lang = form.get("lang", "vi")
    accounts.set_session_lang(context_of(request).db, auth.cookie, lang if lang in LANGUAGES else "vi")
    back = form.get("back", "")
    return RedirectResponse(back if back.startswith(PREFIX + "/") else PREFIX + "/", status_code=303)


# --- overview -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    communes: list[Commune]
    commune: Commune | None
    teams: list[Team]
    team: Team | None

    @property
    def codes(self) -> list[str]:
        return [self.commune.code] if self.commune else [c.code for c in self.communes]


def resolve_scope(context: TrackerContext, auth: Auth, commune: str, team: str) -> Scope:
    """The trainer's communes and the selected commune/team; a unit outside them is "not found"."""
    with context.db.reading() as session:
        communes = accounts.visible_communes(session, auth.trainer)
        by_code = {c.code: c for c in communes}
        selected = by_code.get(commune) if commune else (communes[0] if len(communes) == 1 else None)
        if commune and selected is None:
            raise DashboardError(404, "not_found")
        teams = list(session.scalars(select(Team).where(Team.commune_code == selected.code).order_by(Team.code))) if selected else []
        chosen = None
        if team:
            chosen = next((t for t in teams if str(t.id) == team), None)
            if chosen is None:
                raise DashboardError(404, "not_found")
        return Scope(communes, selected, teams, chosen)


@router.get("/")
def overview(request: Request, commune: str = "", team: str = "") -> HTMLResponse:
    context = context_of(request)
    auth = current_auth(request)
    scope = resolve_scope(context, auth, commune, team)
    columns = lesson_columns(context, auth.lang)
    level: Literal["commune", "team", "member"] = "member" if scope.team else ("team" if scope.commune else "commune")
    with context.db.reading() as session:
        grid = build_grid(session, level, scope.codes, [c["id"] for c in columns], scope.team.id if scope.team else None)
    return render(request, "overview.html", auth.lang, auth=auth, scope=scope, columns=columns, grid=grid, level=level,
                  back=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))


@router.get(DASHBOARD_LESSON_ROUTE)
def lesson_page(request: Request, lesson_id: str, commune: str = "", team: str = "") -> HTMLResponse:
    """One lesson: who passed, who tried and did not pass yet, who has not tried."""
    context = context_of(request)
    auth = current_auth(request)
    scope = resolve_scope(context, auth, commune, team)
    columns = lesson_columns(context, auth.lang)
    column = next((c for c in columns if c["id"] == lesson_id), None)
    if column is None:
        raise DashboardError(404, "not_found")
    with context.db.reading() as session:
        readiness = lesson_readiness(session, scope.codes, lesson_id, scope.team.id if scope.team else None)
    query = (f"commune={scope.commune.code}" if scope.commune else "") + (f"&team={scope.team.id}" if scope.team else "")
    return render(request, "lesson.html", auth.lang, auth=auth, scope=scope, column=column, columns=columns, readiness=readiness,
                  query=query, back=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))


@router.get("/xuat.csv")
def export_csv(request: Request, commune: str = "", team: str = "", dang: str = "") -> Response:
    """The progress table: readable (headers and values in the trainer's language, best score
    and date) by default; `dang=may` gives the machine-readable table with stable codes."""
    context = context_of(request)
    auth = current_auth(request)
    scope = resolve_scope(context, auth, commune, team)
    machine = dang == "may"
    with context.db.reading() as session:
        team_id = scope.team.id if scope.team else None
        text = (completion_csv(session, context.keys.library, scope.codes, team_id) if machine
                else readable_csv(session, context.keys.library, scope.codes, team_id, auth.lang))
    name = ("tien-do" + ("-may" if machine else "") + (f"-{scope.commune.code}" if scope.commune else "")
            + (f"-{scope.team.code}" if scope.team else ""))
    # A byte order mark lets Excel read the Vietnamese letters as UTF-8.
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"', "Cache-Control": "no-store"})


# --- one member ---------------------------------------------------------------------------

def visible_member(context: TrackerContext, auth: Auth, member_id: int) -> None:
    if not 0 < member_id <= MAX_ID:  # beyond the database's integers: no such member
        raise DashboardError(404, "not_found")
    with context.db.reading() as session:
        if accounts.can_see_member(session, auth.trainer, member_id) is None:
            raise DashboardError(404, "not_found")


@router.get("/thanh-vien/{member_id:int}")
def member_page(request: Request, member_id: int) -> HTMLResponse:
    context = context_of(request)
    auth = current_auth(request)
    visible_member(context, auth, member_id)
    columns = lesson_columns(context, auth.lang)
    titles = {c["id"]: f'{c["number"]}. {c["title"]}' for c in columns}
    with context.db.reading() as session:
        member = session.get(Member, member_id)
        assert member is not None
        _ = member.team.commune
        progress = {p.lesson: p for p in member_progress(session, member_id)}
        attempts = member_attempts(session, member_id)
        link = session.scalars(select(MemberToken).where(MemberToken.member_id == member_id, MemberToken.revoked_at.is_(None))).first()
    return render(request, "member.html", auth.lang, auth=auth, member=member, columns=columns, progress=progress,
                  attempts=attempts, titles=titles, link=link, back=f"{PREFIX}/thanh-vien/{member_id}")


@router.get("/thanh-vien/{member_id:int}/lien-ket-moi")
def new_link_choice(request: Request, member_id: int) -> HTMLResponse:
    """Before any new link: reprint a lost card (the enrolled phone keeps working) or replace
    the link (the old card and phone stop working), said plainly; nothing happens in one tap."""
    context = context_of(request)
    auth = current_auth(request)
    visible_member(context, auth, member_id)
    with context.db.reading() as session:
        member = session.get(Member, member_id)
        assert member is not None
        name = member.name
    return render(request, "link_choice.html", auth.lang, auth=auth, member_id=member_id, name=name,
                  back=f"{PREFIX}/thanh-vien/{member_id}")


@router.post("/thanh-vien/{member_id:int}/lien-ket-moi")
async def new_link(request: Request, member_id: int) -> Response:
    return await run_in_threadpool(_new_link, request, member_id, await posted_form(request))


def _new_link(request: Request, member_id: int, form: dict[str, str]) -> Response:
    context = context_of(request)
    auth = current_auth(request)
    checked_form(request, auth, form)
    visible_member(context, auth, member_id)
    keep = form.get("mode") == "reprint"
    if not keep and form.get("confirm") != "yes":  # replacing needs its box ticked
        return RedirectResponse(f"{PREFIX}/thanh-vien/{member_id}/lien-ket-moi", status_code=303)
    with context.db.writing() as session:
        member = session.get(Member, member_id)
        assert member is not None
        token = issue_token(session, member, keep_others=keep)
        name = member.name
    url = context.urls.enrollment(token, auth.lang)
    qr = Markup(qr_svg(url, size="60mm", title=translator(auth.lang)("enrollment")).decode("utf-8"))  # noqa: S704 - our own SVG
    return render(request, "new_link.html", auth.lang, auth=auth, member_id=member_id, name=name, url=url, qr=qr, kept=keep)


@router.post("/thanh-vien/{member_id:int}/thu-hoi")
async def revoke_link(request: Request, member_id: int) -> Response:
    return await run_in_threadpool(_revoke_link, request, member_id, await posted_form(request))


def _revoke_link(request: Request, member_id: int, form: dict[str, str]) -> Response:
    context = context_of(request)
    auth = current_auth(request)
    checked_form(request, auth, form)
    visible_member(context, auth, member_id)
    with context.db.writing() as session:
        revoke_tokens(session, member_id)
    return RedirectResponse(f"{PREFIX}/thanh-vien/{member_id}", status_code=303)


@router.get("/thanh-vien/{member_id:int}/du-lieu.json")
def member_data(request: Request, member_id: int) -> Response:
    context = context_of(request)
    auth = current_auth(request)
    visible_member(context, auth, member_id)
    with context.db.reading() as session:
        data = member_export(session, member_id)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="thanh-vien-{data["member"]["id"]}.json"', "Cache-Control": "no-store"})


@router.post("/thanh-vien/{member_id:int}/xoa")
async def remove_member(request: Request, member_id: int) -> Response:
    return await run_in_threadpool(_remove_member, request, member_id, await posted_form(request))


def _remove_member(request: Request, member_id: int, form: dict[str, str]) -> Response:
    context = context_of(request)
    auth = current_auth(request)
    checked_form(request, auth, form)
    visible_member(context, auth, member_id)
    if form.get("confirm") != "yes":
        return RedirectResponse(f"{PREFIX}/thanh-vien/{member_id}", status_code=303)
    delete_member(context.db, member_id)
    return render(request, "message.html", auth.lang, auth=auth, message_key="deleted", back=PREFIX + "/")


@router.get("/tai-nguyen/dashboard.css")
def stylesheet() -> PlainTextResponse:
    css = (TEMPLATES_DIR / "dashboard.css").read_text(encoding="utf-8")
    return PlainTextResponse(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def error_page(request: Request, status: int, key: str) -> HTMLResponse:
    """A dashboard error page in the trainer's language (or Vietnamese before login)."""
    lang = "vi"
    try:
        lang = current_auth(request).lang
    except LoginRequired:
        pass
    return render(request, "message.html", lang, status=status, auth=None, message_key=key, back=PREFIX + "/")
