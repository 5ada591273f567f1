"""Docs that cannot drift: every command is in the README, every file field in the authors' guide."""

from __future__ import annotations

import re

import click
import pytest

from generator.cli.main import main
from generator.library.models import (
    Category,
    Choice,
    CommonProblem,
    Image,
    Leaflet,
    Lesson,
    Question,
    Quiz,
    Source,
    Step,
)
from tests.kit import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
AUTHORS_GUIDE = {lang: (PROJECT_ROOT / "docs/viet-bai-hoc" / name).read_text(encoding="utf-8")
                 for lang, name in (("vi", "index.md"), ("en", "index.en.md"))}


def command_paths(group: click.Group, prefix: str = "cnscd") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths += command_paths(command, path)
    return paths


@pytest.mark.parametrize("command", command_paths(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert command in README, f"README.md does not mention `{command}`"


FIELDS = sorted({name for model in (Lesson, Step, Image, CommonProblem, Leaflet, Source, Quiz, Question, Choice, Category)
                 for name in model.model_fields})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_file_field_is_in_the_authors_guide(lang: str) -> None:
    guide = AUTHORS_GUIDE[lang]
    missing = [name for name in FIELDS if not re.search(rf"(`{name}`|\b{name}:)", guide)]
    assert missing == [], f"docs/viet-bai-hoc ({lang}) does not explain: {missing}"
