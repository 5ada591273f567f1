"""The one way templates are loaded: autoescaped, strict about undefined names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def make_environment(templates_dir: Path, filters: dict[str, Callable[..., Any]]) -> Environment:
    """A Jinja2 environment for `templates_dir` with HTML autoescaping and the given filters."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    return env
