"""The libyaml fast path of generator.library.yamlsource gives exactly what the pure-Python loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.library import yamlsource
from tests.kit import PROJECT_ROOT

LESSONS = sorted((PROJECT_ROOT / "lessons").glob("*.yaml"))[:6] + sorted((PROJECT_ROOT / "quizzes").glob("*.yaml"))[:3]
BROKEN = [
    b"id: a\nid: b\n",  # duplicate key
    b"title: {vi: \"x\", en: \"y\"\n",  # unclosed flow mapping
    b"a: &x 1\nb: *x\n",  # anchor and alias
    b"a: [&x 1, *x]\n",  # anchor and alias in a flow sequence
    b"a: {b: &x 1}\nc: *x\n",  # anchor in a flow mapping
    b"&root\na: 1\n",  # anchor on the document
    b"a: &unused 1\n",  # an anchor nobody refers to is refused too
    b"steps:\n  - a\n - b\n",  # bad indentation
    b"reviewed: 2026-02-30\n",  # impossible date
]


def both(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = yamlsource.parse(raw, "f.yaml")
    with monkeypatch.context() as m:
        m.setattr(yamlsource, "_CLoader", None)
        slow = yamlsource.parse(raw, "f.yaml")
    return fast, slow


def summary(result: tuple[yamlsource.YamlDocument | None, list[object]]) -> object:
    doc, problems = result
    if doc is None:
        return None, [str(p) for p in problems]
    return doc.data, sorted(doc.values.items()), sorted(doc.keys.items()), [str(p) for p in problems]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_fast_path_matches_pure_python_on_real_files(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both(path.read_bytes(), monkeypatch)
    assert summary(fast) == summary(slow)  # type: ignore[arg-type]
    assert fast[0] is not None  # type: ignore[index]


@pytest.mark.parametrize("raw", BROKEN)
def test_fast_path_reports_problems_like_pure_python(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both(raw, monkeypatch)
    assert summary(fast) == summary(slow)  # type: ignore[arg-type]
    assert summary(fast)[-1], "each broken input gives at least one diagnostic"  # type: ignore[index]


def test_anchors_are_refused_with_a_location() -> None:
    doc, problems = yamlsource.parse(b"a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [
        "f.yaml:1:4: YAML syntax error: anchors and aliases (&name, *name) are not allowed; write the text out in full"
    ]
