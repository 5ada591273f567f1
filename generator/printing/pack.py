"""A print pack for one training session: one PDF to send to the office printer.

Order: a cover (team, agenda with times, contents with page numbers, how to print), each
lesson's trainer handout, each lesson's leaflets imposed 2-up (A5) or 4-up (A6) on A4 with
cut marks, as many sheets as the copies need, and an attendance sheet. Every part starts on
an odd page (a blank page is added before it when needed), so printed two-sided no part
begins on the back of another, and every leaflet sheet holds one lesson only.

Each distinct page is laid out and painted once; repeated leaflet sheets and blank pages share
it (see :func:`generator.printing.pdf.assemble`), so 30 copies cost hardly more than one. The PDF's
bookmarks are the pack's sections.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.errors import UsageError
from generator.library.library import Library
from generator.library.models import Lesson
from generator.printing import pages as handouts
from generator.printing import pdf
from generator.printing.fonts import find_fonts
from generator.printing.layout import RenderContext, fit_leaflet
from generator.printing.team import Team
from generator.printing.words import labels
from generator.settings import Settings

if TYPE_CHECKING:
    from weasyprint.document import Page

MAX_COPIES = 500
MIN_ATTENDANCE_ROWS = 10
SHEET_CAPACITY = {"a5": 2, "a6": 4}


@dataclass(frozen=True)
class PackOptions:
    """What the trainer asked for."""

    lesson_ids: tuple[str, ...]
    lang: str = "vi"
    copies: int = 30
    size: str = "a5"
    team: Team | None = None


@dataclass(frozen=True)
class Section:
    label: str
    first_page: int
    pages: int


@dataclass(frozen=True)
class Pack:
    """The pack's PDF bytes, its sections (1-based first pages) and warnings for authors."""

    data: bytes
    page_count: int
    sections: tuple[Section, ...]
    notes: tuple[str, ...]


def resolve_lessons(library: Library, lesson_ids: Sequence[str]) -> list[Lesson]:
    """The lessons named by id, in the order given; unknown ids raise a UsageError with suggestions."""
    ids = [i.strip() for i in lesson_ids if i.strip()]
    if not ids:
        raise UsageError("--lessons: name at least one lesson id, e.g. --lessons dien-thoai-an-toan-co-ban,vneid-kich-hoat")
    known = list(library.lesson_by_id)
    problems = []
    for lesson_id in ids:
        if lesson_id not in library.lesson_by_id:
            close = difflib.get_close_matches(lesson_id, known, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else "; run `cnscd validate` to list lessons, or see lessons/"
            problems.append(f"unknown lesson id '{lesson_id}'{hint}")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"lesson id(s) given twice: {', '.join(duplicates)}")
    if problems:
        raise UsageError("--lessons: " + "; ".join(problems))
    return [library.lesson_by_id[i] for i in ids]


def check_options(options: PackOptions, settings: Settings) -> None:
    """Refuse options that cannot make a sensible pack, before any rendering."""
    if not 1 <= options.copies <= MAX_COPIES:
        raise UsageError(f"--copies must be between 1 and {MAX_COPIES} (got {options.copies})")
    if options.lang not in settings.languages:
        raise UsageError(f"--lang must be one of {', '.join(settings.languages)} (got '{options.lang}')")
    if options.size not in SHEET_CAPACITY:
        raise UsageError(f"--size must be a5 or a6 (got '{options.size}')")


def build_pack(library: Library, settings: Settings, options: PackOptions) -> Pack:
    """Lay out and assemble the whole pack; returns its bytes (the caller writes them)."""
    check_options(options, settings)
    lessons = resolve_lessons(library, options.lesson_ids)
    fonts = find_fonts()
    ctx = RenderContext(library, settings.site_url, settings.lessons_dir, options.team)
    t, lang = labels(options.lang), options.lang

    def lay_out(html: str) -> list[Page]:
        return list(pdf.render_document(html, base_dir=settings.lessons_dir, fonts=fonts).pages)

    parts: list[tuple[str, list[Page]]] = []
    for lesson in lessons:
        html = handouts.render_handout(lesson, library.quiz_by_lesson.get(lesson.id), library, ctx.urls, lang, fonts)
        parts.append((t["contents_handout"].format(title=lesson.title.get(lang)), lay_out(html)))
    fits = {lesson.id: fit_leaflet(ctx, lesson, lang, options.size, fonts) for lesson in lessons}
    sheet_html = handouts.render_leaflet_sheets(
        lessons, ctx.urls, lang, options.size, fonts, options.team, steps={i: f.step for i, f in fits.items()}
    )
    sheets = lay_out(sheet_html)
    repeats = math.ceil(options.copies / SHEET_CAPACITY[options.size])
    for lesson, sheet in zip(lessons, sheets, strict=True):
        label = t["contents_leaflets"].format(size=options.size.upper(), count=options.copies, sheets=repeats, title=lesson.title.get(lang))
        parts.append((label, [sheet] * repeats))
    rows = max(options.copies, MIN_ATTENDANCE_ROWS)
    parts.append((t["contents_attendance"], lay_out(handouts.render_attendance(lessons, lang, fonts, options.team, rows))))
    blank = lay_out(handouts.render_blank_page(fonts))[0]

    cover_pages = 1
    while True:  # the cover lists page numbers, which depend on its own length
        sections, page = [], cover_pages + cover_pages % 2 + 1
        for label, pages in parts:
            sections.append(Section(label, page, len(pages)))
            page += len(pages) + len(pages) % 2
        contents = [(s.label, s.first_page) for s in sections]
        cover_html = handouts.render_pack_cover(lessons, lang, fonts, options.team, contents, options.copies, options.size)
        cover_document = pdf.render_document(cover_html, base_dir=settings.lessons_dir, fonts=fonts)
        if len(cover_document.pages) == cover_pages:
            break
        cover_pages = len(cover_document.pages)

    ordered: list[Page] = []
    for pages in [list(cover_document.pages)] + [pages for _, pages in parts]:
        ordered += pages + [blank] * (len(pages) % 2)
    notes = tuple(f.note for f in fits.values() if f.note)
    all_sections = (Section(t["pack_title"], 1, cover_pages), *sections)
    outline = [(section.label, section.first_page - 1) for section in all_sections]
    return Pack(pdf.assemble(cover_document, ordered, outline=outline), len(ordered), all_sections, notes)
