"""`cnscd up`: build the site, open the tracker database, serve both from one process.

On one machine a new user sees the whole loop: open a member's enrollment link, take a
quiz on the site, and find the attempt on the trainer dashboard at `/quan-ly/`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.cli.options import check_database, tracker_config
from generator.errors import UsageError
from generator.settings import load_settings
from generator.tracker.config import TrackerConfig
from generator.urls import API_PREFIX, DASHBOARD_PREFIX


def run_up(root: Path, *, db_url: str | None, out: Path | None, host: str, port: int, demo: bool, build: bool,
           echo: Callable[[str], None], site_url: str | None = None) -> None:
    """Build into `out` (default ROOT/dist/site), migrate the database, optionally seed the demo, serve.

    The site is built for `site_url` (default `http://HOST:PORT/`): QR codes, short links and
    enrollment links point there, so on a commune network pass the laptop's address.
    """
    from generator.tracker import accounts
    from generator.tracker.app import build_context
    from generator.tracker.serve import check_port_free, serve

    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    site_url = site_url or f"http://{shown_host}:{port}/"
    settings = load_settings(root, site_url=site_url)
    out = (out or settings.root / "dist" / "site").resolve()
    check_port_free(host, port)
    if build:
        from generator.build import build_all

        echo(f"building the site into {out} ...")
        report = build_all(settings, out, progress=lambda step: echo(f"  {step}"))
        for warning in report.warnings:
            echo(f"  warning: {warning}")
    elif not (out / "index.html").is_file():
        raise UsageError(f"{out} holds no built site; run without --no-build")
    config = tracker_config(settings.root, db_url, site_url=site_url, site_dir=out)
    check_database(config.database_url(), create=True)
    context = build_context(config)
    context.db.migrate()
    banner = [
        "",
        f"  Site (Trang học):          {site_url}",
        f"  Dashboard (Quản lý):       {site_url}{DASHBOARD_PREFIX.lstrip('/')}/",
        f"  Tracker API / OpenAPI:     {site_url}{API_PREFIX.lstrip('/')}/  ·  {site_url}openapi.json",
        f"  Database:                  {_shown(config)}",
    ]
    if demo:
        from generator.tracker.demo import ensure_demo

        login = ensure_demo(context)
        banner += [
            "",
            "  Demo (shown once; run `cnscd up --demo` again for new ones):",
            f"    trainer login:   {login.username} / {login.password}",
            f"    member link for {login.member_name}:",
            f"    {login.enrollment_url}",
            "    Open the member link, take a quiz, then see it on the dashboard.",
        ]
    elif not accounts.has_trainers(context.db):
        banner += [
            "",
            "  No trainer account yet. To try the whole loop with demo data:  cnscd up --demo",
            "  For a real team: cnscd tracker import roster.csv; cnscd tracker trainer add NAME --unit CODE;",
            "  cnscd tracker cards --out cards.pdf   (see docs: Hướng dẫn cho người hướng dẫn / Guide for trainers)",
        ]
    banner += ["", "  Press Ctrl+C to stop.", ""]
    for line in banner:
        echo(line)
    serve(context.config, context, host, port)


def _shown(config: TrackerConfig) -> str:
    from generator.tracker.config import redact_url

    return redact_url(config.database_url())
