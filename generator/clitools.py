"""Pieces shared by every click command: the `--root` option and domain-error handling.

Kept out of `cli.py` so command modules (e.g. `generator.tracker.commands`) can use them
without importing `cli`, which imports them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.errors import CnscdError, ContentError

F = TypeVar("F", bound=Callable[..., Any])

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds lessons/, quizzes/, mkdocs.yml).",
)


def handle_errors(command: F) -> F:
    """Turn domain errors into a message on stderr and the right exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            click.echo(f"{len(exc.diagnostics)} problem(s); nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except CnscdError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]
