"""Shared fixtures: a tiny valid library that tests copy and break."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.sitekit import built_site, chromium  # noqa: F401 - session fixtures of the site tests

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER_FIXTURES = {"chromium", "page", "browser_page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what needs a real Chromium (`browser`) or a real PostgreSQL server (`postgres`), so that
    `pytest -m "not browser and not postgres"` gives the quick loop."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES or "browser" in item.path.name:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if "postgres" in fixtures or (callspec is not None and "postgresql" in callspec.params.values()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/mini: one valid lesson with its quiz and an image."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", target)
    lesson = target / "lessons" / "thu-nghiem.yaml"
    # Keep the review date fresh so the fixture never goes stale as time passes.
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("2026-11-01", dt.date.today().isoformat()), encoding="utf-8")
    return target
