"""Whatever an author saves, the loader answers with located problems, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.library.loader import load_library
from generator.settings import load_settings

from .conftest import FIXTURES

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | st.dates()
keys = st.sampled_from(["id", "title", "vi", "en", "steps", "choices", "correct", "type", "lesson", "questions"]) | st.text(max_size=8)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=25)


def _load_with(lesson: bytes, quiz: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(FIXTURES / "mini", root)
        (root / "lessons/thu-nghiem.yaml").write_bytes(lesson)
        (root / "quizzes/thu-nghiem.yaml").write_bytes(quiz)
        result = load_library(load_settings(root))
        return [str(d) for d in result.diagnostics]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_problems_not_tracebacks(raw: bytes) -> None:
    for line in _load_with(raw, raw):
        assert line.startswith(("lessons/", "quizzes/"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, documents)
def test_arbitrary_yaml_documents_give_located_problems(lesson: object, quiz: object) -> None:
    lines = _load_with(yaml.safe_dump(lesson, allow_unicode=True).encode(), yaml.safe_dump(quiz).encode())
    assert lines, "a random document is never a valid lesson and quiz"
    for line in lines:
        file, line_no, column = line.split(":", 3)[:3]
        assert file in {"lessons/thu-nghiem.yaml", "quizzes/thu-nghiem.yaml"}
        assert int(line_no) >= 1 and int(column) >= 1
