"""The cnscd command as an author meets it: exit codes, output, files written or not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli.main import json_schemas, main
from tests.kit import PROJECT_ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=PROJECT_ROOT)


def test_shipped_library_validates_strictly() -> None:
    result = run("validate", "--strict")
    assert result.returncode == 0, result.stderr
    lessons = len([p for p in (PROJECT_ROOT / "lessons").glob("*.yaml") if not p.name.startswith("_")])
    assert lessons >= 28  # the 20 starter lessons and the 8 of the 2026 library
    assert result.stdout.startswith(f"{lessons} lessons, {lessons} quizzes, 9 categories: 0 error(s), 0 warning(s).")


def test_usage_errors_exit_2() -> None:
    assert run("validate", "--no-such-option").returncode == 2
    result = run("validate", "--root", "/nonexistent-folder")
    assert result.returncode == 2
    assert "no lessons/ folder here" in result.stderr


def test_content_errors_exit_1_and_validate_writes_nothing(mini_project: Path) -> None:
    lesson = mini_project / "lessons/thu-nghiem.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes: 10", "minutes: x"), encoding="utf-8")
    before = sorted(p.relative_to(mini_project) for p in mini_project.rglob("*"))
    result = CliRunner().invoke(main, ["validate", "--root", str(mini_project)])
    assert result.exit_code == 1
    assert "lessons/thu-nghiem.yaml:4:10: minutes:" in result.output
    assert sorted(p.relative_to(mini_project) for p in mini_project.rglob("*")) == before


def test_new_scaffolds_a_lesson_and_quiz_that_validate(mini_project: Path) -> None:
    result = CliRunner().invoke(main, ["new", "bai-moi", "--root", str(mini_project)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["created lessons/bai-moi.yaml", "created quizzes/bai-moi.yaml"]
    check = CliRunner().invoke(main, ["validate", "--strict", "--root", str(mini_project)])
    assert check.exit_code == 0, check.output
    assert "2 lessons, 2 quizzes" in check.output


def test_new_refuses_bad_or_existing_ids(mini_project: Path) -> None:
    bad = CliRunner().invoke(main, ["new", "Bài Mới", "--root", str(mini_project)])
    assert bad.exit_code == 2
    assert "'Bài Mới' is not a valid id" in bad.output
    existing = CliRunner().invoke(main, ["new", "thu-nghiem", "--root", str(mini_project)])
    assert existing.exit_code == 2
    assert "lessons/thu-nghiem.yaml already exists" in existing.output


def test_schema_writes_json_schemas(tmp_path: Path, mini_project: Path) -> None:
    tmp_path = tmp_path / "schemas"
    result = CliRunner().invoke(main, ["schema", "--root", str(mini_project), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lesson_schema = json.loads((tmp_path / "lesson.schema.json").read_text(encoding="utf-8"))
    assert lesson_schema["additionalProperties"] is False
    assert "trainer_notes" in lesson_schema["required"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["categories.schema.json", "lesson.schema.json", "quiz.schema.json"]


def test_published_schemas_match_the_models() -> None:
    """docs/schema/ is what editors load; it must not drift from the models."""
    for name, schema in json_schemas().items():
        committed = json.loads((PROJECT_ROOT / "docs/schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"docs/schema/{name} is stale: run `cnscd schema`"


def test_site_url_from_the_environment_reaches_qr_codes_and_links(tmp_path: Path) -> None:
    """mkdocs.yml is read once, by generator.settings, with `!ENV` resolved the way MkDocs does."""
    from generator.settings import load_settings

    (tmp_path / "lessons").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: !ENV [CNSCD_TEST_SITE_URL, 'https://mac-dinh.example.vn/']\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  tracker_url: !ENV CNSCD_TEST_TRACKER_URL\n", encoding="utf-8")
    os.environ.pop("CNSCD_TEST_SITE_URL", None)
    os.environ.pop("CNSCD_TEST_TRACKER_URL", None)
    default = load_settings(tmp_path)
    assert (default.site_url, default.tracker_url) == ("https://mac-dinh.example.vn/", None)
    os.environ["CNSCD_TEST_SITE_URL"] = "https://cnscd.thachha.hatinh.gov.vn"
    os.environ["CNSCD_TEST_TRACKER_URL"] = "https://theo-doi.example.vn"
    try:
        from_env = load_settings(tmp_path)
    finally:
        del os.environ["CNSCD_TEST_SITE_URL"], os.environ["CNSCD_TEST_TRACKER_URL"]
    assert (from_env.site_url, from_env.tracker_url) == ("https://cnscd.thachha.hatinh.gov.vn/", "https://theo-doi.example.vn/")
