"""The `cnscd` command: a thin shell over the generator's plain functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from generator.cli.options import handle_errors, root_option
from generator.cli.printing import handouts, pack
from generator.cli.site import build, serve
from generator.cli.tracker import tracker, up
from generator.library.guessability import QuizFigures
from generator.library.loader import load_library
from generator.library.models import Category, Lesson, Quiz
from generator.library.scaffold import scaffold
from generator.outputs import write_atomic
from generator.settings import Settings, load_settings


def settings_from(root: Path, site_url: str | None = None) -> Settings:
    return load_settings(root, site_url=site_url)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cnscd")
def main() -> None:
    """cnscd: lessons for community digital technology teams (Tổ công nghệ số cộng đồng)."""


@main.command()
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings (outdated terms, guessable quizzes, stale review dates...) as errors.")
@click.option("--stats", is_flag=True, help="Also print the quizzes' guessability figures.")
@handle_errors
def validate(root: Path, strict: bool, stats: bool) -> None:
    """Check every lesson and quiz; print each problem as file:line:column: field: message."""
    result = load_library(settings_from(root))
    for diagnostic in result.diagnostics:
        click.echo(str(diagnostic), err=True)
    errors, warnings = len(result.errors), len(result.warnings)
    if result.library is not None:
        lib = result.library
        click.echo(f"{len(lib.lessons)} lessons, {len(lib.quizzes)} quizzes, {len(lib.categories)} categories: ", nl=False)
    click.echo(f"{errors} error(s), {warnings} warning(s).")
    if stats and result.library is not None:
        click.echo(QuizFigures.of(result.library.quizzes, settings_from(root).languages).summary())
    if errors or (strict and warnings):
        sys.exit(1)


@main.command()
@root_option
@click.argument("lesson_id")
@click.option("--category", default="nen-tang", show_default=True, help="Category id of the new lesson.")
@handle_errors
def new(root: Path, lesson_id: str, category: str) -> None:
    """Create lessons/LESSON_ID.yaml and quizzes/LESSON_ID.yaml from a template that validates."""
    settings = settings_from(root)
    for path, text in scaffold(settings, lesson_id, category).items():
        write_atomic(path, text.encode("utf-8"))
        click.echo(f"created {path.relative_to(settings.root).as_posix()}")


@main.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for the schema files [default: ROOT/docs/schema].")
@handle_errors
def schema(root: Path, out: Path | None) -> None:
    """Write JSON Schemas for lesson, quiz and categories files (for editor autocompletion)."""
    out = out or settings_from(root).docs_dir / "schema"
    for name, schema_dict in json_schemas().items():
        path = out / name
        write_atomic(path, (json.dumps(schema_dict, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        click.echo(f"wrote {path}")


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema of each kind of library file."""
    from pydantic import TypeAdapter

    categories = TypeAdapter(list[Category]).json_schema()
    categories["title"] = "cnscd categories file"
    lesson, quiz = Lesson.model_json_schema(), Quiz.model_json_schema()
    lesson["title"], quiz["title"] = "cnscd lesson file", "cnscd quiz file"
    return {"lesson.schema.json": lesson, "quiz.schema.json": quiz, "categories.schema.json": categories}


main.add_command(tracker)
main.add_command(up)
main.add_command(pack)
main.add_command(handouts)
main.add_command(build)
main.add_command(serve)
