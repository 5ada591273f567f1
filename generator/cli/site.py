"""`cnscd build` and `cnscd serve`: option parsing over :mod:`generator.build`."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import click

from generator.build import build_all
from generator.cli.options import handle_errors, root_option
from generator.errors import CnscdError, ContentError
from generator.settings import Settings, load_settings
from generator.site.mkdocs import THEME_DIR
from generator.site.pages import TEMPLATES_DIR


def _print_warnings(warnings: list[object]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


@click.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="Folder to write the site into; it is replaced only when the build succeeds.")
@click.option("--site-url", default=None, help="Address the site is published at (overrides mkdocs.yml's site_url).")
@click.option("--strict", is_flag=True, help="Treat warnings (lesson warnings, MkDocs warnings) as errors.")
@click.option("--no-print", "no_print", is_flag=True, help="Skip PDFs and QR codes (faster, for checking the site).")
@click.option("--no-bundle", "no_bundle", is_flag=True, help="Skip the offline zip bundle.")
@handle_errors
def build(root: Path, out: Path, site_url: str | None, strict: bool, no_print: bool, no_bundle: bool) -> None:
    """Build the guide site, PDFs, QR codes and the offline zip into OUT, atomically."""
    _quiet_mkdocs()
    settings = load_settings(root, site_url=site_url)
    report = build_all(settings, out, strict=strict, print_outputs=not no_print, offline_bundle=not no_bundle,
                       progress=lambda step: click.echo(f"building {step}..."))
    _print_warnings(list(report.warnings))
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"built {out} for {settings.site_url} ({len(report.warnings)} warning(s))")


@click.command()
@root_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@handle_errors
def serve(root: Path, host: str, port: int) -> None:
    """Preview the site while you write: saving a lesson, quiz or docs page refreshes the browser."""
    from mkdocs.livereload import LiveReloadServer

    _quiet_mkdocs()
    settings = load_settings(root, site_url=f"http://{host}:{port}/")
    site_dir = Path(tempfile.mkdtemp(prefix="cnscd-serve-")) / "site"
    _preview_build(settings, site_dir)  # a library with errors stops here, with its messages

    def rebuild() -> None:
        try:
            _preview_build(settings, site_dir)
        except ContentError as exc:
            _print_warnings(list(exc.diagnostics))
            raise SystemExit("Fix the problems above; the preview keeps showing the last good build.") from exc
        except CnscdError as exc:
            raise SystemExit(f"Error: {exc}") from exc
        click.echo("rebuilt")

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in (settings.lessons_dir, settings.quizzes_dir, settings.docs_dir, settings.root / "mkdocs.yml",
                 THEME_DIR, TEMPLATES_DIR):
        if path.exists():
            server.watch(str(path))
    click.echo(f"Serving the preview on http://{host}:{port}/ (Ctrl+C stops)")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _preview_build(settings: Settings, site_dir: Path) -> None:
    build_all(settings, site_dir, print_outputs=False, offline_bundle=False, preview=True)


def _quiet_mkdocs() -> None:
    """MkDocs' INFO lines drown ours; its warnings still show."""
    logging.basicConfig(format="%(levelname)s: %(message)s")
    for name in ("mkdocs", "mkdocs.plugins", "mkdocs_static_i18n"):
        logging.getLogger(name).setLevel(logging.WARNING)
