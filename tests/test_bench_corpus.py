"""bench/make_corpus.py writes a synthetic library that cnscd accepts strictly, the same bytes every time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.kit import PROJECT_ROOT

MAKE_CORPUS = PROJECT_ROOT / "bench" / "make_corpus.py"


def make(out: Path, lessons: int) -> None:
    done = subprocess.run([sys.executable, str(MAKE_CORPUS), str(out), "--lessons", str(lessons)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{lessons} lessons" in done.stdout


def test_synthetic_library_validates_strictly_and_is_deterministic(tmp_path: Path) -> None:
    make(tmp_path / "a", 5)
    make(tmp_path / "b", 5)
    check = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--strict", "--root", str(tmp_path / "a")],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "5 lessons, 5 quizzes, 9 categories: 0 error(s), 0 warning(s)." in check.stdout
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert len([p for p in files_a if p.parts[0] == "quizzes"]) == 5
    assert any(p.suffix == ".svg" for p in files_a)
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
