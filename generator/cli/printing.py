"""`cnscd pack` and `cnscd handouts`: thin click commands over the print modules."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.cli.options import handle_errors, root_option
from generator.errors import CnscdError, UsageError
from generator.library.library import Library
from generator.library.loader import require_library
from generator.outputs import write_atomic
from generator.printing.team import Team, team_from_options
from generator.settings import Settings, load_settings
from generator.urls import Urls

LOCAL_HOSTS = ("http://127.0.0.1", "http://localhost", "https://127.0.0.1", "https://localhost")


def team_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--team FILE` and the `--team-*` options that override its fields."""
    options = [
        click.option("--team", "team_file", type=click.Path(dir_okay=False, path_type=Path), help="Team file (YAML: name, commune, zalo, phone) for leaflet footers."),
        click.option("--team-name", help="Team name (overrides the team file)."),
        click.option("--team-commune", help="Commune or ward (overrides the team file)."),
        click.option("--team-zalo", help="Zalo group name or link (overrides the team file)."),
        click.option("--team-phone", help="Contact phone (overrides the team file)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


site_url_option = click.option("--site-url", help="Site address the QR codes point at [default: site_url in mkdocs.yml].")


def _team(team_file: Path | None, team_name: str | None, team_commune: str | None, team_zalo: str | None, team_phone: str | None) -> Team | None:
    return team_from_options(team_file, name=team_name, commune=team_commune, zalo=team_zalo, phone=team_phone)


def _library(settings: Settings) -> Library:
    library, warnings = require_library(settings)
    for warning in warnings:
        click.echo(str(warning), err=True)
    if settings.site_url.startswith(LOCAL_HOSTS):
        click.echo(
            f"warning: the site address is {settings.site_url}, so printed QR codes only work on this computer; "
            "set site_url in mkdocs.yml or pass --site-url",
            err=True,
        )
    return library


def check_writable(path: Path) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if path.is_dir():
        raise UsageError(f"-o {path}: is a folder; give a file name such as {path / 'pack.pdf'}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"-o {path}: folder {folder} does not exist; create it first")
    _probe(folder, f"-o {path}")


def _probe(folder: Path, label: str) -> None:
    """Create and remove a file in `folder`: the only test that also holds for root and read-only mounts."""
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".cnscd-", suffix=".probe")
    except OSError as exc:
        raise UsageError(f"{label}: cannot write in {folder} ({exc.strerror}); choose another place") from exc
    os.close(fd)
    os.unlink(probe)


@click.command()
@root_option
@click.option("--lessons", "lesson_list", required=True, help="Lesson ids in session order, comma-separated.")
@click.option("--lang", default="vi", show_default=True, help="Language of the pack.")
@click.option("--copies", default=30, show_default=True, type=int, help="Leaflets to print per lesson (and attendance rows).")
@click.option("--size", type=click.Choice(["a5", "a6"]), default="a5", show_default=True, help="Leaflet size: a5 (2 per A4 sheet) or a6 (4 per sheet).")
@team_options
@site_url_option
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="PDF file to write, e.g. pack.pdf.")
@handle_errors
def pack(root: Path, lesson_list: str, lang: str, copies: int, size: str, team_file: Path | None, team_name: str | None,
         team_commune: str | None, team_zalo: str | None, team_phone: str | None, site_url: str | None, output: Path) -> None:
    """Build one PDF for a training session: cover with agenda, trainer handouts, leaflets, attendance sheet.

    \b
    Example:
      cnscd pack --lessons dien-thoai-an-toan-co-ban,vneid-kich-hoat --lang vi --copies 30 --team team.yaml -o pack.pdf
    """
    from generator.printing.pack import PackOptions, build_pack, check_options

    check_writable(output)
    settings = load_settings(root, site_url=site_url)
    team = _team(team_file, team_name, team_commune, team_zalo, team_phone)
    options = PackOptions(tuple(lesson_list.split(",")), lang, copies, size, team)
    check_options(options, settings)
    library = _library(settings)
    result = build_pack(library, settings, options)
    try:
        write_atomic(output, result.data)
    except OSError as exc:
        raise CnscdError(f"-o {output}: cannot write: {exc.strerror}") from exc
    for note in result.notes:
        click.echo(f"warning: {note}", err=True)
    click.echo(f"wrote {output}: {result.page_count} pages")
    for section in result.sections:
        click.echo(f"  page {section.first_page:>3}  {section.label}")


@click.command()
@root_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"), show_default=True, help="Folder to write tai-ve/<lang>/<lesson>/... into.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: one per core].")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Render cache [default: ROOT/.cnscd/cache/print].")
@team_options
@site_url_option
@handle_errors
def handouts(root: Path, out_dir: Path, jobs: int | None, cache_dir: Path | None, team_file: Path | None, team_name: str | None,
             team_commune: str | None, team_zalo: str | None, team_phone: str | None, site_url: str | None) -> None:
    """Write every lesson's trainer handout, A5 and A6 leaflets and QR codes (SVG, PNG), in every language.

    Unchanged outputs are reused from the render cache; `cnscd build` does the same next to the site.
    """
    from generator.printing.batch import build_print_outputs

    settings = load_settings(root, site_url=site_url)
    team = _team(team_file, team_name, team_commune, team_zalo, team_phone)
    library = _library(settings)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out_dir}: cannot create the folder: {exc.strerror}") from exc
    _probe(out_dir, f"--out {out_dir}")
    result = build_print_outputs(library, settings, out_dir, jobs=jobs, progress=_progress_printer(), team=team, cache_dir=cache_dir)
    for note in result.notes:
        click.echo(f"warning: {note}", err=True)
    click.echo(
        f"wrote {len(result.paths)} files to {out_dir / Urls.downloads_dir()} "
        f"({result.rendered} rendered, {result.reused} unchanged) in {result.seconds:.2f} s"
        + (f", {result.render_cpu_seconds:.1f} s of rendering CPU time" if result.rendered else "")
    )


def _progress_printer() -> Callable[[int, int, str], None]:
    """Progress on stderr: one updating line on a terminal, a line per tenth otherwise."""
    interactive = sys.stderr.isatty()

    def show(done: int, total: int, label: str) -> None:
        if interactive:
            end = "\n" if done == total else ""
            click.echo(f"\rrendering {done}/{total} {label:<45}", nl=False, err=True)
            click.echo(end, nl=False, err=True)
        elif done == total or done % max(1, total // 10) == 0:
            click.echo(f"rendering {done}/{total}", err=True)

    return show
