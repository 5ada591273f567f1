"""Helpers and session fixtures for the print tests: read PDFs back the way a person would.

Text with pypdf, fonts with poppler's `pdffonts`, pixels with poppler's `pdftoppm`, QR codes
with zxing-cpp. The project is a copy of two real lessons (with illustrations and quizzes),
so tests see real Vietnamese text without paying for the whole library.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.library.library import Library
from generator.library.loader import require_library
from generator.printing.batch import PrintResult, build_print_outputs
from generator.settings import Settings, load_settings
from tests.kit import PROJECT_ROOT

SUBSET = ("dien-thoai-an-toan-co-ban", "app-ngan-hang-co-ban")
SITE_URL = "https://cnscd.example.vn/"
MM_PER_POINT = 25.4 / 72
SIZES_MM = {"A4": (210, 297), "A4 landscape": (297, 210), "A5": (148, 210), "A6": (105, 148)}


def make_subset_project(target: Path, lesson_ids: tuple[str, ...] = SUBSET) -> Path:
    """A project folder holding only `lesson_ids` (with quizzes and images) from this repository."""
    (target / "lessons" / "images").mkdir(parents=True)
    (target / "quizzes").mkdir()
    shutil.copy(PROJECT_ROOT / "lessons" / "_categories.yaml", target / "lessons")
    for lesson_id in lesson_ids:
        shutil.copy(PROJECT_ROOT / "lessons" / f"{lesson_id}.yaml", target / "lessons")
        shutil.copy(PROJECT_ROOT / "quizzes" / f"{lesson_id}.yaml", target / "quizzes")
        images = PROJECT_ROOT / "lessons" / "images" / lesson_id
        if images.is_dir():
            shutil.copytree(images, target / "lessons" / "images" / lesson_id)
    shutil.copy(PROJECT_ROOT / "pyproject.toml", target)
    shutil.copy(PROJECT_ROOT / "mkdocs.yml", target)  # the site build needs its theme and plugins
    shutil.copytree(PROJECT_ROOT / "docs", target / "docs")
    return target


@dataclass(frozen=True)
class PrintBuild:
    settings: Settings
    library: Library
    out_dir: Path
    result: PrintResult


@pytest.fixture(scope="session")
def print_build(tmp_path_factory: pytest.TempPathFactory) -> PrintBuild:
    """The two-lesson project's print outputs, built once with a pool of two workers."""
    root = make_subset_project(tmp_path_factory.mktemp("print") / "project")
    settings = load_settings(root, site_url=SITE_URL)
    library, _ = require_library(settings)
    out_dir = root / "out"
    result = build_print_outputs(library, settings, out_dir, jobs=2)
    return PrintBuild(settings, library, out_dir, result)


def words(text: str) -> str:
    """Whitespace collapsed, so text wrapped across lines compares equal to the source.

    pypdf also guesses a space wherever kerning leaves a gap before punctuation ("OTP ,"):
    such spaces are dropped on both sides. Letters and marks are compared exactly.
    """
    return re.sub(r" ([,.;:!?)”’])", r"\1", " ".join(text.split()))


def pdf_text(data: bytes | Path, page: int | None = None) -> str:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    pages = reader.pages if page is None else [reader.pages[page]]
    return words(" ".join(p.extract_text() or "" for p in pages))


def page_sizes(data: bytes | Path) -> list[str]:
    """Each page's paper size by name (A4, A4 landscape, A5, A6), or its size in mm."""
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    names = []
    for page in reader.pages:
        size = (round(float(page.mediabox.width) * MM_PER_POINT), round(float(page.mediabox.height) * MM_PER_POINT))
        names.append(next((n for n, s in SIZES_MM.items() if s == size), f"{size[0]}x{size[1]}mm"))
    return names


@dataclass(frozen=True)
class PdfFont:
    name: str
    embedded: bool


def pdf_fonts(path: Path) -> list[PdfFont]:
    """Fonts as poppler's `pdffonts` lists them."""
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in listing.splitlines()[2:]:
        match = re.match(r"^(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert match, f"unexpected pdffonts line: {line!r}"
        fonts.append(PdfFont(match[1], match[2] == "yes"))
    return fonts


def files_under(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.relative_to(folder).as_posix()
