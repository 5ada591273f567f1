"""Printable pages as HTML: trainer handouts (A4), household leaflets (A5, A6), pack pages.

Pure renderers: they take models and return HTML strings for :mod:`generator.printing.pdf`; they read
no files themselves (templates come through Jinja's loader). Every text is escaped by Jinja's
autoescape; lesson Markdown goes through :func:`generator.markup.render_markdown` (raw HTML
escaped, images dropped, only web and mail links kept), as on the site. Illustrations are
referenced relative to `lessons/`, so the PDF step renders with `lessons/` as its base folder.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.library.choices import shown_correct, shown_options
from generator.library.library import Library
from generator.library.models import Lesson, Quiz
from generator.markup import render_markdown
from generator.printing.fonts import FontSet
from generator.printing.team import Team
from generator.printing.words import labels
from generator.qr import qr_svg
from generator.templating import make_environment
from generator.urls import Urls
from generator.words import audience_label, format_date

TEMPLATES_DIR = Path(__file__).parent / "templates"
LEAFLET_SIZES_MM = {"a5": (148.0, 210.0), "a6": (105.0, 148.0)}
# How leaflets sit on an A4 sheet: (columns, rows, sheet orientation).
IMPOSITION = {"a5": (2, 1, "landscape"), "a6": (2, 2, "portrait")}
# Leaflet font sizes in points, largest first: a leaflet uses the largest at which its text fits.
LEAFLET_FONT_STEPS = {"a5": (14.0, 13.0, 12.0, 11.0, 10.0, 9.0), "a6": (10.0, 9.3, 8.6, 8.0, 7.4, 6.8)}


def _css_string(text: str) -> Markup:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')  # noqa: S704 - escaped for a CSS string in a <style> element


@lru_cache(maxsize=1)
def environment() -> Environment:
    return make_environment(TEMPLATES_DIR, {"md": render_markdown, "css_string": _css_string})


def svg_data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@dataclass(frozen=True)
class QrView:
    """A QR code as printed: its image, the link it encodes, and the caption under it."""

    src: str
    url: str
    caption: str


def qr_view(urls: Urls, lesson: Lesson, lang: str) -> QrView:
    url = urls.absolute(urls.short_link(lesson.id, lang))
    return QrView(_qr_data_uri(url), url, labels(lang)["scan"])


@lru_cache(maxsize=256)
def _qr_data_uri(url: str) -> str:
    # Encoding a QR code tries eight masks in pure Python: do it once per link, not per page.
    return svg_data_uri(qr_svg(url))


@dataclass(frozen=True)
class LeafletView:
    """Everything one leaflet shows, already in one language."""

    lesson_id: str
    size: str
    width_mm: float
    height_mm: float
    font_pt: float
    title: str
    headline: str
    points: tuple[str, ...]
    warning: str
    qr: QrView


def leaflet_view(
    lesson: Lesson, urls: Urls, lang: str, size: str, *, step: int = 0, cell_mm: tuple[float, float] | None = None
) -> LeafletView:
    """The leaflet of `lesson` at font step `step` (see `LEAFLET_FONT_STEPS`), `cell_mm` wide and high."""
    width, height = cell_mm or LEAFLET_SIZES_MM[size]
    return LeafletView(
        lesson_id=lesson.id,
        size=size,
        width_mm=width,
        height_mm=height,
        font_pt=LEAFLET_FONT_STEPS[size][step],
        title=lesson.title.get(lang),
        headline=lesson.leaflet.headline.get(lang),
        points=tuple(point.get(lang) for point in lesson.leaflet.points),
        warning=lesson.warnings[0].get(lang),
        qr=qr_view(urls, lesson, lang),
    )


def _page(template: str, lang: str, fonts: FontSet, **context: Any) -> str:
    return environment().get_template(template).render(
        lang=lang, t=labels(lang), fonts_css=Markup(fonts.css()), **context  # noqa: S704 - our own @font-face rules
    )


def render_handout(lesson: Lesson, quiz: Quiz | None, library: Library, urls: Urls, lang: str, fonts: FontSet) -> str:
    """The A4 trainer handout: the whole lesson, its QR code, then the quiz and its answer key."""
    t = labels(lang)
    category = library.category_by_id.get(lesson.category)
    requires = [library.lesson_by_id[i].title.get(lang) for i in lesson.requires if i in library.lesson_by_id]
    return _page(
        "handout.html",
        lang,
        fonts,
        lesson=lesson,
        title=lesson.title.get(lang),
        category=category.title.get(lang) if category else "",
        minutes=t["minutes"].format(n=lesson.minutes),
        audience=", ".join(audience_label(a, lang) for a in lesson.audience),
        requires=requires,
        qr=qr_view(urls, lesson, lang),
        reviewed=t["reviewed"].format(date=format_date(lesson.reviewed, lang)),
        sources=[(s, t["checked"].format(date=format_date(s.checked, lang))) for s in lesson.sources],
        quiz=_quiz_view(quiz, lang) if quiz else None,
    )


def _quiz_view(quiz: Quiz, lang: str) -> dict[str, Any]:
    t = labels(lang)
    questions = []
    for question in quiz.questions:
        options = shown_options(quiz, question, lang)
        right = sorted(shown_correct(quiz, question))
        questions.append(
            {
                "prompt": question.prompt.get(lang),
                "hint": t[question.type],
                "options": [(chr(ord("A") + i), text) for i, text in enumerate(options)],
                "answers": [f"{chr(ord('A') + i)}. {options[i]}" for i in right],
                "explanation": question.explanation.get(lang),
            }
        )
    total = len(quiz.questions)
    needed = -(-quiz.pass_percent * total // 100)
    return {"questions": questions, "pass_mark": t["pass_mark"].format(percent=quiz.pass_percent, needed=needed, total=total)}


def render_leaflet(
    lesson: Lesson, urls: Urls, lang: str, size: str, fonts: FontSet, team: Team | None = None, *, steps: Sequence[int] = (0,)
) -> str:
    """A household leaflet alone on an A5 or A6 page, one page per font step in `steps`.

    The PDF step lays out every step at once and keeps the largest whose text fits.
    """
    views = [leaflet_view(lesson, urls, lang, size, step=step) for step in steps]
    return _page("leaflet.html", lang, fonts, leaflets=views, team=team, size=size)


def render_leaflet_sheets(
    lessons: Sequence[Lesson], urls: Urls, lang: str, size: str, fonts: FontSet, team: Team | None = None, *, steps: dict[str, int] | None = None
) -> str:
    """One A4 sheet per lesson with 2 (A5) or 4 (A6) copies of its leaflet and cut marks."""
    columns, rows, orientation = IMPOSITION[size]
    sheet_w, sheet_h = (297.0, 210.0) if orientation == "landscape" else (210.0, 297.0)
    cell = (sheet_w / columns, sheet_h / rows)
    steps = steps or {}
    sheets = [leaflet_view(lesson, urls, lang, size, step=steps.get(lesson.id, 0), cell_mm=cell) for lesson in lessons]
    cells = [(c * cell[0], r * cell[1]) for r in range(rows) for c in range(columns)]
    cuts_x = [c * cell[0] for c in range(1, columns)]
    cuts_y = [r * cell[1] for r in range(1, rows)]
    return _page(
        "leaflet_sheets.html", lang, fonts, sheets=sheets, cells=cells, cuts_x=cuts_x, cuts_y=cuts_y,
        sheet=(sheet_w, sheet_h), orientation=orientation, team=team, size=size,
    )


@dataclass(frozen=True)
class AgendaItem:
    title: str
    minutes: int
    start_minute: int


def render_pack_cover(
    lessons: Sequence[Lesson], lang: str, fonts: FontSet, team: Team | None, contents: Sequence[tuple[str, int]], copies: int, size: str
) -> str:
    """The pack's cover: team, agenda with times, what is in the pack (with page numbers), how to print."""
    agenda, elapsed = [], 0
    for lesson in lessons:
        agenda.append(AgendaItem(lesson.title.get(lang), lesson.minutes, elapsed))
        elapsed += lesson.minutes
    return _page(
        "pack_cover.html", lang, fonts, team=team, agenda=agenda, total_minutes=elapsed,
        contents=contents, copies=copies, size=size.upper(),
    )


def render_attendance(lessons: Sequence[Lesson], lang: str, fonts: FontSet, team: Team | None, rows: int) -> str:
    """An attendance sheet with `rows` numbered lines (the table header repeats on every page)."""
    return _page("attendance.html", lang, fonts, team=team, lessons=[lesson.title.get(lang) for lesson in lessons], rows=rows)


def render_blank_page(fonts: FontSet) -> str:
    """An empty A4 page, used to pad sections so each starts on an odd page."""
    return _page("blank.html", "vi", fonts)

